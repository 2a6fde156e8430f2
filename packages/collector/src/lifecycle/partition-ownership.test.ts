import { partitionForKey } from '@podtrail/contracts/partitioner';
import { describe, expect, it } from 'vitest';
import { LifecyclePartitions } from './partition-ownership.js';

describe('LifecyclePartitions (which lifecycle partitions this collector owns)', () => {
  it('owns everything and is caught up before any assignment (no Kafka)', () => {
    const p = new LifecyclePartitions();
    expect(p.owns('uid-1', 'i-1')).toBe(true);
    expect(p.isCaughtUp('uid-1', 'i-1')).toBe(true);
    expect(p.ownedPartitions()).toBeNull();
  });

  it("maps a pod to its partition with Kafka's murmur2 on the pod uid, else the instance id", () => {
    const p = new LifecyclePartitions();
    p.assign([0, 1, 2], 12);
    expect(p.partitionOf('uid-1', 'i-1')).toBe(partitionForKey('uid-1', 12));
    expect(p.partitionOf('', 'i-1')).toBe(partitionForKey('i-1', 12));
  });

  it('owns the pods of its assigned partitions only; caught up once the consumer says so', () => {
    const p = new LifecyclePartitions();
    const uids = Array.from({ length: 40 }, (_, i) => `uid-${i}`);
    p.assign([3, 5], 8);
    expect(p.ownedPartitions()).toEqual([3, 5]);
    for (const uid of uids) {
      const part = partitionForKey(uid, 8);
      expect(p.owns(uid, 'i')).toBe(part === 3 || part === 5);
      expect(p.isCaughtUp(uid, 'i')).toBe(false);
    }
    p.setCaughtUp(5, true);
    for (const uid of uids) expect(p.isCaughtUp(uid, 'i')).toBe(partitionForKey(uid, 8) === 5);
    p.setCaughtUp(5, false);
    for (const uid of uids) expect(p.isCaughtUp(uid, 'i')).toBe(false);
  });

  it('once the consumer stops nothing is caught up, whatever a last batch reports, until the next assignment', () => {
    const p = new LifecyclePartitions();
    p.assign([0, 1], 2);
    p.setCaughtUp(0, true);
    p.setCaughtUp(1, true);
    p.stopConsuming();
    p.setCaughtUp(0, true); // a batch still finishing while the consumer stops
    expect([p.isCaughtUp('uid-a', 'i'), p.isCaughtUp('uid-b', 'i')]).toEqual([false, false]);
    expect(p.owns('uid-a', 'i')).toBe(true);
    p.assign([0, 1], 2);
    p.setCaughtUp(partitionForKey('uid-a', 2), true);
    expect(p.isCaughtUp('uid-a', 'i')).toBe(true);
  });

  it('a new assignment clears the caught-up flags; a partition count of 0 counts as 1', () => {
    const p = new LifecyclePartitions();
    p.assign([0], 4);
    p.setCaughtUp(0, true);
    p.assign([0], 0);
    expect(p.partitionOf('uid-9', 'i')).toBe(0);
    expect(p.owns('uid-9', 'i')).toBe(true);
    expect(p.isCaughtUp('uid-9', 'i')).toBe(false);
  });
});
