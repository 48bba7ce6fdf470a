// The one way pages talk to Mercato: JSON over fetch with the session's bearer token, and RFC 9457
// problems turned into errors that carry the problem (type, title, detail) for the page to show.

export class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = body || {};
  }
  get type() {
    return this.problem.type || '';
  }
  /** The last segment of the problem type (`https://mercato.dev/problems/insufficient-stock` -> `insufficient-stock`). */
  get code() {
    const type = this.type;
    return type.slice(type.lastIndexOf('/') + 1);
  }
}

export async function call(method, path, { body, token, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Problem(response.status, json);
  return json;
}

/**
 * A conditional GET for polling: with the ETag of the last answer the server says 304 when nothing
 * changed. Answers `{changed, etag, body}`; the browser's own cache is bypassed so the 304 reaches us.
 */
export async function callIfChanged(path, { token, etag } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (etag) headers['If-None-Match'] = etag;
  const response = await fetch(path, { headers, cache: 'no-store' });
  if (response.status === 304) return { changed: false, etag, body: null };
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Problem(response.status, json);
  return { changed: true, etag: response.headers.get('ETag'), body: json };
}
