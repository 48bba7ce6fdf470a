// A product: its variants with live availability, add to cart, and "customers also bought".
import { h, money, replace } from '/assets/common/dom.js';
import { call, Problem } from '/assets/common/api.js';
import { productGrid, heading } from './parts.js';
import { authed } from '../session.js';
import { errorBox, refreshCartCount } from '../app.js';
import { stockMessage } from './stock.js';

function availabilityText(available) {
  if (available === null || available === undefined) return 'Availability unknown';
  if (available <= 0) return 'Out of stock';
  if (available < 10) return `Only ${available} left`;
  return 'In stock';
}

function attributesList(attributes) {
  const entries = Object.entries(attributes || {}).filter(([, v]) => v !== null && typeof v !== 'object');
  if (!entries.length) return null;
  return h('dl', { class: 'attributes' }, entries.map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]));
}

export async function render({ main, params, announce, isCurrent }) {
  const product = await call('GET', `/api/products/${encodeURIComponent(params[0])}`);
  const variants = product.variants || [];
  let selected = variants.find((v) => v.available > 0) || variants[0];
  const price = h('p', { class: 'price big', dataset: { testid: 'price' } });
  const availability = h('p', { class: 'availability', dataset: { testid: 'availability' } });
  const quantity = h('input', { id: 'qty', type: 'number', min: 1, max: 99, value: 1, inputmode: 'numeric', dataset: { testid: 'quantity' } });
  const add = h('button', { type: 'submit', dataset: { testid: 'add-to-cart' } }, 'Add to cart');
  const feedback = h('div', { 'aria-live': 'polite', dataset: { testid: 'add-feedback' } });

  function show(variant) {
    selected = variant;
    price.textContent = variant ? money(variant.price, variant.currency) : '';
    availability.textContent = variant ? availabilityText(variant.available) : 'Not for sale';
    availability.classList.toggle('out', !variant || variant.available <= 0);
    add.disabled = !variant || variant.available <= 0;
  }

  async function refreshAvailability(variant) {
    try {
      const answer = await call('GET', `/api/availability/${encodeURIComponent(variant.sku)}`);
      variant.available = answer.available;
      if (selected === variant && isCurrent()) show(variant);
    } catch { /* the product's own figure stays */ }
  }

  const choices = variants.length > 1 ? h('fieldset', { class: 'variants', dataset: { testid: 'variants' } },
    h('legend', {}, 'Choose a variant'),
    variants.map((variant, i) => h('div', { class: 'check' },
      h('input', { type: 'radio', name: 'variant', id: `v-${i}`, value: variant.sku, checked: variant === selected,
        dataset: { testid: 'variant-option' },
        onchange: () => { show(variant); refreshAvailability(variant); } }),
      h('label', { for: `v-${i}` }, `${variant.title} · ${money(variant.price, variant.currency)}`,
        variant.available <= 0 ? h('span', { class: 'muted' }, ' (out of stock)') : '')))) : null;

  const form = h('form', { class: 'buy', dataset: { testid: 'buy-form' } }, choices,
    h('div', { class: 'row' }, h('label', { for: 'qty' }, 'Quantity'), quantity, add), feedback);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const units = Number(quantity.value);
    if (!Number.isInteger(units) || units < 1) {
      replace(feedback, h('p', { class: 'error', role: 'alert' }, 'Enter a quantity of at least 1.'));
      return;
    }
    add.disabled = true;
    try {
      const cart = await authed('POST', '/api/cart/items', { body: { sku: selected.sku, quantity: units } });
      const line = cart.items.find((item) => item.sku === selected.sku);
      replace(feedback, h('p', { class: 'ok', dataset: { testid: 'added' } }, `Added to your cart (${line ? line.quantity : units} in cart). `,
        h('a', { href: '#/cart', dataset: { testid: 'go-to-cart' } }, 'Go to cart')));
      refreshCartCount(cart);
      refreshAvailability(selected);
    } catch (error) {
      const message = error instanceof Problem && error.code === 'insufficient-stock'
        ? h('p', { class: 'error', role: 'alert', dataset: { testid: 'insufficient-stock' } }, stockMessage(error, product.title))
        : errorBox(error);
      replace(feedback, message);
      if (error instanceof Problem && error.problem.available !== undefined) { selected.available = Number(error.problem.available); show(selected); }
    } finally {
      if (selected && selected.available > 0) add.disabled = false;
    }
  });

  const alsoBought = h('section', { 'aria-labelledby': 'also-h', dataset: { testid: 'also-bought' } });
  replace(main, 
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('a', { href: '#/' }, 'Shop'), ' / ',
      h('a', { href: `#/c/${product.category}` }, product.category)),
    h('article', { class: 'product', dataset: { testid: 'product', sku: selected ? selected.sku : '' } },
      heading(product.title),
      h('p', { class: 'muted' }, product.brand,
        product.rating !== null && product.rating !== undefined ? ` · ★ ${Number(product.rating).toFixed(1)} (${product.reviewCount} reviews)` : ''),
      price, availability, form,
      product.description ? h('p', { class: 'description' }, product.description) : null,
      attributesList(product.attributes)),
    alsoBought);
  show(selected);
  if (selected) refreshAvailability(selected);
  announce(`${product.title}, ${availability.textContent}`);

  call('GET', `/api/products/${encodeURIComponent(product.id)}/recommendations?limit=8`).then((answer) => {
    if (!isCurrent() || !answer.items.length) return;
    replace(alsoBought, h('h2', { id: 'also-h' }, 'Customers also bought'), productGrid(answer.items, 'recommendations'));
  }).catch(() => { /* recommendations are a nicety: the page works without them */ });
}
