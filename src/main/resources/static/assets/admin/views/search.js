import { h, notice } from '../dom.js';
import { admin } from '../session.js';
import { followJob } from '../jobs.js';

export async function searchView(container) {
  const message = notice();
  const status = h('div', { id: 'search-status' });
  const progress = h('div', { id: 'reindex-job' });
  let job = null;
  const reindex = h('button', { type: 'button', class: 'primary', id: 'reindex', onclick: async () => {
    message.clear();
    reindex.disabled = true;
    try {
      const started = await admin('POST', '/api/admin/search/reindex');
      if (job) job.stop();
      job = followJob(progress, started.jobId, 'Reindex');
      const finished = await job.done;
      message.ok(`Reindex ${finished.status}.`);
      await refresh();
    } catch (error) {
      message.error(error);
    } finally {
      reindex.disabled = false;
    }
  } }, 'Rebuild the index');

  async function refresh() {
    const s = await admin('GET', '/api/admin/search/status');
    const row = (name, value) => [h('dt', {}, name), h('dd', {}, value === null || value === undefined ? '—' : String(value))];
    status.replaceChildren(h('dl', { class: 'facts' },
      row('Engine', s.engine), row('Reachable', s.reachable ? 'yes' : 'no (search falls back to PostgreSQL)'),
      row('Searchable products (database)', s.searchable), row('Indexed documents', s.indexed),
      row('Drift', s.drift), row('Circuit breaker', s.circuitBreaker)));
  }
  container.append(h('h1', {}, 'Search'), status,
    h('div', { class: 'actions' }, reindex, h('button', { type: 'button', onclick: () => refresh().catch((e) => message.error(e)) }, 'Check again')),
    message.element, progress);
  try {
    await refresh();
  } catch (error) {
    message.error(error);
  }
  return () => job && job.stop();
}
