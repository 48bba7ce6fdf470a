// The storefront: one page, routed by the URL fragment (#/search?q=lamp, #/p/red-lamp, #/orders/<id>),
// so every view has a link that survives a reload and the server needs no route per view. Each view
// module renders into <main> and may return a function that stops what it started (timers, streams).
import { h } from '/assets/common/dom.js';
import { Problem } from '/assets/common/api.js';
import { authed, account } from './session.js';

const routes = [
  [/^\/$/, () => import('./views/home.js')],
  [/^\/c\/(.+)$/, () => import('./views/category.js')],
  [/^\/search$/, () => import('./views/search.js')],
  [/^\/p\/([^/]+)$/, () => import('./views/product.js')],
  [/^\/cart$/, () => import('./views/cart.js')],
  [/^\/checkout$/, () => import('./views/checkout.js')],
  [/^\/orders$/, () => import('./views/orders.js')],
  [/^\/orders\/([^/]+)$/, () => import('./views/order.js')],
  [/^\/flash\/([^/]+)$/, () => import('./views/flash.js')],
  [/^\/(login|register)$/, () => import('./views/account.js')],
];

const main = document.getElementById('app');
const status = document.getElementById('status');
let stopView = null;
let renderCount = 0;

/** Says `message` to screen readers (and shows it) without moving focus. */
export function announce(message) {
  status.textContent = '';
  // a new text node after clearing, so the same message twice is announced twice
  requestAnimationFrame(() => { status.textContent = message; });
}

export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

export async function refreshCartCount(cart) {
  const badge = document.querySelector('[data-testid="cart-count"]');
  try {
    const current = cart || await authed('GET', '/api/cart');
    const units = (current.items || []).reduce((sum, line) => sum + line.quantity, 0);
    badge.textContent = units ? String(units) : '';
  } catch {
    badge.textContent = '';
  }
}

function refreshAccountLink() {
  const link = document.querySelector('[data-testid="account-link"]');
  const who = account();
  link.textContent = who ? 'My orders' : 'Log in';
  link.href = who ? '#/orders' : '#/login';
}

/** A problem as a sentence a shopper can act on. */
export function explain(error) {
  if (error instanceof Problem) return error.message;
  return 'Mercato could not be reached. Check your connection and try again.';
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert', dataset: { testid: 'error' } }, explain(error));
}

async function route() {
  const [path, queryString = ''] = (location.hash.replace(/^#/, '') || '/').split('?');
  if (stopView) { stopView(); stopView = null; }
  const ticket = ++renderCount;
  const found = routes.find(([pattern]) => pattern.test(path));
  refreshAccountLink();
  const searchInput = document.getElementById('search-q');
  if (path !== '/search') searchInput.value = '';
  if (!found) {
    main.replaceChildren(h('h1', { tabindex: -1 }, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the shop')));
    return;
  }
  const [pattern, load] = found;
  const params = path.match(pattern).slice(1).map(decodeURIComponent);
  const query = new URLSearchParams(queryString);
  main.setAttribute('aria-busy', 'true');
  try {
    const view = await load();
    if (ticket !== renderCount) return;
    const stop = await view.render({ main, params, query, announce, go, isCurrent: () => ticket === renderCount });
    if (ticket !== renderCount) { if (typeof stop === 'function') stop(); return; }
    stopView = typeof stop === 'function' ? stop : null;
  } catch (error) {
    if (ticket === renderCount) main.replaceChildren(h('h1', { tabindex: -1 }, 'Something went wrong'), errorBox(error));
  } finally {
    if (ticket === renderCount) {
      main.removeAttribute('aria-busy');
      const heading = main.querySelector('h1');
      // focus follows navigation (not the first render), so keyboard and screen-reader users land on the new view
      if (heading && document.activeElement !== searchInput && renderCount > 1) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
      }
      window.scrollTo(0, 0);
    }
  }
}

document.querySelector('[data-testid="search-form"]').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = new FormData(event.target).get('q').trim();
  go(`#/search?q=${encodeURIComponent(q)}`);
});
document.querySelector('[data-skip]').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', route);
route();
refreshCartCount();
