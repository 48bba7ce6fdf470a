import { Problem } from '/assets/common/api.js';
import { h, table, field, notice, money } from '../dom.js';
import { admin, send } from '../session.js';
import { followJob } from '../jobs.js';

export async function productsView(container, { rest, params }) {
  if (rest[0]) return productEditor(container, rest[0]);
  const message = notice();
  const results = h('div', { id: 'product-results' });
  const search = h('form', { class: 'toolbar', role: 'search', id: 'product-search' },
    field('Search products', { type: 'search', name: 'q', value: params.get('q') || '', id: 'product-q' }),
    h('button', { type: 'submit' }, 'Search'));
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/products?q=${encodeURIComponent(search.elements.q.value.trim())}`;
  });
  const importer = importPanel();
  container.append(h('h1', {}, 'Products'), search, message.element, results, importer.element);
  try {
    const q = params.get('q') || '';
    const page = await admin('GET', `/api/search?q=${encodeURIComponent(q)}`);
    results.append(h('p', { class: 'muted' }, `${page.total} ${page.total === 1 ? 'product' : 'products'}${q ? ` match “${q}”` : ''}`
      + (page.fallback ? ' (the search engine is down: results from the database)' : '')),
    table('Products', ['Title', 'Brand', 'Category', 'Price', 'In stock'], page.items.map((p) => [
      h('a', { href: `#/products/${p.id}` }, p.title), p.brand, p.category, money(p.price, p.currency),
      p.inStock ? 'yes' : 'no']),
    { empty: 'No products match.' }));
  } catch (error) {
    message.error(error);
  }
  return importer.stop;
}

function importPanel() {
  let job = null;
  const message = notice();
  const progress = h('div', { id: 'import-job' });
  const form = h('form', { class: 'card', id: 'import-form' },
    h('h2', {}, 'Import products'),
    h('p', { class: 'muted' }, 'A CSV file with a header row, or JSON lines (.jsonl), one product a line, UTF-8.'),
    field('File', { type: 'file', name: 'file', accept: '.csv,.jsonl,.ndjson,text/csv,application/x-ndjson', required: true, id: 'import-file' }),
    h('button', { type: 'submit', class: 'primary' }, 'Import'),
    message.element, progress);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.clear();
    const file = form.elements.file.files[0];
    if (!file) {
      message.error('Choose a file first.');
      return;
    }
    const type = /\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'text/csv' : 'application/x-ndjson';
    try {
      const started = await send('POST', '/api/admin/products/import', { body: file, contentType: type });
      if (job) job.stop();
      job = followJob(progress, started.json.jobId, `Import of ${file.name}`);
      const finished = await job.done;
      if (finished.status === 'completed') message.ok(`Imported ${finished.processed - finished.failed} of ${finished.processed} lines.`);
      else message.error(`The import ${finished.status}.`);
    } catch (error) {
      message.error(error);
    }
  });
  return { element: form, stop: () => job && job.stop() };
}

async function productEditor(container, id) {
  const message = notice();
  container.append(h('p', {}, h('a', { href: '#/products' }, '← Products')), message.element);
  let page;
  try {
    page = await send('GET', `/api/products/${encodeURIComponent(id)}`);
  } catch (error) {
    container.prepend(h('h1', {}, 'Product'));
    message.error(error instanceof Problem && error.status === 404 ? 'No active product with this id (it may be deactivated).' : error);
    return undefined;
  }
  let etag = page.etag;
  const product = page.json;
  const category = typeof product.category === 'string' ? product.category : product.category && product.category.path;
  const variants = product.variants.map((v) => ({ ...v, input: h('input', {
    type: 'text', inputmode: 'decimal', value: v.price, id: `price-${v.sku}`, name: `price-${v.sku}`,
    'aria-label': `Price of ${v.sku}`, pattern: '\\d+(\\.\\d{1,2})?', size: '8' }) }));
  const form = h('form', { class: 'card', id: 'product-form' },
    field('Title', { name: 'title', value: product.title, required: true, id: 'product-title' }),
    field('Brand', { name: 'brand', value: product.brand, required: true, id: 'product-brand' }),
    field('Category path', { name: 'category', value: category || '', required: true, id: 'product-category' }),
    field('Description', { tag: 'textarea', name: 'description', value: product.description || '', rows: '4', id: 'product-description' }),
    table('Variants', ['SKU', 'Title', 'Price', 'Currency', 'Available', ''], variants.map((v) => [
      v.sku, v.title, v.input, v.currency, String(v.available ?? ''), h('a', { href: `#/stock/${encodeURIComponent(v.sku)}` }, 'Stock')])),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', id: 'product-save' }, 'Save'),
      h('button', { type: 'button', class: 'danger', id: 'product-deactivate', onclick: deactivate }, 'Deactivate')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.clear();
    const draft = {
      title: form.elements.title.value.trim(), slug: product.slug, description: form.elements.description.value,
      brand: form.elements.brand.value.trim(), category: form.elements.category.value.trim(),
      attributes: product.attributes || {}, media: product.media, rating: product.rating, reviewCount: product.reviewCount,
      variants: variants.map((v) => ({ sku: v.sku, title: v.title, price: v.input.value.trim(), currency: v.currency,
        attributes: v.attributes || {} })),
    };
    try {
      const saved = await send('PUT', `/api/admin/products/${product.id}`, { body: draft, headers: etag ? { 'If-Match': etag } : {} });
      etag = saved.etag;
      message.ok(`Saved “${saved.json.title}”.`);
    } catch (error) {
      message.error(error.status === 412 ? 'Someone changed this product (or its stock) since you opened it: reload and edit again.' : error);
    }
  });
  async function deactivate() {
    if (!window.confirm(`Deactivate “${product.title}”? Shoppers will no longer see it.`)) return;
    try {
      await send('DELETE', `/api/admin/products/${product.id}`);
      message.ok(`“${product.title}” is deactivated.`);
      form.querySelectorAll('button, input, textarea').forEach((control) => { control.disabled = true; });
    } catch (error) {
      message.error(error);
    }
  }
  container.prepend(h('h1', {}, `Edit ${product.title}`));
  container.append(form);
  return undefined;
}
