import { h, table, field, notice, money, time } from '../dom.js';
import { admin } from '../session.js';

export async function paymentsView(container, { params }) {
  const orderId = params.get('orderId') || '';
  const message = notice();
  const form = h('form', { class: 'toolbar', id: 'payments-form' },
    field('Order id', { name: 'orderId', value: orderId, required: true, id: 'payments-order', autocomplete: 'off' }),
    h('button', { type: 'submit' }, 'Show payments'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/payments?orderId=${encodeURIComponent(form.elements.orderId.value.trim())}`;
  });
  const result = h('div', { id: 'payments-result' });
  container.append(h('h1', {}, 'Payments audit'),
    h('p', { class: 'muted' }, 'The provider’s ledger for one order, oldest first: check that nothing was charged twice.'),
    form, message.element, result);
  if (!orderId) return;
  try {
    const records = await admin('GET', `/api/admin/payments?orderId=${encodeURIComponent(orderId)}`);
    const captured = records.filter((r) => r.kind === 'capture' && r.status !== 'failed' && r.status !== 'declined');
    const summary = captured.length > 1
      ? h('p', { class: 'notice error', id: 'payments-summary' }, `${captured.length} captures for one order: check for a double charge.`)
      : h('p', { class: 'notice ok', id: 'payments-summary' }, `${records.length} records, ${captured.length} capture.`);
    result.replaceChildren(summary, table(`Payment records of order ${orderId.slice(0, 8)}`,
      ['At', 'Provider', 'Kind', 'Amount', 'Status', 'Idempotency key'],
      records.map((r) => [time(r.at), r.provider, r.kind, money(r.amount, r.currency), r.status, h('code', {}, r.idempotencyKey || '')]),
      { empty: 'No payment records for this order.' }),
    h('p', {}, h('a', { href: `#/orders/${orderId}` }, 'Open the order')));
  } catch (error) {
    message.error(error);
  }
}
