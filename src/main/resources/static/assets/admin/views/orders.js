import { h, table, field, notice, money, time, badge } from '../dom.js';
import { admin } from '../session.js';

const STATUSES = ['pending_payment', 'paid', 'fulfilling', 'shipped', 'delivered', 'cancelled', 'refunded'];

export async function ordersView(container, { rest, params }) {
  if (rest[0]) return orderDetail(container, rest[0]);
  const status = params.get('status') || '';
  const message = notice();
  const filter = h('form', { class: 'toolbar', id: 'order-filter' },
    field('Status', { tag: 'select', name: 'status', value: status, id: 'order-status',
      options: [['', 'any status'], ...STATUSES.map((s) => [s, s])] }),
    h('button', { type: 'submit' }, 'Filter'));
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = filter.elements.status.value;
    location.hash = chosen ? `#/orders?status=${chosen}` : '#/orders';
  });
  const open = h('form', { class: 'toolbar', id: 'order-open' },
    field('Order id', { name: 'id', id: 'order-id', autocomplete: 'off', required: true }),
    h('button', { type: 'submit' }, 'Open'));
  open.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = open.elements.id.value.trim();
    if (id) location.hash = `#/orders/${encodeURIComponent(id)}`;
  });
  const list = h('div', { id: 'order-list' });
  const more = h('button', { type: 'button', id: 'orders-more', hidden: true }, 'Load more');
  container.append(h('h1', {}, 'Orders'), h('div', { class: 'toolbars' }, filter, open), message.element, list, more);
  const rows = [];
  let cursor = null;
  async function load() {
    try {
      const query = new URLSearchParams({ limit: '20' });
      if (status) query.set('status', status);
      if (cursor) query.set('cursor', cursor);
      const page = await admin('GET', `/api/admin/orders?${query}`);
      rows.push(...page.items);
      cursor = page.nextCursor;
      more.hidden = !cursor;
      list.replaceChildren(table(status ? `Orders ${status}` : 'Orders, newest first',
        ['Order', 'Created', 'Status', 'Items', 'Total'], rows.map((o) => [
          h('a', { href: `#/orders/${o.id}`, 'data-order': o.id }, o.id.slice(0, 8)), time(o.createdAt), badge(o.status),
          String((o.items || []).reduce((sum, line) => sum + line.quantity, 0)), money(o.total, o.currency)]),
        { empty: status ? `No ${status} orders.` : 'No orders yet.' }));
    } catch (error) {
      message.error(error);
    }
  }
  more.addEventListener('click', load);
  await load();
}

async function orderDetail(container, id) {
  const message = notice();
  const body = h('div', { id: 'order-detail' });
  container.append(h('p', {}, h('a', { href: '#/orders' }, '← Orders')), h('h1', {}, `Order ${id.slice(0, 8)}`), message.element, body);

  function render(order) {
    const shipForm = h('form', { class: 'card', id: 'ship-form' },
      h('h2', {}, 'Ship'),
      field('Carrier', { name: 'carrier', value: 'DHL', required: true, maxlength: '100', id: 'ship-carrier' }),
      field('Tracking number', { name: 'trackingNumber', required: true, maxlength: '100', id: 'ship-tracking' }),
      h('button', { type: 'submit', class: 'primary', id: 'ship-submit' }, 'Mark shipped'));
    shipForm.addEventListener('submit', (event) => {
      event.preventDefault();
      act('ship', { carrier: shipForm.elements.carrier.value.trim(), trackingNumber: shipForm.elements.trackingNumber.value.trim() });
    });
    const canShip = order.status === 'paid' || order.status === 'fulfilling';
    const canRefund = ['paid', 'fulfilling', 'shipped', 'delivered'].includes(order.status);
    body.replaceChildren(
      h('dl', { class: 'facts' },
        h('dt', {}, 'Id'), h('dd', {}, h('code', {}, order.id)),
        h('dt', {}, 'Status'), h('dd', { id: 'order-status-value' }, badge(order.status)),
        h('dt', {}, 'Created'), h('dd', {}, time(order.createdAt)),
        h('dt', {}, 'Total'), h('dd', {}, money(order.total, order.currency)),
        h('dt', {}, 'Tracking'), h('dd', { id: 'order-tracking' },
          order.tracking ? `${order.tracking.carrier} ${order.tracking.trackingNumber}` : '—'),
        h('dt', {}, 'Ship to'), h('dd', {}, order.shippingAddress
          ? [order.shippingAddress.name, order.shippingAddress.line1, order.shippingAddress.city, order.shippingAddress.country]
            .filter(Boolean).join(', ') : '—')),
      table('Items', ['SKU', 'Quantity', 'Unit price', 'Line total'], order.items.map((line) => [
        line.sku, String(line.quantity), money(line.unitPrice, order.currency), money(line.lineTotal, order.currency)])),
      table('History', ['Status', 'At', 'Note'], (order.history || []).map((change) => [badge(change.status), time(change.at), change.note || ''])),
      h('div', { class: 'actions' },
        canShip ? shipForm : null,
        order.status === 'shipped' ? h('button', { type: 'button', id: 'deliver', onclick: () => act('deliver') }, 'Mark delivered') : null,
        canRefund ? h('button', { type: 'button', class: 'danger', id: 'refund', onclick: () => {
          if (window.confirm('Refund this order in full?')) act('refund');
        } }, 'Refund') : null,
        h('a', { href: `#/payments?orderId=${order.id}` }, 'Payments of this order')));
  }

  async function act(step, payload) {
    message.clear();
    try {
      const order = await admin('POST', `/api/admin/orders/${id}/${step}`, payload ? { body: payload } : {});
      render(order);
      message.ok(`Order ${order.status}.`);
    } catch (error) {
      message.error(error);
    }
  }

  try {
    render(await admin('GET', `/api/admin/orders/${encodeURIComponent(id)}`));
  } catch (error) {
    message.error(error);
  }
}
