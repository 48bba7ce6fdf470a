// A category page, loaded a page at a time with the API's keyset cursor ("Load more").
import { h, replace } from '/assets/common/dom.js';
import { call } from '/assets/common/api.js';
import { productCard, heading } from './parts.js';
import { errorBox } from '../app.js';

const PAGE = 12;

export async function render({ main, params, announce, isCurrent }) {
  const path = params[0];
  const list = h('ul', { class: 'grid', dataset: { testid: 'product-list' } });
  const more = h('button', { type: 'button', class: 'secondary', dataset: { testid: 'load-more' } }, 'Load more');
  const problems = h('div');
  let cursor = null;

  async function load() {
    more.disabled = true;
    const query = new URLSearchParams({ category: path, limit: PAGE });
    if (cursor) query.set('cursor', cursor);
    try {
      const page = await call('GET', `/api/products?${query}`);
      if (!isCurrent()) return;
      const first = list.children.length;
      list.append(...page.items.map(productCard));
      cursor = page.nextCursor;
      // a short page is the last one, whether or not the API hands out another cursor
      more.hidden = !cursor || page.items.length < PAGE;
      if (first > 0 && !page.items.length) announce('No more products');
      if (first === 0 && !page.items.length) list.replaceWith(h('p', { class: 'muted' }, 'No products in this category yet.'));
      if (first > 0) {
        announce(`${page.items.length} more products loaded`);
        list.children[first]?.querySelector('a')?.focus();
      }
    } catch (error) {
      replace(problems, errorBox(error));
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener('click', load);
  const crumbs = path.split('/');
  replace(main, 
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('a', { href: '#/' }, 'Shop'),
      crumbs.map((part, i) => [' / ', i === crumbs.length - 1 ? h('span', { 'aria-current': 'page' }, part)
        : h('a', { href: `#/c/${crumbs.slice(0, i + 1).join('/')}` }, part)])),
    heading(crumbs[crumbs.length - 1].replace(/-/g, ' ')),
    list, problems, h('p', {}, more));
  await load();
}
