// Home: the category tree and the best-rated products. Mercato has no public best-seller route
// (sales rankings are admin analytics), so the shelf is the search engine's top-rated in-stock items.
import { h, replace } from '/assets/common/dom.js';
import { call } from '/assets/common/api.js';
import { productGrid, heading } from './parts.js';

function categoryList(nodes, depth = 0) {
  if (!nodes || !nodes.length) return null;
  return h('ul', { class: depth ? 'subcategories' : 'categories', dataset: { testid: depth ? undefined : 'categories' } },
    nodes.map((node) => h('li', {},
      h('a', { href: `#/c/${node.path}`, dataset: { testid: 'category-link' } }, node.name),
      depth < 1 ? categoryList(node.children, depth + 1) : null)));
}

export async function render({ main }) {
  const [categories, topRated] = await Promise.all([
    call('GET', '/api/categories'),
    call('GET', '/api/search?minRating=4&inStock=true').catch(() => ({ items: [] })),
  ]);
  const tree = Array.isArray(categories) ? categories : categories.items || [];
  replace(main, 
    heading('Shop'),
    h('section', { 'aria-labelledby': 'cat-h' }, h('h2', { id: 'cat-h' }, 'Categories'),
      tree.length ? categoryList(tree) : h('p', { class: 'muted' }, 'No categories yet.')),
    h('section', { 'aria-labelledby': 'top-h' }, h('h2', { id: 'top-h' }, 'Top rated'),
      topRated.items.length ? productGrid(topRated.items.slice(0, 8), 'top-rated')
        : h('p', { class: 'muted' }, 'Nothing rated yet.')));
}
