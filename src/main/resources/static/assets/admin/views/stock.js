import { h, table, field, notice } from '../dom.js';
import { admin } from '../session.js';

export async function stockView(container, { rest }) {
  const sku = rest[0] || '';
  const message = notice();
  const lookup = h('form', { class: 'toolbar', id: 'stock-lookup' },
    field('SKU', { name: 'sku', value: sku, required: true, id: 'stock-sku', autocomplete: 'off' }),
    h('button', { type: 'submit' }, 'Show stock'));
  lookup.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/stock/${encodeURIComponent(lookup.elements.sku.value.trim())}`;
  });
  const levels = h('div', { id: 'stock-levels' });
  container.append(h('h1', {}, sku ? `Stock of ${sku}` : 'Stock'), lookup, message.element, levels);
  if (!sku) return;
  const warehouses = await admin('GET', '/api/admin/warehouses');

  async function refresh() {
    const rows = await admin('GET', `/api/admin/stock/${encodeURIComponent(sku)}`);
    const known = new Set(rows.map((row) => row.warehouse));
    const empty = warehouses.filter((w) => !known.has(w.code))
      .map((w) => ({ sku, warehouse: w.code, quantity: 0, reserved: 0, available: 0, none: true }));
    levels.replaceChildren(table(`Stock of ${sku} per warehouse`,
      ['Warehouse', 'On hand', 'Reserved', 'Available', 'Adjust by', 'Set on hand'],
      [...rows, ...empty].map((row) => [
        warehouseName(row.warehouse), String(row.quantity), String(row.reserved),
        h('span', { 'data-available': row.warehouse }, String(row.available)),
        row.none ? h('span', { class: 'muted' }, 'no stock row yet') : adjustForm(row), setForm(row)])));
  }

  function warehouseName(code) {
    const warehouse = warehouses.find((w) => w.code === code);
    return warehouse ? `${warehouse.name} (${code})` : code;
  }

  function adjustForm(row) {
    const form = h('form', { class: 'inline', 'data-warehouse': row.warehouse, 'data-form': 'adjust' },
      h('input', { type: 'number', name: 'delta', step: '1', required: true, size: '6', 'aria-label': `Change of on-hand units in ${row.warehouse}` }),
      h('input', { type: 'text', name: 'reason', required: true, maxlength: '500', placeholder: 'reason', 'aria-label': `Reason for the change in ${row.warehouse}` }),
      h('button', { type: 'submit' }, 'Adjust'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      write(`/api/admin/stock/${encodeURIComponent(sku)}/${encodeURIComponent(row.warehouse)}/adjustments`, 'POST',
        { delta: Number(form.elements.delta.value), reason: form.elements.reason.value.trim() });
    });
    return form;
  }

  function setForm(row) {
    const form = h('form', { class: 'inline', 'data-warehouse': row.warehouse, 'data-form': 'set' },
      h('input', { type: 'number', name: 'quantity', min: '0', step: '1', required: true, size: '6', 'aria-label': `On-hand units in ${row.warehouse}` }),
      h('button', { type: 'submit' }, 'Set'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      write(`/api/admin/stock/${encodeURIComponent(sku)}/${encodeURIComponent(row.warehouse)}`, 'PUT',
        { quantity: Number(form.elements.quantity.value), reason: 'set in the console' });
    });
    return form;
  }

  async function write(path, method, body) {
    message.clear();
    try {
      const level = await admin(method, path, { body });
      await refresh();
      message.ok(`${level.warehouse}: ${level.quantity} on hand, ${level.available} available.`);
    } catch (error) {
      message.error(error);
    }
  }

  try {
    await refresh();
  } catch (error) {
    message.error(error);
  }
}
