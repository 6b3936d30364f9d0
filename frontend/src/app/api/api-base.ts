/**
 * The API is served on the same origin as the dashboard, so every URL is relative: no CORS, and
 * the bearer token is only ever sent to the server that issued it.
 */
export const API_BASE = '/api/v1';

/** True for requests to our own API (the only requests that may carry the session token). */
export function isApiUrl(url: string): boolean {
  return url === API_BASE || url.startsWith(`${API_BASE}/`);
}
