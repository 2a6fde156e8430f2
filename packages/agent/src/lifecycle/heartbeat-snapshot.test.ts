import { HEARTBEAT_ATTRS } from '@podtrail/contracts/constants';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import { type InFlightTransaction, oldestStartedBefore } from '../sdk/in-flight.js';
import { containerMemoryLimit, HeartbeatSampler, parseCgroupMemoryLimit } from './heartbeat-snapshot.js';

const tx = (n: number, startedAtMs: number, route?: string): InFlightTransaction => ({
  traceId: `${n}`.padStart(32, '0'),
  spanId: `${n}`.padStart(16, '0'),
  method: 'GET',
  route,
  url: `/slow/${n}`,
  startedAtMs,
});

describe('oldestStartedBefore', () => {
  const start = (t: InFlightTransaction) => t.startedAtMs;

  it('keeps only what started at or before the cutoff, oldest first, skipping empty slots', () => {
    const items = [tx(1, 5000), undefined, tx(2, 1000), tx(3, 4001), tx(4, 4000), undefined];
    const r = oldestStartedBefore(items, start, 4000, 20);
    expect(r.total).toBe(2);
    expect(r.oldest.map((t) => t.traceId.slice(-1))).toEqual(['2', '4']);
  });

  it('bounds the list but counts every one', () => {
    const items = Array.from({ length: 50 }, (_, i) => tx(i, 10_000 - i * 10));
    const r = oldestStartedBefore(items, start, 10_000, 20);
    expect(r.total).toBe(50);
    expect(r.oldest).toHaveLength(20);
    expect(r.oldest[0]?.startedAtMs).toBe(10_000 - 49 * 10);
    expect(r.oldest[19]?.startedAtMs).toBe(10_000 - 30 * 10);
  });

  it('gives nothing when nothing is old enough', () => {
    expect(oldestStartedBefore([tx(1, 100)], start, 99, 20)).toEqual({ total: 0, oldest: [] });
  });
});

describe('parseCgroupMemoryLimit', () => {
  it('reads bytes, treats "max", v1 "unlimited" and garbage as no limit', () => {
    expect(parseCgroupMemoryLimit('536870912\n')).toBe(536_870_912);
    expect(parseCgroupMemoryLimit('max\n')).toBeUndefined();
    expect(parseCgroupMemoryLimit('9223372036854771712\n')).toBeUndefined();
    expect(parseCgroupMemoryLimit('')).toBeUndefined();
    expect(parseCgroupMemoryLimit('12ab')).toBeUndefined();
    expect(parseCgroupMemoryLimit('0')).toBeUndefined();
    expect(parseCgroupMemoryLimit(undefined)).toBeUndefined();
  });
});

describe('containerMemoryLimit', () => {
  const files = (m: Record<string, string>) => (p: string) => m[p];

  it('cgroup v2: the process cgroup first, then the namespace root', () => {
    const v2 = files({
      '/proc/self/cgroup': '0::/kubepods/pod1/ctr\n',
      '/sys/fs/cgroup/kubepods/pod1/ctr/memory.max': '268435456\n',
      '/sys/fs/cgroup/memory.max': 'max\n',
    });
    expect(containerMemoryLimit(v2)).toBe(268_435_456);
    const inContainer = files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/memory.max': '134217728\n' });
    expect(containerMemoryLimit(inContainer)).toBe(134_217_728);
    const unlimited = files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/memory.max': 'max\n' });
    expect(containerMemoryLimit(unlimited)).toBeUndefined();
  });

  it('cgroup v1: memory.limit_in_bytes, "unlimited" as no limit', () => {
    const v1 = files({
      '/proc/self/cgroup': '12:memory:/docker/abc\n11:cpu:/docker/abc\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '1073741824\n',
    });
    expect(containerMemoryLimit(v1)).toBe(1_073_741_824);
    const v1Unlimited = files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n' });
    expect(containerMemoryLimit(v1Unlimited)).toBeUndefined();
  });

  it('no cgroup files: unknown', () => {
    expect(containerMemoryLimit(files({}))).toBeUndefined();
  });
});

describe('HeartbeatSampler', () => {
  it('lists the transactions past the threshold, bounded, named by the URL template when unrouted', () => {
    const now = 100_000;
    const all = [tx(1, now - 5000), tx(2, now - 999), tx(3, now - 1000, 'GET /r/:id'), tx(4, now - 30_000)];
    const seen: [number, number][] = [];
    const s = new HeartbeatSampler({
      inFlightThresholdMs: 1000,
      inFlightMax: 2,
      now: () => now,
      readFile: () => undefined,
      inFlight: (cutoff, max) => {
        seen.push([cutoff, max]);
        return oldestStartedBefore(all, (t) => t.startedAtMs, cutoff, max);
      },
      routeOf: (path) => path.replace(/\d+$/, '{id}'),
    });
    try {
      const a = s.inFlight();
      expect(seen).toEqual([[now - 1000, 2]]);
      expect(a[HEARTBEAT_ATTRS.inFlightTotal]).toBe(3);
      expect(a[HEARTBEAT_ATTRS.inFlightThresholdMs]).toBe(1000);
      const list = JSON.parse(String(a[HEARTBEAT_ATTRS.inFlight])) as InFlightTransaction[];
      expect(list.map((t) => [t.traceId.slice(-1), t.route])).toEqual([
        ['4', '/slow/{id}'],
        ['1', '/slow/{id}'],
      ]);
    } finally {
      s.stop();
    }
  });

  it('reports memory, the heap limit and the container limit, re-reading the limit once a minute', () => {
    let now = 0;
    let reads = 0;
    let limit = '536870912';
    const s = new HeartbeatSampler({
      inFlightThresholdMs: 1000,
      inFlightMax: 20,
      inFlight: () => ({ total: 0, oldest: [] }),
      now: () => now,
      readFile: (p) => {
        if (p !== '/sys/fs/cgroup/memory.max') return undefined;
        reads++;
        return limit;
      },
    });
    try {
      const r = s.runtime();
      for (const k of [
        HEARTBEAT_ATTRS.rss,
        HEARTBEAT_ATTRS.heapUsed,
        HEARTBEAT_ATTRS.heapLimit,
        HEARTBEAT_ATTRS.external,
        HEARTBEAT_ATTRS.arrayBuffers,
      ])
        expect(r[k], k).toBeGreaterThan(0);
      expect(r[HEARTBEAT_ATTRS.heapLimit]).toBeGreaterThan(Number(r[HEARTBEAT_ATTRS.heapUsed]));
      expect(r[HEARTBEAT_ATTRS.containerMemoryLimit]).toBe(536_870_912);
      limit = 'max';
      now = 59_999;
      expect(s.runtime()[HEARTBEAT_ATTRS.containerMemoryLimit]).toBe(536_870_912);
      expect(reads).toBe(1);
      now = 60_000;
      expect(s.runtime()[HEARTBEAT_ATTRS.containerMemoryLimit]).toBeUndefined();
      expect(reads).toBe(2);
    } finally {
      s.stop();
    }
  });

  it('reports the event-loop delay since the previous heartbeat', async () => {
    const s = new HeartbeatSampler({
      inFlightThresholdMs: 1000,
      inFlightMax: 20,
      inFlight: () => ({ total: 0, oldest: [] }),
      readFile: () => undefined,
    });
    try {
      await new Promise((r) => setTimeout(r, 60));
      const busyUntil = Date.now() + 120;
      while (Date.now() < busyUntil) {
        // block the loop: the next delay sample is at least ~100 ms
      }
      await new Promise((r) => setTimeout(r, 60));
      const r = s.runtime();
      expect(Number(r[HEARTBEAT_ATTRS.eventLoopDelayMaxMs])).toBeGreaterThanOrEqual(100);
      expect(Number(r[HEARTBEAT_ATTRS.eventLoopDelayP99Ms])).toBeGreaterThan(0);
    } finally {
      s.stop();
    }
  });
});

describe('PODTRAIL_INFLIGHT_SNAPSHOT_MS', () => {
  it('defaults to 1000 ms, takes an integer, names the field when wrong', () => {
    const ok = resolveConfig({}, {});
    expect(ok.ok && ok.config.inFlightSnapshotMs).toBe(1000);
    const set = resolveConfig({}, { PODTRAIL_INFLIGHT_SNAPSHOT_MS: '250' });
    expect(set.ok && set.config.inFlightSnapshotMs).toBe(250);
    const bad = resolveConfig({}, { PODTRAIL_INFLIGHT_SNAPSHOT_MS: 'soon' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join('; ')).toContain('PODTRAIL_INFLIGHT_SNAPSHOT_MS must be an integer');
  });
});
