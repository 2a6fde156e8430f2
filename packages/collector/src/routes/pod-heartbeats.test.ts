import { describe, expect, it } from 'vitest';
import { MAX_MEMORY_POINTS, memoryBucketMs, toInFlight } from './pod-heartbeats.js';

describe('memoryBucketMs', () => {
  it('one point per heartbeat while the pod has at most MAX_MEMORY_POINTS of them', () => {
    expect(memoryBucketMs([])).toBe(1);
    expect(memoryBucketMs([{ n: MAX_MEMORY_POINTS, firstMs: 0, lastMs: 86_400_000 }])).toBe(1);
  });

  it('beyond that, buckets sized so the lifetimes of all instances fill about MAX_MEMORY_POINTS', () => {
    const day = 86_400_000;
    const rows = [
      { n: 17_280, firstMs: 0, lastMs: day },
      { n: 2, firstMs: day, lastMs: day + 5000 },
    ];
    const b = memoryBucketMs(rows);
    expect(b).toBe(Math.ceil((day + 5000) / MAX_MEMORY_POINTS));
    expect(Math.ceil(day / b) + 1).toBeLessThanOrEqual(MAX_MEMORY_POINTS + 1);
  });
});

describe('toInFlight', () => {
  it('maps the wire entry, missing fields as empty, a bad start as null', () => {
    expect(
      toInFlight({ traceId: 't', spanId: 's', method: 'GET', route: '/r/{id}', url: '/r/1', startedAtMs: 1000 }),
    ).toEqual({
      traceId: 't',
      spanId: 's',
      method: 'GET',
      route: '/r/{id}',
      url: '/r/1',
      startedAt: '1970-01-01T00:00:01.000Z',
    });
    expect(toInFlight({ traceId: 't', startedAtMs: 'soon' })).toEqual({
      traceId: 't',
      spanId: '',
      method: '',
      route: '',
      url: '',
      startedAt: null,
    });
    expect(toInFlight(null).traceId).toBe('');
  });
});
