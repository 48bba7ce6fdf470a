// Follows a background job (/api/admin/jobs/{id}) into a <progress> bar until it stops running.
import { h } from './dom.js';
import { admin } from './session.js';

const POLL_MS = 500;

/** Renders the job's progress into {@code host}; resolves with the final job, and stop() ends the polling. */
export function followJob(host, jobId, label) {
  const bar = h('progress', { id: 'job-progress', max: '1', value: '0', 'aria-label': label });
  const text = h('p', { class: 'job-text', id: 'job-status', 'aria-live': 'polite' }, 'Starting…');
  const errors = h('ul', { class: 'job-errors', id: 'job-errors' });
  host.replaceChildren(h('div', { class: 'job' }, bar, text, errors));
  let timer = null;
  let stopped = false;
  const done = new Promise((resolve, reject) => {
    const poll = async () => {
      if (stopped) return;
      try {
        const job = await admin('GET', `/api/admin/jobs/${jobId}`);
        const total = Math.max(job.total || 0, job.processed || 0);
        bar.max = total || 1;
        bar.value = job.status === 'running' ? job.processed || 0 : bar.max;
        const rate = job.itemsPerSecond ? `, ${Math.round(job.itemsPerSecond)}/s` : '';
        text.textContent = `${job.status}: ${job.processed} of ${job.total || '?'} processed, ${job.failed} failed${rate}`
          + (job.message ? ` (${job.message})` : '');
        host.dataset.status = job.status;
        errors.replaceChildren(...(job.errors || []).slice(0, 20).map((e) => h('li', {}, `line ${e.line}: ${e.message}`)));
        if (job.status === 'running') timer = setTimeout(poll, POLL_MS);
        else resolve(job);
      } catch (error) {
        text.textContent = `Could not read the job: ${error.message}`;
        reject(error);
      }
    };
    poll();
  });
  done.catch(() => {});
  return { done, stop() { stopped = true; clearTimeout(timer); } };
}
