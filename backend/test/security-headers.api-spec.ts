import { bearer } from './support/api';
import { useApi } from './support/use-api';
import { V1 } from './support/clinical-fixtures';

/** Security headers (helmet) and caching of patient data. */
describe('security headers', () => {
  const { api, world } = useApi();

  it('sends a strict Content-Security-Policy and the usual hardening headers on the API', async () => {
    const res = await api.http().get(`${V1}/patients`).set(bearer(world.tokens.a.nurse));
    expect(res.status).toBe(200);
    const csp = res.headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    // Patient data is never cached by browsers or proxies.
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('keeps the same policy on errors, and lets only the API documentation run inline script', async () => {
    const denied = await api.http().get(`${V1}/patients`);
    expect(denied.status).toBe(401);
    expect(denied.headers['content-security-policy']).toContain("script-src 'self'");
    expect(denied.headers['cache-control']).toBe('no-store');
    const docs = await api.http().get('/api/docs/');
    expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
  });
});
