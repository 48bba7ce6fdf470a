// The console: a hash router (/admin#/orders) over views that each render into <main> and may return
// a function that stops what they started (polling timers) when the operator leaves them.
import { h } from './dom.js';
import { token, signOut } from './session.js';
import { loginView } from './views/login.js';
import { productsView } from './views/products.js';
import { stockView } from './views/stock.js';
import { ordersView } from './views/orders.js';
import { flashSalesView } from './views/flash-sales.js';
import { paymentsView } from './views/payments.js';
import { salesView } from './views/sales.js';
import { searchView } from './views/search.js';

const ROUTES = [
  ['products', 'Products', productsView],
  ['stock', 'Stock', stockView],
  ['orders', 'Orders', ordersView],
  ['flash-sales', 'Flash sales', flashSalesView],
  ['payments', 'Payments', paymentsView],
  ['sales', 'Sales', salesView],
  ['search', 'Search', searchView],
];

const app = document.getElementById('app');
const nav = document.getElementById('console-nav');
let stopCurrent = null;

function parse() {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name, ...rest] = path.split('/');
  return { name: name || 'products', rest: rest.map(decodeURIComponent), params: new URLSearchParams(query) };
}

function renderNav(current) {
  if (!token()) {
    nav.replaceChildren();
    return;
  }
  nav.replaceChildren(
    h('ul', {}, ROUTES.map(([name, label]) => h('li', {},
      h('a', { href: `#/${name}`, 'aria-current': name === current ? 'page' : undefined }, label)))),
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: () => { signOut(); location.hash = '#/login'; } }, 'Sign out'));
}

async function route() {
  if (stopCurrent) stopCurrent();
  stopCurrent = null;
  const { name, rest, params } = parse();
  if (!token() && name !== 'login') {
    location.hash = `#/login?next=${encodeURIComponent(location.hash.replace(/^#/, ''))}`;
    return;
  }
  renderNav(name);
  const entry = ROUTES.find(([key]) => key === name);
  const view = name === 'login' ? loginView : entry ? entry[2] : null;
  document.title = `${name === 'login' ? 'Sign in' : entry ? entry[1] : 'Not found'} · Mercato admin`;
  if (!view) {
    app.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/products' }, 'Back to products')));
    return;
  }
  const container = h('section', { class: `view view-${name}` });
  app.replaceChildren(container);
  try {
    const stop = await view(container, { rest, params });
    if (typeof stop === 'function') stopCurrent = stop;
  } catch (error) {
    container.append(h('p', { class: 'notice error', role: 'alert' }, `Could not load this page: ${error.message}`));
  }
  // the view's first data is on screen (or its error is): what a test, or a person, waits for
  container.dataset.ready = 'true';
  const heading = container.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    if (document.activeElement === document.body) heading.focus({ preventScroll: true });
  }
}

// the fragment is the route here, so the skip link moves focus itself instead of navigating to #app
document.querySelector('a.skip').addEventListener('click', (event) => {
  event.preventDefault();
  app.focus();
});

window.addEventListener('hashchange', route);
route();
