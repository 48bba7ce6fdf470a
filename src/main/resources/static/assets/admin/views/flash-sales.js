import { h, table, field, notice, money, time } from '../dom.js';
import { admin } from '../session.js';

const POLL_MS = 2000;

// datetime-local wants local wall time without a zone
function localInput(date) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return shifted.toISOString().slice(0, 16);
}

function phase(sale, now) {
  if (now < new Date(sale.startsAt)) return 'upcoming';
  if (now >= new Date(sale.endsAt)) return 'ended';
  return sale.claimed >= sale.quantity ? 'sold out' : 'live';
}

export async function flashSalesView(container) {
  const message = notice();
  const now = new Date();
  const form = h('form', { class: 'card', id: 'flash-form' },
    h('h2', {}, 'New flash sale'),
    h('div', { class: 'grid' },
      field('SKU', { name: 'sku', required: true, id: 'flash-sku', autocomplete: 'off' }),
      field('Price', { name: 'price', required: true, inputmode: 'decimal', id: 'flash-price', pattern: '\\d+(\\.\\d{1,2})?' }),
      field('Units', { type: 'number', name: 'quantity', min: '1', required: true, value: '100', id: 'flash-quantity' }),
      field('Per customer', { type: 'number', name: 'perCustomerLimit', min: '1', max: '1000', required: true, value: '2', id: 'flash-limit' }),
      field('Starts (local time)', { type: 'datetime-local', name: 'startsAt', required: true, value: localInput(now), id: 'flash-starts' }),
      field('Ends (local time)', { type: 'datetime-local', name: 'endsAt', required: true,
        value: localInput(new Date(now.getTime() + 3600000)), id: 'flash-ends' })),
    h('button', { type: 'submit', class: 'primary' }, 'Create'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.clear();
    const values = form.elements;
    try {
      const sale = await admin('POST', '/api/admin/flash-sales', { body: {
        sku: values.sku.value.trim(), price: values.price.value.trim(),
        startsAt: new Date(values.startsAt.value).toISOString(), endsAt: new Date(values.endsAt.value).toISOString(),
        quantity: Number(values.quantity.value), perCustomerLimit: Number(values.perCustomerLimit.value) } });
      message.ok(`Flash sale for ${sale.sku} created: ${sale.quantity} units at ${money(sale.price, sale.currency)}.`);
      await refresh();
    } catch (error) {
      message.error(error);
    }
  });

  const monitor = h('div', { id: 'flash-monitor' });
  const updated = h('p', { class: 'muted', id: 'flash-updated' });
  container.append(h('h1', {}, 'Flash sales'), form, message.element,
    h('h2', {}, 'Monitor'), h('p', { class: 'muted' },
      'Remaining units and the claim rate (units claimed per second since the last read), refreshed every 2 seconds.'),
    updated, monitor);

  // the previous read of each sale: the rate is the change in claimed units over the server's clock
  let previous = new Map();
  let previousAt = null;
  let timer = null;
  let stopped = false;

  async function refresh() {
    const answer = await admin('GET', '/api/admin/flash-sales?limit=50');
    const at = new Date(answer.at);
    const seconds = previousAt ? (at - previousAt) / 1000 : 0;
    monitor.replaceChildren(table('Flash sales, latest start first',
      ['SKU', 'Price', 'Window', 'State', 'Remaining', 'Claimed', 'Claimed/s', 'Limit'],
      answer.items.map((sale) => {
        const remaining = sale.quantity - sale.claimed;
        const before = previous.get(sale.id);
        const rate = before !== undefined && seconds > 0 ? ((sale.claimed - before) / seconds).toFixed(1) : '–';
        return [sale.sku, money(sale.price, sale.currency), `${time(sale.startsAt)} – ${time(sale.endsAt)}`,
          h('span', { 'data-sale': sale.id }, phase(sale, at)),
          h('span', { class: 'remaining' },
            h('meter', { min: '0', max: String(sale.quantity), value: String(remaining), 'aria-label': `Remaining of ${sale.sku}` }),
            ` ${remaining} of ${sale.quantity}`),
          String(sale.claimed), h('span', { 'data-rate': sale.id }, rate), String(sale.perCustomerLimit)];
      }), { empty: 'No flash sales yet.' }));
    previous = new Map(answer.items.map((sale) => [sale.id, sale.claimed]));
    previousAt = at;
    updated.textContent = `Updated ${time(answer.at)}`;
  }

  async function poll() {
    if (stopped) return;
    try {
      await refresh();
    } catch (error) {
      message.error(error);
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS);
  }
  await poll();
  return () => { stopped = true; clearTimeout(timer); };
}
