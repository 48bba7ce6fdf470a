// Log in and register. Both bring the guest's cart along; `?next=` returns to where the shopper was.
import { h, replace } from '/assets/common/dom.js';
import { Problem } from '/assets/common/api.js';
import { heading } from './parts.js';
import { login, register } from '../session.js';
import { explain, refreshCartCount } from '../app.js';

function field(name, label, attributes) {
  return h('div', { class: 'field' }, h('label', { for: `acct-${name}` }, label),
    h('input', { id: `acct-${name}`, name, required: true, dataset: { testid: `account-${name}` }, ...attributes }));
}

export async function render({ main, params, query, go }) {
  const registering = params[0] === 'register';
  const next = query.get('next') || '#/';
  const errors = h('div', { 'aria-live': 'assertive' });
  const form = h('form', { class: 'account', dataset: { testid: registering ? 'register-form' : 'login-form' } },
    registering ? field('name', 'Name', { autocomplete: 'name' }) : null,
    field('email', 'Email', { type: 'email', autocomplete: 'email' }),
    field('password', 'Password', { type: 'password', autocomplete: registering ? 'new-password' : 'current-password',
      minlength: registering ? 8 : undefined, 'aria-describedby': registering ? 'pw-hint' : undefined }),
    registering ? h('p', { id: 'pw-hint', class: 'muted' }, 'At least 8 characters.') : null,
    errors,
    h('button', { type: 'submit', dataset: { testid: 'account-submit' } }, registering ? 'Create account' : 'Log in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    replace(errors);
    try {
      if (registering) await register(data.get('name'), data.get('email'), data.get('password'));
      else await login(data.get('email'), data.get('password'));
      refreshCartCount();
      go(next);
    } catch (error) {
      let text = explain(error);
      if (error instanceof Problem && error.status === 401) text = 'That email and password do not match an account.';
      if (error instanceof Problem && error.status === 409) text = 'An account with that email already exists. Log in instead.';
      replace(errors, h('p', { class: 'error', role: 'alert', dataset: { testid: 'account-error' } }, text));
    }
  });
  const other = registering
    ? h('p', {}, 'Have an account? ', h('a', { href: `#/login?next=${encodeURIComponent(next)}` }, 'Log in'))
    : h('p', {}, 'New here? ', h('a', { href: `#/register?next=${encodeURIComponent(next)}`, dataset: { testid: 'register-link' } }, 'Create an account'));
  replace(main, heading(registering ? 'Create an account' : 'Log in'), form, other);
}
