import { call } from '/assets/common/api.js';
import { h, field, notice } from '../dom.js';
import { signIn } from '../session.js';

export function loginView(container, { params }) {
  const message = notice();
  const email = field('Email', { type: 'email', name: 'email', autocomplete: 'username', required: true, id: 'login-email' });
  const password = field('Password', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, id: 'login-password' });
  const form = h('form', { class: 'card narrow', id: 'login-form', novalidate: true },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'Use an administrator account (the demo admin is printed when Mercato starts).'),
    email, password,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    message.element);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.clear();
    try {
      const answer = await call('POST', '/api/auth/login', {
        body: { email: form.elements.email.value.trim(), password: form.elements.password.value } });
      if (!(answer.roles || []).includes('admin')) {
        message.error('This account is not an administrator.');
        return;
      }
      signIn(answer.token);
      const next = params.get('next');
      location.hash = next && next.startsWith('/') && next !== '/login' ? `#${next}` : '#/products';
    } catch (error) {
      message.error(error.status === 401 ? 'Wrong email or password.' : error);
    }
  });
  container.append(form);
  form.elements.email.focus();
}
