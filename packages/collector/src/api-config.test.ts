import { describe, expect, it } from 'vitest';
import { ApiConfigError, apdexThresholdFor, loadApiConfig } from './api-config.js';

describe('loadApiConfig', () => {
  it('has safe defaults', () => {
    const c = loadApiConfig({});
    expect(c).toMatchObject({ authEnabled: true, bootstrapTokens: true, apdexThresholdMs: 500, corsOrigins: [] });
    expect(c.staticTokens).toEqual([]);
  });

  it('parses tokens, CORS, Apdex overrides and options win over env', () => {
    const c = loadApiConfig(
      {
        PODTRAIL_TOKENS:
          'read:abcdefghijklmnop1234,admin:ADMINTOKEN-0123456789:2030-01-01T00:00:00Z, ingest:ingest.token.000001:1700000000000',
        PODTRAIL_CORS_ORIGINS: 'http://wall.local:8080, https://ops.example',
        PODTRAIL_APDEX_T_MS: '800',
        PODTRAIL_APDEX_T_MS_BY_SERVICE: 'svc=300, other=1200',
        PODTRAIL_RATE_LIMIT_PER_MIN: '60',
      },
      { rateLimitPerMin: 10 },
    );
    expect(c.staticTokens).toEqual([
      { role: 'read', token: 'abcdefghijklmnop1234' },
      { role: 'admin', token: 'ADMINTOKEN-0123456789', expiresAt: Date.parse('2030-01-01T00:00:00Z') },
      { role: 'ingest', token: 'ingest.token.000001', expiresAt: 1700000000000 },
    ]);
    expect(c.corsOrigins).toEqual(['http://wall.local:8080', 'https://ops.example']);
    expect(apdexThresholdFor(c, 'svc')).toBe(300);
    expect(apdexThresholdFor(c, 'nope')).toBe(800);
    expect(c.rateLimitPerMin).toBe(10);
  });

  it('reports every error at once', () => {
    try {
      loadApiConfig({
        PODTRAIL_TOKENS: 'root:abcdefghijklmnop1234,read:short',
        PODTRAIL_APDEX_T_MS: 'fast',
        PODTRAIL_APDEX_T_MS_BY_SERVICE: 'svc',
        PODTRAIL_CORS_ORIGINS: 'wall.local',
        PODTRAIL_AUTH: 'maybe',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiConfigError);
      const e = err as ApiConfigError;
      expect(e.code).toBe('APM_ERR_CONFIG_INVALID');
      expect(e.errors.length).toBe(6);
      expect(e.message).toContain('PODTRAIL_APDEX_T_MS must be an integer');
      expect(e.message).toContain('PODTRAIL_TOKENS entry #1');
      expect(e.message).toContain('PODTRAIL_TOKENS entry #2');
    }
  });

  it('allows PODTRAIL_AUTH=off only on loopback unless acknowledged', () => {
    expect(loadApiConfig({ PODTRAIL_AUTH: 'off' }, {}, '127.0.0.1').authEnabled).toBe(false);
    expect(() => loadApiConfig({ PODTRAIL_AUTH: 'off' }, {}, '0.0.0.0')).toThrow(/loopback/);
    expect(
      loadApiConfig({ PODTRAIL_AUTH: 'off', PODTRAIL_AUTH_OFF_I_UNDERSTAND: '1' }, {}, '0.0.0.0').authEnabled,
    ).toBe(false);
  });
});
