// Checkout: address, a sandbox card and an optional coupon, sent once under an Idempotency-Key.
// The key is kept with the body it was made for: pressing "Place order" again after a lost answer
// repeats the same request (the server replays its first answer), and a changed form gets a new key.
import { h, money, replace } from '/assets/common/dom.js';
import { Problem } from '/assets/common/api.js';
import { heading } from './parts.js';
import { authed } from '../session.js';
import { explain, refreshCartCount } from '../app.js';
import { stockMessage } from './stock.js';
import { COUPON } from './cart.js';

const ATTEMPT = 'mercato.checkout';
const CARDS = [
  ['tok_visa', 'Visa ending 4242 (approves)'],
  ['tok_declined', 'Card that is declined'],
  ['tok_timeout', 'Card whose bank does not answer in time'],
  ['tok_processor_down', 'Card whose first processor is down'],
];

function field(name, label, attributes = {}) {
  return h('div', { class: 'field' }, h('label', { for: `ship-${name}` }, label),
    h('input', { id: `ship-${name}`, name, dataset: { testid: `ship-${name}` }, ...attributes }));
}

function keyFor(body) {
  const text = JSON.stringify(body);
  try {
    const stored = JSON.parse(sessionStorage.getItem(ATTEMPT) || 'null');
    if (stored && stored.body === text) return stored.key;
  } catch { /* a new key below */ }
  const key = crypto.randomUUID();
  sessionStorage.setItem(ATTEMPT, JSON.stringify({ key, body: text }));
  return key;
}

function problemText(error) {
  if (!(error instanceof Problem)) return explain(error);
  switch (error.code) {
    case 'payment-declined': return 'Your card was declined. Nothing was charged; try another card.';
    case 'insufficient-stock': return `${stockMessage(error)} Update your cart and try again.`;
    case 'request-in-flight': return 'Your payment is still being processed. Wait a moment, then press Pay again: you will not be charged twice.';
    case 'empty-cart': return 'Your cart is empty.';
    case 'invalid-coupon': case 'coupon-exhausted': case 'coupon-limit': return `Coupon not applied: ${error.message}`;
    default: return error.message;
  }
}

export async function render({ main, go }) {
  const coupon = sessionStorage.getItem(COUPON) || '';
  let cart;
  try {
    cart = await authed('GET', `/api/cart${coupon ? `?couponCode=${encodeURIComponent(coupon)}` : ''}`);
  } catch {
    cart = await authed('GET', '/api/cart');
  }
  if (!cart.items.length) {
    replace(main, heading('Checkout'), h('p', {}, 'Your cart is empty. ', h('a', { href: '#/' }, 'Keep shopping')));
    return;
  }
  const errors = h('div', { 'aria-live': 'assertive', dataset: { testid: 'checkout-error' } });
  const submit = h('button', { type: 'submit', dataset: { testid: 'place-order' } }, `Pay ${money(cart.total, cart.currency)}`);
  const card = h('select', { id: 'card', name: 'card', dataset: { testid: 'card' } },
    CARDS.map(([value, label]) => h('option', { value }, label)));
  const form = h('form', { class: 'checkout', novalidate: true, dataset: { testid: 'checkout-form' } },
    h('fieldset', {}, h('legend', {}, 'Shipping address'),
      field('name', 'Full name', { autocomplete: 'name', required: true }),
      field('line1', 'Address', { autocomplete: 'address-line1', required: true }),
      field('line2', 'Address line 2 (optional)', { autocomplete: 'address-line2' }),
      field('city', 'City', { autocomplete: 'address-level2', required: true }),
      field('postalCode', 'Postal code', { autocomplete: 'postal-code', required: true }),
      field('country', 'Country (2 letters)', { autocomplete: 'country', required: true, maxlength: 2, value: 'US' })),
    h('fieldset', {}, h('legend', {}, 'Payment (sandbox test cards)'),
      h('div', { class: 'field' }, h('label', { for: 'card' }, 'Card'), card)),
    h('div', { class: 'field' }, h('label', { for: 'couponCode' }, 'Coupon code (optional)'),
      h('input', { id: 'couponCode', name: 'couponCode', value: coupon, autocomplete: 'off', dataset: { testid: 'checkout-coupon' } })),
    h('dl', { class: 'totals' }, h('dt', {}, 'Subtotal'), h('dd', {}, money(cart.subtotal, cart.currency)),
      Number(cart.discount) > 0 ? [h('dt', {}, 'Discount'), h('dd', {}, `−${money(cart.discount, cart.currency)}`)] : null,
      h('dt', {}, 'Total'), h('dd', { dataset: { testid: 'checkout-total' } }, money(cart.total, cart.currency))),
    errors, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    const data = new FormData(form);
    const missing = ['name', 'line1', 'city', 'postalCode', 'country'].filter((name) => !String(data.get(name) || '').trim());
    form.querySelectorAll('input').forEach((input) => input.removeAttribute('aria-invalid'));
    if (missing.length) {
      missing.forEach((name) => form.querySelector(`[name="${name}"]`).setAttribute('aria-invalid', 'true'));
      replace(errors, h('p', { class: 'error', role: 'alert' }, 'Please fill in the highlighted fields.'));
      form.querySelector(`[name="${missing[0]}"]`).focus();
      return;
    }
    const address = Object.fromEntries(['name', 'line1', 'line2', 'city', 'postalCode', 'country']
      .map((name) => [name, String(data.get(name) || '').trim()]).filter(([, v]) => v));
    address.country = address.country.toUpperCase();
    const body = { shippingAddress: address, payment: { method: 'card', token: data.get('card') } };
    const code = String(data.get('couponCode') || '').trim();
    if (code) body.couponCode = code;
    submit.disabled = true;
    submit.textContent = 'Paying…';
    try {
      const order = await authed('POST', '/api/orders', { body, headers: { 'Idempotency-Key': keyFor(body) } });
      sessionStorage.removeItem(ATTEMPT);
      sessionStorage.removeItem(COUPON);
      refreshCartCount({ items: [] });
      go(`#/orders/${order.id}`);
    } catch (error) {
      // a refusal is final for this body; a lost answer keeps the key so a retry is the same request
      if (error instanceof Problem && error.code !== 'request-in-flight') sessionStorage.removeItem(ATTEMPT);
      replace(errors, h('p', { class: 'error', role: 'alert', dataset: { testid: 'checkout-problem' } }, problemText(error)));
      submit.disabled = false;
      submit.textContent = `Pay ${money(cart.total, cart.currency)}`;
    }
  });

  replace(main, heading('Checkout'),
    h('ul', { class: 'lines compact' }, cart.items.map((line) => h('li', {}, `${line.quantity} × ${line.title}`,
      h('span', { class: 'price' }, money(line.lineTotal, cart.currency))))),
    form);
}
