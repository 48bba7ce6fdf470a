// The shopper's orders, newest first, a page at a time.
import { h, money, replace } from '/assets/common/dom.js';
import { heading } from './parts.js';
import { authed, account, logout } from '../session.js';
import { go } from '../app.js';

export async function render({ main }) {
  const list = h('ul', { class: 'lines', dataset: { testid: 'orders' } });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  let cursor = null;
  async function load() {
    const page = await authed('GET', `/api/orders?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    list.append(...page.items.map((order) => h('li', { class: 'line' },
      h('a', { href: `#/orders/${order.id}` }, `Order ${order.id.slice(0, 8)}`),
      h('span', {}, ` ${order.status} · ${money(order.total, order.currency)}`))));
    cursor = page.nextCursor;
    more.hidden = !cursor;
    if (!list.children.length) list.replaceWith(h('p', {}, 'No orders yet.'));
  }
  more.addEventListener('click', load);
  const who = account();
  replace(main, heading('My orders'),
    who ? h('p', { class: 'muted' }, `Signed in as ${who.email} `,
      h('button', { type: 'button', class: 'link', dataset: { testid: 'logout' }, onclick: async () => { await logout(); go('#/'); } }, 'Log out')) : null,
    list, h('p', {}, more));
  await load();
}
