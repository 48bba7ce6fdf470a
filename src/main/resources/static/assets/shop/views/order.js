// An order that keeps itself up to date: pushed over the order's event stream, and polled with
// If-None-Match (304 while nothing changed) whenever the stream is down, until it comes back.
import { h, money, replace } from '/assets/common/dom.js';
import { callIfChanged } from '/assets/common/api.js';
import { readEvents } from '/assets/common/events.js';
import { heading } from './parts.js';
import { authed, token } from '../session.js';
import { errorBox } from '../app.js';

const POLL_EVERY_MS = 2000;
const STREAM_RETRY_MS = 15000;
const FINAL = new Set(['delivered', 'cancelled', 'refunded']);
const CANCELLABLE = new Set(['pending_payment', 'paid', 'fulfilling']);
const LABELS = {
  pending_payment: 'Waiting for payment', paid: 'Paid', fulfilling: 'Being packed', shipped: 'Shipped',
  delivered: 'Delivered', cancelled: 'Cancelled', refunded: 'Refunded',
};

function when(at) {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export async function render({ main, params, announce, isCurrent }) {
  const id = params[0];
  const path = `/api/orders/${encodeURIComponent(id)}`;
  const statusBadge = h('p', { class: 'badge', dataset: { testid: 'order-status' }, 'aria-live': 'polite' });
  const live = h('p', { class: 'muted live', dataset: { testid: 'live-mode', mode: 'connecting', polls: '0', notModified: '0' } });
  const details = h('div');
  const problems = h('div');
  let order = null;
  let etag = null;
  let stopped = false;
  let stream = null;
  let pollTimer = null;
  let retryTimer = null;

  function draw() {
    const previous = statusBadge.dataset.status;
    statusBadge.dataset.status = order.status;
    statusBadge.className = `badge status-${order.status}`;
    statusBadge.textContent = LABELS[order.status] || order.status;
    if (previous && previous !== order.status) announce(`Order status: ${statusBadge.textContent}`);
    const cancel = CANCELLABLE.has(order.status) && !order.archived
      ? h('button', { type: 'button', class: 'secondary', dataset: { testid: 'cancel-order' }, onclick: cancelOrder }, 'Cancel order') : null;
    replace(details, 
      order.tracking && order.tracking.trackingNumber ? h('p', { dataset: { testid: 'tracking' } },
        `Tracking: ${order.tracking.carrier || ''} ${order.tracking.trackingNumber}`) : null,
      h('h2', {}, 'History'),
      h('ol', { class: 'history', dataset: { testid: 'history' } }, (order.history || []).map((change) =>
        h('li', {}, h('strong', {}, LABELS[change.status] || change.status), ` · ${when(change.at)}`, change.note ? ` · ${change.note}` : ''))),
      h('h2', {}, 'Items'),
      h('ul', { class: 'lines compact' }, order.items.map((line) => h('li', {}, `${line.quantity} × ${line.title || line.sku}`,
        h('span', { class: 'price' }, money(line.lineTotal, order.currency))))),
      h('dl', { class: 'totals' }, h('dt', {}, 'Subtotal'), h('dd', {}, money(order.subtotal, order.currency)),
        Number(order.discount) > 0 ? [h('dt', {}, 'Discount'), h('dd', {}, `−${money(order.discount, order.currency)}`)] : null,
        h('dt', {}, 'Total'), h('dd', { dataset: { testid: 'order-total' } }, money(order.total, order.currency))),
      cancel);
  }

  async function refresh() {
    const answer = await callIfChanged(path, { token: await token(), etag });
    if (stopped) return;
    if (answer.changed) {
      etag = answer.etag;
      order = answer.body;
      draw();
      if (FINAL.has(order.status)) stop();
    }
    return answer;
  }

  function setMode(mode, text) {
    live.dataset.mode = mode;
    live.textContent = text;
  }

  function poll() {
    if (pollTimer || stopped) return;
    setMode('polling', 'Live updates interrupted: checking for changes every few seconds.');
    pollTimer = setInterval(async () => {
      try {
        const answer = await refresh();
        live.dataset.polls = String(Number(live.dataset.polls) + 1);
        if (answer && !answer.changed) live.dataset.notModified = String(Number(live.dataset.notModified) + 1);
      } catch { /* the next round tries again */ }
    }, POLL_EVERY_MS);
  }

  async function openStream() {
    if (stopped) return;
    const controller = new AbortController();
    stream = controller;
    try {
      await readEvents(`${path}/events`, {
        token: await token(),
        signal: controller.signal,
        onOpen: () => {
          clearInterval(pollTimer);
          pollTimer = null;
          setMode('stream', 'Updates live.');
          // a change between the last read and the stream's opening is caught up here
          refresh().catch(() => {});
        },
        onEvent: (event) => { if (event.event === 'status') refresh().catch(() => poll()); },
      });
    } catch { /* ended below, like a clean end */ }
    if (stopped || stream !== controller) return;
    stream = null;
    poll();
    retryTimer = setTimeout(openStream, STREAM_RETRY_MS);
  }

  function stop() {
    stopped = true;
    clearInterval(pollTimer);
    clearTimeout(retryTimer);
    if (stream) stream.abort();
    stream = null;
    if (order && FINAL.has(order.status)) setMode('final', '');
  }

  async function cancelOrder(event) {
    event.target.disabled = true;
    try {
      await authed('POST', `${path}/cancel`);
      await refresh();
    } catch (error) {
      replace(problems, errorBox(error));
      event.target.disabled = false;
    }
  }

  await refresh();
  if (!isCurrent()) return stop;
  replace(main, heading(`Order ${id.slice(0, 8)}`),
    h('p', { class: 'muted' }, `Placed ${when(order.createdAt)}`), statusBadge, live, problems, details);
  if (!FINAL.has(order.status)) openStream();
  return stop;
}
