// The cart: each line's stock hold counts down to its expiry; quantity changes re-hold stock and
// say plainly when there is not enough; a coupon is previewed (nothing redeemed until checkout).
import { h, money, replace } from '/assets/common/dom.js';
import { Problem } from '/assets/common/api.js';
import { heading } from './parts.js';
import { authed } from '../session.js';
import { errorBox, refreshCartCount } from '../app.js';
import { stockMessage } from './stock.js';

export const COUPON = 'mercato.coupon';

function remaining(expiresAt, now) {
  const seconds = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function holdText(line, now) {
  if (!line.holdExpiresAt || line.heldQuantity === 0 || Date.parse(line.holdExpiresAt) <= now) {
    return 'No longer held for you: checkout will try to reserve it again.';
  }
  const part = line.heldQuantity < line.quantity ? `${line.heldQuantity} of ${line.quantity} ` : '';
  return `${part}held for you for ${remaining(line.holdExpiresAt, now)}`;
}

export async function render({ main, announce, isCurrent }) {
  const body = h('div');
  const messages = h('div', { 'aria-live': 'polite' });
  const couponInput = h('input', { id: 'coupon', name: 'coupon', autocomplete: 'off', value: sessionStorage.getItem(COUPON) || '',
    dataset: { testid: 'coupon-input' } });
  let cart = null;
  let timer = null;

  async function load(couponCode) {
    const code = (couponCode ?? couponInput.value).trim();
    try {
      cart = await authed('GET', `/api/cart${code ? `?couponCode=${encodeURIComponent(code)}` : ''}`);
      if (code) sessionStorage.setItem(COUPON, code); else sessionStorage.removeItem(COUPON);
    } catch (error) {
      if (!(error instanceof Problem) || !code || error.status !== 409) throw error;
      replace(messages, h('p', { class: 'error', role: 'alert', dataset: { testid: 'coupon-error' } }, error.message));
      sessionStorage.removeItem(COUPON);
      cart = await authed('GET', '/api/cart');
    }
    if (isCurrent()) draw();
  }

  async function change(line, method, quantity) {
    replace(messages);
    try {
      const path = `/api/cart/items/${encodeURIComponent(line.sku)}`;
      if (method === 'DELETE') await authed('DELETE', path);
      else await authed('PATCH', path, { body: { quantity } });
      await load();
      announce(method === 'DELETE' || quantity === 0 ? `${line.title} removed` : `${line.title}: quantity ${quantity}`);
    } catch (error) {
      replace(messages, error instanceof Problem && error.code === 'insufficient-stock'
        ? h('p', { class: 'error', role: 'alert', dataset: { testid: 'insufficient-stock' } }, stockMessage(error, line.title, line.heldQuantity))
        : errorBox(error));
      await load().catch(() => {});
    }
  }

  function lineRow(line) {
    const id = `q-${line.sku}`.replace(/[^a-zA-Z0-9_-]/g, '_');
    const qty = h('input', { id, type: 'number', min: 0, max: 1000, value: line.quantity, inputmode: 'numeric', dataset: { testid: 'line-quantity' } });
    qty.addEventListener('change', () => {
      // an emptied field is a shopper mid-edit, not a request to remove the line (0 is)
      if (qty.value.trim() === '') return;
      const quantity = Number(qty.value);
      if (Number.isInteger(quantity) && quantity >= 0 && quantity !== line.quantity) change(line, 'PATCH', quantity);
    });
    return h('li', { class: 'line', dataset: { testid: 'cart-line', sku: line.sku } },
      h('div', { class: 'line-main' }, h('strong', {}, line.title), h('span', { class: 'muted' }, ` ${line.sku}`),
        h('p', { class: 'hold', dataset: { testid: 'hold-countdown', expires: line.holdExpiresAt || '' } }, holdText(line, Date.now()))),
      h('div', { class: 'line-controls' },
        h('label', { for: id }, 'Qty'), qty,
        h('span', { class: 'price' }, money(line.lineTotal, cart.currency)),
        h('button', { type: 'button', class: 'link', dataset: { testid: 'remove-line' }, 'aria-label': `Remove ${line.title}`,
          onclick: () => change(line, 'DELETE') }, 'Remove')));
  }

  function draw() {
    clearInterval(timer);
    if (!cart.items.length) {
      replace(body, h('p', { dataset: { testid: 'empty-cart' } }, 'Your cart is empty. ', h('a', { href: '#/' }, 'Keep shopping')));
      refreshCartCount(cart);
      return;
    }
    const totals = h('dl', { class: 'totals', dataset: { testid: 'totals' } },
      h('dt', {}, 'Subtotal'), h('dd', {}, money(cart.subtotal, cart.currency)),
      Number(cart.discount) > 0 ? [h('dt', {}, cart.coupon ? `Discount (${cart.coupon.code})` : 'Discount'),
        h('dd', { dataset: { testid: 'discount' } }, `−${money(cart.discount, cart.currency)}`)] : null,
      h('dt', {}, 'Total'), h('dd', { dataset: { testid: 'total' } }, money(cart.total, cart.currency)));
    const couponForm = h('form', { class: 'row coupon', dataset: { testid: 'coupon-form' } },
      h('label', { for: 'coupon' }, 'Coupon code'), couponInput, h('button', { type: 'submit', class: 'secondary' }, 'Apply'));
    couponForm.addEventListener('submit', (event) => {
      event.preventDefault();
      replace(messages);
      load().then(() => { if (cart.coupon) announce(`Coupon ${cart.coupon.code} applied`); }).catch((error) => replace(messages, errorBox(error)));
    });
    replace(body, 
      h('ul', { class: 'lines', dataset: { testid: 'cart-lines' } }, cart.items.map(lineRow)),
      couponForm, totals,
      h('p', {}, h('a', { class: 'button', href: '#/checkout', dataset: { testid: 'checkout-link' } }, 'Checkout')));
    refreshCartCount(cart);
    // the countdown is drawn from each line's own expiry, so a slow or throttled tab never drifts
    timer = setInterval(() => {
      const now = Date.now();
      body.querySelectorAll('[data-testid="hold-countdown"]').forEach((node, i) => { node.textContent = holdText(cart.items[i], now); });
    }, 1000);
  }

  replace(main, heading('Your cart'), messages, body);
  await load();
  return () => clearInterval(timer);
}
