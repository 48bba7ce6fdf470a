// Search with multi-select facets. The API filters on several brands at once, but on one category
// and one price interval per query, so choosing several categories or non-adjacent price ranges runs
// one query per (category, price interval) pair, in parallel, and merges the pages. Brand counts come
// back from the API already counted without the brand filter; category and price counts are read
// from a query without their own filter, so a shopper can widen a choice as well as narrow it.
import { h, money, replace } from '/assets/common/dom.js';
import { call } from '/assets/common/api.js';
import { productCard, heading } from './parts.js';
import { errorBox } from '../app.js';

// the API's fixed price buckets (from inclusive, to exclusive); the facet answer repeats them
const PRICE_RANGES = [
  { key: '<25', from: null, to: 25 }, { key: '25-50', from: 25, to: 50 }, { key: '50-100', from: 50, to: 100 },
  { key: '100-200', from: 100, to: 200 }, { key: '>200', from: 200, to: null }];
const PAGE_SIZE = 20;

/** Selected bucket keys as the fewest contiguous intervals, each as minPrice / maxPrice (inclusive). */
function priceIntervals(keys) {
  const chosen = PRICE_RANGES.filter((range) => keys.includes(range.key));
  const intervals = [];
  for (const range of chosen) {
    const last = intervals[intervals.length - 1];
    if (last && last.to === range.from) last.to = range.to;
    else intervals.push({ from: range.from, to: range.to });
  }
  return intervals.map(({ from, to }) => ({ minPrice: from, maxPrice: to === null ? null : (to - 0.01).toFixed(2) }));
}

function queryString(state, category, interval, page) {
  const query = new URLSearchParams();
  if (state.q) query.set('q', state.q);
  state.brands.forEach((brand) => query.append('brand', brand));
  if (category) query.set('category', category);
  if (interval && interval.minPrice !== null) query.set('minPrice', interval.minPrice);
  if (interval && interval.maxPrice !== null) query.set('maxPrice', interval.maxPrice);
  if (page) query.set('page', page);
  return query.toString();
}

function sum(lists, key = 'value') {
  const totals = new Map();
  for (const list of lists) for (const entry of list || []) totals.set(entry[key], (totals.get(entry[key]) || 0) + entry.count);
  return totals;
}

/** Runs every (category, interval) query of `state` for `page` and merges them into one answer. */
async function runPlan(state, { categories, intervals }, page) {
  const cats = categories.length ? categories : [null];
  const ranges = intervals.length ? intervals : [null];
  const queries = cats.flatMap((category) => ranges.map((interval) => queryString(state, category, interval, page)));
  const answers = await Promise.all(queries.map((query) => call('GET', `/api/search?${query}`)));
  const seen = new Set();
  const items = [];
  // interleave, so the first screen shows some of every chosen category
  for (let i = 0; items.length < PAGE_SIZE * answers.length && answers.some((a) => i < a.items.length); i++) {
    for (const answer of answers) {
      const item = answer.items[i];
      if (item && !seen.has(item.id)) { seen.add(item.id); items.push(item); }
    }
  }
  return {
    items,
    total: answers.reduce((n, a) => n + a.total, 0),
    more: answers.some((a) => (a.page + 1) * a.pageSize < a.total),
    fallback: answers.some((a) => a.fallback),
    brands: sum(answers.map((a) => a.facets.brands)),
    categories: sum(answers.map((a) => a.facets.categories)),
    prices: sum(answers.map((a) => a.facets.priceRanges), 'key'),
  };
}

function readState(query) {
  return { q: query.get('q') || '', brands: query.getAll('brand'), categories: query.getAll('category'), prices: query.getAll('price') };
}

function writeState(state) {
  const query = new URLSearchParams();
  if (state.q) query.set('q', state.q);
  state.brands.forEach((v) => query.append('brand', v));
  state.categories.forEach((v) => query.append('category', v));
  state.prices.forEach((v) => query.append('price', v));
  // the facet choice is part of the link (shareable, survives reload) but is not a new page in history
  history.replaceState(null, '', `#/search?${query}`);
}

function facetGroup(title, testid, entries, selected, label, onToggle) {
  const values = new Map(entries);
  selected.forEach((value) => { if (!values.has(value)) values.set(value, 0); });
  if (!values.size) return null;
  return h('fieldset', { class: 'facet', dataset: { testid } },
    h('legend', {}, title),
    [...values].map(([value, count]) => {
      const id = `f-${testid}-${value}`.replace(/[^a-zA-Z0-9_-]/g, '_');
      const depth = testid === 'facet-category' ? Math.min(3, value.split('/').length - 1) : 0;
      return h('div', { class: `check depth-${depth}` },
        h('input', { type: 'checkbox', id, value, checked: selected.includes(value), dataset: { testid: `${testid}-option`, value },
          onchange: (event) => onToggle(value, event.target.checked) }),
        h('label', { for: id }, `${label(value)} `, h('span', { class: 'muted' }, `(${count})`)));
    }));
}

function priceLabel(key) {
  const range = PRICE_RANGES.find((r) => r.key === key);
  if (!range) return key;
  if (range.from === null) return `Under ${money(range.to)}`;
  if (range.to === null) return `${money(range.from)} and up`;
  return `${money(range.from)} – ${money(range.to)}`;
}

export async function render({ main, query, announce, isCurrent }) {
  const state = readState(query);
  document.getElementById('search-q').value = state.q;
  const facets = h('div', { class: 'facets', dataset: { testid: 'facets' } });
  const results = h('div', { class: 'results' });
  const summary = h('p', { class: 'muted', dataset: { testid: 'result-count' } });
  const notice = h('div');
  let page = 0;
  let version = 0;

  async function update(append) {
    const mine = ++version;
    writeState(state);
    const intervals = priceIntervals(state.prices);
    try {
      const [found, withoutCategories, withoutPrices] = await Promise.all([
        runPlan(state, { categories: state.categories, intervals }, page),
        state.categories.length ? runPlan(state, { categories: [], intervals }, 0) : null,
        state.prices.length ? runPlan(state, { categories: state.categories, intervals: [] }, 0) : null,
      ]);
      if (mine !== version || !isCurrent()) return;
      replace(notice, found.fallback ? h('p', { class: 'notice', role: 'status', dataset: { testid: 'fallback-notice' } },
        'Search is running in a simpler mode right now: results may be less precise and some filters approximate.') : '');
      // sorted by path, so each sub-category follows its parent (indented by depth)
      const categoryCounts = [...(withoutCategories || found).categories].sort(([a], [b]) => a.localeCompare(b)).slice(0, 15);
      const priceCounts = PRICE_RANGES.map((r) => [r.key, (withoutPrices || found).prices.get(r.key) || 0])
        .filter(([key, count]) => count > 0 || state.prices.includes(key));
      replace(facets, 
        facetGroup('Brand', 'facet-brand', found.brands, state.brands, (v) => v, toggle(state.brands)),
        facetGroup('Category', 'facet-category', categoryCounts, state.categories, (v) => v.split('/').pop().replace(/-/g, ' '),
          toggle(state.categories)),
        facetGroup('Price', 'facet-price', priceCounts, state.prices, priceLabel, toggle(state.prices)));
      const list = append ? results.querySelector('ul') : h('ul', { class: 'grid', dataset: { testid: 'product-list' } });
      const first = append ? list.children.length : 0;
      list.append(...found.items.map(productCard));
      if (!append) replace(results, found.items.length ? list : h('p', { dataset: { testid: 'no-results' } },
        'Nothing matches. Try fewer filters or another word.'));
      if (found.more) results.append(h('p', {}, h('button', { type: 'button', class: 'secondary', dataset: { testid: 'load-more' },
        onclick: (event) => { event.target.parentElement.remove(); page += 1; update(true); } }, 'Show more results')));
      summary.textContent = `${found.total} ${found.total === 1 ? 'result' : 'results'}`;
      announce(append ? `${found.items.length} more results` : summary.textContent);
      if (append) list.children[first]?.querySelector('a')?.focus();
    } catch (error) {
      if (mine === version) replace(results, errorBox(error));
    }
  }

  function toggle(list) {
    return (value, on) => {
      const at = list.indexOf(value);
      if (on && at < 0) list.push(value);
      if (!on && at >= 0) list.splice(at, 1);
      page = 0;
      update(false);
    };
  }

  replace(main, 
    heading(state.q ? `Results for “${state.q}”` : 'All products'),
    summary, notice,
    h('div', { class: 'search-layout' },
      h('details', { class: 'filters', open: window.matchMedia('(min-width: 48rem)').matches },
        h('summary', { dataset: { testid: 'filters-toggle' } }, 'Filters'), facets),
      results));
  await update(false);
}
