// Small DOM helpers for the console: elements built in code (the page policy forbids inline markup
// handlers and styles), tables with real header cells, and a status line announced to screen readers.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  let deferredValue;
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    // a select's value can only be chosen once its options exist, a textarea's is not an attribute
    if (name === 'value' && tag !== 'option') deferredValue = value;
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (name in element && typeof value !== 'string') element[name] = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  if (deferredValue !== undefined) element.value = deferredValue;
  return element;
}

/** A table with a caption and column headers; {@code rows} are arrays of cells (text or nodes). */
export function table(caption, headers, rows, { empty = 'Nothing to show.', id } = {}) {
  if (rows.length === 0) return h('p', { class: 'empty', id }, empty);
  return h('div', { class: 'table-scroll', id, tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell)))))));
}

/** A labelled input; the label's text is the field's accessible name. */
export function field(label, attributes = {}) {
  const id = attributes.id || `f-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Math.random().toString(36).slice(2, 7)}`;
  const control = attributes.tag === 'textarea' ? h('textarea', { ...attributes, tag: undefined, id })
    : attributes.tag === 'select' ? h('select', { ...attributes, tag: undefined, options: undefined, id },
      (attributes.options || []).map(([value, text]) => h('option', { value }, text)))
      : h('input', { type: 'text', ...attributes, id });
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

/** The view's message line: errors in red, everything announced politely. */
export function notice() {
  const line = h('p', { class: 'notice', role: 'status', 'aria-live': 'polite' });
  return {
    element: line,
    ok(text) { line.className = 'notice ok'; line.textContent = text; },
    error(error) {
      line.className = 'notice error';
      line.textContent = error && error.problem && error.problem.errors
        ? `${error.message}: ${error.problem.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`
        : (error && error.message) || String(error);
    },
    clear() { line.className = 'notice'; line.textContent = ''; },
  };
}

export function money(amount, currency) {
  return amount === undefined || amount === null ? '' : `${amount} ${currency || ''}`.trim();
}

export function time(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function badge(status) {
  return h('span', { class: `badge s-${status}` }, status);
}
