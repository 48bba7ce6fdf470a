// The admin's bearer token (localStorage, so a reload keeps the session) and the console's calls:
// JSON through the shared wrapper, plus raw uploads and conditional writes, which need headers.
import { call, Problem } from '/assets/common/api.js';

export const TOKEN_KEY = 'mercato.admin.token';

export function token() {
  return localStorage.getItem(TOKEN_KEY);
}

export function signIn(value) {
  localStorage.setItem(TOKEN_KEY, value);
}

export function signOut() {
  localStorage.removeItem(TOKEN_KEY);
}

// an expired or revoked token sends the operator back to the login form instead of failing every view
function expired(error) {
  if (error instanceof Problem && error.status === 401) {
    signOut();
    if (location.hash !== '#/login') location.hash = '#/login';
  }
  throw error;
}

export function admin(method, path, options = {}) {
  return call(method, path, { ...options, token: token() }).catch(expired);
}

/** A request whose answer headers matter (ETag) or whose body is not JSON (an import file). */
export async function send(method, path, { body, contentType, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json', Authorization: `Bearer ${token()}`, ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType || 'application/json';
    init.body = contentType ? body : JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) return expired(new Problem(response.status, json));
  return { json, etag: response.headers.get('ETag'), status: response.status };
}
