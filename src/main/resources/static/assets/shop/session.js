// The shopper's session: a bearer token in localStorage (`mercato.token`), a guest's until the
// shopper logs in. A token the server no longer knows (401) is replaced by a fresh guest session.
import { call, Problem } from '/assets/common/api.js';

const TOKEN = 'mercato.token';
const ACCOUNT = 'mercato.account';
let pendingGuest = null;

export function account() {
  try {
    return JSON.parse(localStorage.getItem(ACCOUNT) || 'null');
  } catch {
    return null;
  }
}

export function isCustomer() {
  return Boolean(account());
}

/** The current token, starting a guest session first when there is none. */
export async function token() {
  const stored = localStorage.getItem(TOKEN);
  if (stored) return stored;
  if (!pendingGuest) {
    pendingGuest = call('POST', '/api/auth/guest').then((answer) => {
      localStorage.setItem(TOKEN, answer.token);
      localStorage.removeItem(ACCOUNT);
      return answer.token;
    }).finally(() => { pendingGuest = null; });
  }
  return pendingGuest;
}

/** `call()` with the session's token; a stale token is dropped and the call repeated once as a new guest. */
export async function authed(method, path, options = {}) {
  try {
    return await call(method, path, { ...options, token: await token() });
  } catch (error) {
    if (error instanceof Problem && error.status === 401 && !isCustomer()) {
      localStorage.removeItem(TOKEN);
      return call(method, path, { ...options, token: await token() });
    }
    throw error;
  }
}

function signedIn(answer, email) {
  localStorage.setItem(TOKEN, answer.token);
  localStorage.setItem(ACCOUNT, JSON.stringify({ customerId: answer.customerId, email }));
}

/** Logs in, bringing the guest's cart along (X-Guest-Token). */
export async function login(email, password) {
  const guest = isCustomer() ? null : localStorage.getItem(TOKEN);
  const headers = guest ? { 'X-Guest-Token': guest } : {};
  signedIn(await call('POST', '/api/auth/login', { body: { email, password }, headers }), email);
}

export async function register(name, email, password) {
  const guest = isCustomer() ? null : localStorage.getItem(TOKEN);
  const headers = guest ? { 'X-Guest-Token': guest } : {};
  signedIn(await call('POST', '/api/auth/register', { body: { name, email, password }, headers }), email);
}

export async function logout() {
  const current = localStorage.getItem(TOKEN);
  localStorage.removeItem(TOKEN);
  localStorage.removeItem(ACCOUNT);
  if (current) await call('POST', '/api/auth/logout', { token: current }).catch(() => {});
}
