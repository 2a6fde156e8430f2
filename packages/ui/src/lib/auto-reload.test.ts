import { describe, expect, it } from 'vitest';
import { reloadReason } from './auto-reload.js';

const base = {
  nowMs: 10_000_000,
  disconnectedSince: null,
  myBuild: 'b1',
  servedBuild: 'b1',
  serverReachable: true,
  lastReloadMs: null,
};

describe('reloadReason', () => {
  it('reloads when a new build is served', () => {
    expect(reloadReason(base)).toBeNull();
    expect(reloadReason({ ...base, servedBuild: 'b2' })).toBe('version');
    expect(reloadReason({ ...base, servedBuild: null })).toBeNull();
  });
  it('reloads after more than 10 minutes without the live stream, once the server answers', () => {
    expect(reloadReason({ ...base, disconnectedSince: base.nowMs - 9 * 60_000 })).toBeNull();
    expect(reloadReason({ ...base, disconnectedSince: base.nowMs - 11 * 60_000 })).toBe('disconnected');
    expect(reloadReason({ ...base, disconnectedSince: base.nowMs - 11 * 60_000, serverReachable: false })).toBeNull();
  });
  it('never reloads in a loop', () => {
    expect(reloadReason({ ...base, servedBuild: 'b2', lastReloadMs: base.nowMs - 60_000 })).toBeNull();
    expect(reloadReason({ ...base, servedBuild: 'b2', lastReloadMs: base.nowMs - 180_000 })).toBe('version');
  });
});
