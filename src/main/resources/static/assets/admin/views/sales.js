import { h, field, notice, table } from '../dom.js';
import { admin } from '../session.js';
import { barChart } from '../chart.js';

const RANGES = {
  '24h': { granularity: 'hour', ms: 24 * 3600000, step: 3600000, label: 'last 24 hours, per hour' },
  '7d': { granularity: 'hour', ms: 7 * 24 * 3600000, step: 3600000, label: 'last 7 days, per hour' },
  '30d': { granularity: 'day', ms: 30 * 24 * 3600000, step: 24 * 3600000, label: 'last 30 days, per day' },
};

// the rollups hold only buckets that had sales: every bucket of the range is drawn, empty ones as 0
function buckets(range, now) {
  const end = Math.floor(now / range.step) * range.step;
  const list = [];
  for (let at = end - range.ms + range.step; at <= end; at += range.step) list.push(at);
  return list;
}

export async function salesView(container, { params }) {
  const key = RANGES[params.get('range')] ? params.get('range') : '24h';
  const range = RANGES[key];
  const message = notice();
  const form = h('form', { class: 'toolbar', id: 'sales-form' },
    field('Period', { tag: 'select', name: 'range', value: key, id: 'sales-range',
      options: Object.entries(RANGES).map(([value, r]) => [value, r.label]) }),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/sales?range=${form.elements.range.value}`;
  });
  const charts = h('div', { id: 'sales-charts', class: 'charts' });
  container.append(h('h1', {}, 'Sales'), form, message.element, charts);
  const now = Date.now();
  const from = new Date(now - range.ms - range.step).toISOString();
  const to = new Date(now + 1000).toISOString();
  try {
    const answer = await admin('GET', `/api/admin/analytics/sales?granularity=${range.granularity}&from=${from}&to=${to}`);
    const byBucket = new Map();
    const currencies = new Map();
    for (const point of answer.points) {
      const at = Math.floor(new Date(point.at).getTime() / range.step) * range.step;
      const bucket = byBucket.get(at) || { orders: 0, revenue: 0 };
      bucket.orders += point.orders;
      // one chart per currency would be right for a multi-currency shop; the demo sells in one
      if (!currencies.size || currencies.has(point.currency)) bucket.revenue += Number(point.revenue);
      currencies.set(point.currency, (currencies.get(point.currency) || 0) + Number(point.revenue));
      byBucket.set(at, bucket);
    }
    const currency = [...currencies.keys()][0] || '';
    const label = (at) => {
      const iso = new Date(at).toISOString();
      return range.granularity === 'hour' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z` : iso.slice(0, 10);
    };
    const short = (at) => {
      const iso = new Date(at).toISOString();
      return range.granularity === 'hour' && range.ms <= 24 * 3600000 ? iso.slice(11, 16) : iso.slice(5, 10);
    };
    const series = buckets(range, now).map((at) => ({ at, ...(byBucket.get(at) || { orders: 0, revenue: 0 }) }));
    // two charts side by side where there is room (admin.css), one above the other on a phone
    const chartWidth = charts.clientWidth >= 920 ? (charts.clientWidth - 24) / 2 : charts.clientWidth;
    const totalOrders = series.reduce((sum, p) => sum + p.orders, 0);
    const totalRevenue = series.reduce((sum, p) => sum + p.revenue, 0);
    charts.replaceChildren(
      h('p', { id: 'sales-totals' }, `${totalOrders} ${totalOrders === 1 ? 'order' : 'orders'}, ${totalRevenue.toFixed(2)} ${currency} revenue (${range.label}, UTC, net of cancellations and refunds).`),
      h('figure', {}, h('figcaption', {}, 'Orders'), barChart(series.map((p) => ({ label: label(p.at), short: short(p.at), value: p.orders })), {
        id: 'chart-orders', title: `Orders, ${range.label}`, description: `${totalOrders} orders in total`, integer: true, width: chartWidth })),
      h('figure', {}, h('figcaption', {}, `Revenue (${currency || 'no sales'})`), barChart(series.map((p) => ({ label: label(p.at), short: short(p.at), value: p.revenue })), {
        id: 'chart-revenue', title: `Revenue, ${range.label}`, description: `${totalRevenue.toFixed(2)} ${currency} in total`, width: chartWidth,
        format: (v) => (v >= 1000 ? `${(v / 1000).toFixed(v >= 10000 ? 0 : 1)}k` : v.toFixed(0)) })),
      h('details', {}, h('summary', {}, 'The figures as a table'),
        table('Sales per bucket', ['Bucket (UTC)', 'Orders', `Revenue (${currency})`],
          series.filter((p) => p.orders || p.revenue).map((p) => [label(p.at), String(p.orders), p.revenue.toFixed(2)]),
          { empty: 'No sales in this period.' })));
  } catch (error) {
    message.error(error);
  }
}
