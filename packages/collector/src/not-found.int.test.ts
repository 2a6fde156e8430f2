import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpOnlyApp } from './testing/otlp-only-app.js';

/**
 * Unknown paths on the real app with a built UI: the static plugin's wildcard route must not
 * swallow unknown /api/... and /v1/... paths (they answer the API error shape with an APM_ERR
 * code), while `/`, the UI's assets and browser navigations keep getting the UI.
 */
const READ = 'read-token-not-found-0001';
const uiDir = mkdtempSync(join(tmpdir(), 'podtrail-ui-'));
const INDEX = '<!doctype html><title>podtrail</title><div id="root"></div>';
const ASSET = 'console.log("podtrail ui");';

// registered before the app's hooks: the UI is written before the app is built, removed after it closed
beforeAll(() => {
  mkdirSync(join(uiDir, 'assets'));
  writeFileSync(join(uiDir, 'index.html'), INDEX);
  writeFileSync(join(uiDir, 'assets', 'index-abc123.js'), ASSET);
});
afterAll(() => {
  rmSync(uiDir, { recursive: true, force: true });
});
const collector = otlpOnlyApp({ config: { uiDir }, tokens: [{ role: 'read', token: READ }] });

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const auth = { authorization: `Bearer ${READ}` };

describe('unknown paths', () => {
  it('serve the UI at /, its assets, and index.html for browser navigations', async () => {
    const root = await collector.app.inject({ url: '/', headers: html });
    expect([root.statusCode, root.body]).toEqual([200, INDEX]);
    expect(root.headers['content-type']).toContain('text/html');
    const asset = await collector.app.inject({ url: '/assets/index-abc123.js' });
    expect([asset.statusCode, asset.body]).toEqual([200, ASSET]);
    const nav = await collector.app.inject({ url: '/pods/shop/web-1', headers: html });
    expect([nav.statusCode, nav.body]).toEqual([200, INDEX]);
  });

  it('answer 404 with the API error shape and an APM_ERR code under /api and /v1', async () => {
    const cases: [method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, code: string][] = [
      ['GET', '/api/v1/nope', auth, 'APM_ERR_API_NOT_FOUND'],
      ['GET', '/api/v1/nope?x=1', { ...auth, ...html }, 'APM_ERR_API_NOT_FOUND'],
      ['GET', '/api/v1/traces', {}, 'APM_ERR_API_NOT_FOUND'],
      ['POST', '/api/v1/nope', auth, 'APM_ERR_API_NOT_FOUND'],
      ['DELETE', '/api/v1/velocity', auth, 'APM_ERR_API_NOT_FOUND'],
      ['GET', '/api/v2/velocity', html, 'APM_ERR_API_NOT_FOUND'],
      ['GET', '/api', {}, 'APM_ERR_API_NOT_FOUND'],
      ['GET', '/v1/nope', html, 'APM_ERR_OTLP_NOT_FOUND'],
      ['GET', '/v1/traces', {}, 'APM_ERR_OTLP_NOT_FOUND'],
      ['POST', '/v1/spans', { 'content-type': 'application/x-protobuf' }, 'APM_ERR_OTLP_NOT_FOUND'],
      ['GET', '/assets/missing.js', {}, 'APM_ERR_API_NOT_FOUND'],
    ];
    for (const [method, url, headers, code] of cases) {
      const res = await collector.app.inject({ method, url, headers });
      expect({ url, method, status: res.statusCode, type: res.headers['content-type'] }).toEqual({
        url,
        method,
        status: 404,
        type: 'application/json; charset=utf-8',
      });
      expect(res.json()).toEqual({
        statusCode: 404,
        code,
        error: 'Not Found',
        message: `no route ${method} ${url.split('?')[0]}`,
      });
    }
  });

  it('leave known routes alone', async () => {
    expect((await collector.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const who = await collector.app.inject({ url: '/api/v1/whoami', headers: auth });
    expect([who.statusCode, who.json().role]).toEqual([200, 'read']);
    expect((await collector.app.inject({ url: '/api/v1/whoami' })).json().code).toBe('APM_ERR_AUTH_MISSING');
  });
});
