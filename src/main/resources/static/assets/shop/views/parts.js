// Pieces several views share.
import { h, money } from '/assets/common/dom.js';

/** Only images the page policy allows (same origin); anything else would be refused and logged. */
function image(url, alt) {
  if (url && (url.startsWith('/') && !url.startsWith('//'))) {
    return h('img', { src: url, alt, loading: 'lazy', width: 320, height: 240 });
  }
  return h('div', { class: 'placeholder', 'aria-hidden': 'true' }, '');
}

function stock(inStock) {
  if (inStock === true) return h('span', { class: 'stock in' }, 'In stock');
  if (inStock === false) return h('span', { class: 'stock out' }, 'Out of stock');
  return null;
}

function rating(summary) {
  if (summary.rating === null || summary.rating === undefined) return null;
  return h('span', { class: 'rating' }, `★ ${Number(summary.rating).toFixed(1)} (${summary.reviewCount})`);
}

export function productCard(summary) {
  return h('li', { class: 'card', dataset: { testid: 'product-card', slug: summary.slug } },
    image(summary.imageUrl, ''),
    h('a', { href: `#/p/${encodeURIComponent(summary.slug || summary.id)}`, class: 'card-title', dataset: { testid: 'product-link' } },
      summary.title),
    h('span', { class: 'muted' }, summary.brand),
    h('span', { class: 'price' }, money(summary.price, summary.currency)),
    h('span', { class: 'meta' }, rating(summary), stock(summary.inStock)));
}

export function productGrid(items, testid = 'product-list') {
  return h('ul', { class: 'grid', dataset: { testid } }, items.map(productCard));
}

export function heading(text) {
  return h('h1', { tabindex: -1 }, text);
}
