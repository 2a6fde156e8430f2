/**
 * The API token: `?token=` in the page URL wins (wall-screen links carry a read-only token), then
 * the one saved in this browser by the login prompt. A URL token is never written to storage.
 */
const STORAGE_KEY = 'podtrail.token';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function urlToken(): string | null {
  if (typeof location === 'undefined') return null;
  const fromSearch = new URLSearchParams(location.search).get('token');
  if (fromSearch) return fromSearch;
  const q = location.hash.indexOf('?');
  return q >= 0 ? new URLSearchParams(location.hash.slice(q + 1)).get('token') : null;
}

export function getToken(): string | null {
  return urlToken() ?? storage()?.getItem(STORAGE_KEY) ?? null;
}

export function saveToken(token: string): void {
  storage()?.setItem(STORAGE_KEY, token.trim());
}

export function clearToken(): void {
  storage()?.removeItem(STORAGE_KEY);
}

export type AuthState = 'unknown' | 'ok' | 'required';
type Listener = (s: AuthState) => void;

let state: AuthState = 'unknown';
const listeners = new Set<Listener>();

/** Auth outcome of the last API answer: a 401/403 anywhere asks for a token. */
export const auth = {
  get state(): AuthState {
    return state;
  },
  set(next: AuthState): void {
    if (next === state) return;
    state = next;
    for (const l of listeners) l(next);
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
