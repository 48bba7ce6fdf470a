// A flash sale: the price, the units left (refreshed every few seconds) and the per-customer
// limit. Claiming needs an account (the limit is per customer), so guests are sent to log in first.
import { h, money, replace } from '/assets/common/dom.js';
import { call, Problem } from '/assets/common/api.js';
import { heading } from './parts.js';
import { authed, isCustomer } from '../session.js';
import { errorBox, refreshCartCount } from '../app.js';

const REFRESH_MS = 3000;

export async function render({ main, params, announce, isCurrent }) {
  const path = `/api/flash-sales/${encodeURIComponent(params[0])}`;
  let sale = await call('GET', path);
  // no public route reads a product by SKU; search indexes SKUs, so the sale's product is found there
  const product = await call('GET', `/api/search?q=${encodeURIComponent(sale.sku)}`).then((a) => a.items[0] || null).catch(() => null);
  const left = h('p', { class: 'big', dataset: { testid: 'flash-remaining' } });
  const window_ = h('p', { class: 'muted', dataset: { testid: 'flash-window' } });
  const feedback = h('div', { 'aria-live': 'polite' });
  const quantity = h('input', { id: 'flash-qty', type: 'number', min: 1, value: 1, inputmode: 'numeric', dataset: { testid: 'flash-quantity' } });
  const claim = h('button', { type: 'submit', dataset: { testid: 'flash-claim' } }, 'Claim');

  function draw() {
    const remaining = Math.max(0, sale.quantity - sale.claimed);
    const now = Date.now();
    const open = now >= Date.parse(sale.startsAt) && now < Date.parse(sale.endsAt);
    left.textContent = remaining ? `${remaining} of ${sale.quantity} left` : 'Sold out';
    left.dataset.remaining = String(remaining);
    window_.textContent = now < Date.parse(sale.startsAt) ? `Starts ${new Date(sale.startsAt).toLocaleString()}`
      : open ? `Ends ${new Date(sale.endsAt).toLocaleString()}` : 'This sale has ended';
    quantity.max = String(sale.perCustomerLimit);
    claim.disabled = !open || remaining === 0;
  }

  const form = isCustomer()
    ? h('form', { class: 'buy', dataset: { testid: 'flash-form' } },
      h('div', { class: 'row' }, h('label', { for: 'flash-qty' }, 'Quantity'), quantity, claim), feedback)
    : h('p', { dataset: { testid: 'flash-login' } }, 'Claims are limited per customer: ',
      h('a', { href: `#/login?next=${encodeURIComponent(location.hash)}` }, 'log in'), ' or ',
      h('a', { href: `#/register?next=${encodeURIComponent(location.hash)}` }, 'create an account'), ' to claim.');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const units = Number(quantity.value);
    if (!Number.isInteger(units) || units < 1 || units > sale.perCustomerLimit) {
      replace(feedback, h('p', { class: 'error', role: 'alert' }, `Choose between 1 and ${sale.perCustomerLimit}.`));
      return;
    }
    claim.disabled = true;
    try {
      const claimed = await authed('POST', `${path}/claims`, { body: { quantity: units } });
      replace(feedback, h('p', { class: 'ok', dataset: { testid: 'flash-claimed' } },
        `${claimed.units} claimed at ${money(claimed.price, claimed.currency)} and added to your cart. `, h('a', { href: '#/cart' }, 'Go to cart')));
      refreshCartCount();
    } catch (error) {
      const text = error instanceof Problem && error.status === 429 ? 'Too many tries at once: wait a moment and try again.' : null;
      replace(feedback, text ? h('p', { class: 'error', role: 'alert' }, text) : errorBox(error));
    }
    sale = await call('GET', path).catch(() => sale);
    draw();
  });

  replace(main, heading(product ? `Flash sale: ${product.title}` : `Flash sale: ${sale.sku}`),
    h('p', { class: 'price big' }, money(sale.price, sale.currency),
      product ? h('s', { class: 'muted' }, ` ${money(product.price, product.currency)}`) : ''),
    left, window_,
    h('p', { dataset: { testid: 'flash-limit' } }, `Limit ${sale.perCustomerLimit} per customer.`), form);
  draw();
  announce(left.textContent);
  const timer = setInterval(async () => {
    try {
      sale = await call('GET', path);
      if (isCurrent()) draw();
    } catch { /* keep the last figure */ }
  }, REFRESH_MS);
  return () => clearInterval(timer);
}
