import { describe, expect, it } from 'vitest';
import { podIdentity, sighting } from '../testing/lifecycle-events.js';
import { clampEventTime, type EventTimeBounds, guardSighting } from './event-time-guard.js';

/** The clock guard between span times and pod lifetimes. */
const NOW = 1_800_000_000_000;
const BOUNDS: EventTimeBounds = { maxBacklogMs: 3_600_000, maxSkewMs: 60_000 };

describe('clampEventTime', () => {
  it('keeps times inside [now - maxBacklogMs, now + maxSkewMs], bounds included', () => {
    for (const ts of [NOW - 3_600_000, NOW - 1, NOW, NOW + 60_000])
      expect(clampEventTime(ts, NOW, BOUNDS)).toEqual({ ts, clamped: null });
  });

  it('clamps older times to the backlog bound and newer ones to the skew bound, naming the bound', () => {
    expect(clampEventTime(NOW - 3_600_001, NOW, BOUNDS)).toEqual({ ts: NOW - 3_600_000, clamped: 'past' });
    expect(clampEventTime(0, NOW, BOUNDS)).toEqual({ ts: NOW - 3_600_000, clamped: 'past' });
    expect(clampEventTime(NOW + 60_001, NOW, BOUNDS)).toEqual({ ts: NOW + 60_000, clamped: 'future' });
  });
});

describe('guardSighting', () => {
  const id = podIdentity('web-1', 'aaaaaaaa-0000-4000-8000-000000000001');

  it('returns the very sighting when both times are inside the bounds', () => {
    const s = sighting(id, NOW + 1000, NOW - 1000);
    expect(guardSighting(s, NOW, BOUNDS)).toEqual({ sighting: s, clamped: [] });
    expect(guardSighting(s, NOW, BOUNDS).sighting).toBe(s);
  });

  it('clamps first and last seen separately and reports each clamp', () => {
    const s = sighting(id, NOW + 120_000, NOW - 7_200_000);
    const g = guardSighting(s, NOW, BOUNDS);
    expect(g.clamped).toEqual(['past', 'future']);
    expect(g.sighting).toMatchObject({ firstSeenMs: NOW - 3_600_000, lastSeenMs: NOW + 60_000, identity: id });
    expect(s).toMatchObject({ firstSeenMs: NOW - 7_200_000, lastSeenMs: NOW + 120_000 });
  });

  it('a sender far in the past has both times clamped to the backlog bound', () => {
    const g = guardSighting(sighting(id, 5_000, 1_000), NOW, BOUNDS);
    expect(g.clamped).toEqual(['past', 'past']);
    expect(g.sighting).toMatchObject({ firstSeenMs: NOW - 3_600_000, lastSeenMs: NOW - 3_600_000 });
  });
});
