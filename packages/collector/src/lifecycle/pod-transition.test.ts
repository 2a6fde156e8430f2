import { describe, expect, it } from 'vitest';
import { type PodTransitionRow, toPodTransition } from './pod-transition.js';

const row: PodTransitionRow = {
  Timestamp: 1_700_000_000_123,
  Namespace: 'shop',
  Workload: 'cart',
  ServiceName: 'cart',
  PodName: 'cart-7d4b9c8f5-abcde',
  InstanceId: 'i-1',
  Transition: 'restarted',
  FromState: 'crashed',
  ToState: 'running',
  Reason: 'previous instance crashed',
  Message: 'pod restarted (restart #1)',
};

const expected = {
  ts: '2023-11-14T22:13:20.123Z',
  namespace: 'shop',
  workload: 'cart',
  serviceName: 'cart',
  podName: 'cart-7d4b9c8f5-abcde',
  instanceId: 'i-1',
  transition: 'restarted',
  fromState: 'crashed',
  toState: 'running',
  reason: 'previous instance crashed',
  message: 'pod restarted (restart #1)',
};

describe('toPodTransition', () => {
  it('maps the row the tracker writes and the row read back from ClickHouse to the same shape', () => {
    expect(toPodTransition(row)).toEqual(expected);
    const { Timestamp, ...rest } = row;
    expect(toPodTransition({ ...rest, TimestampMs: String(Timestamp) })).toEqual(expected);
    expect(toPodTransition({ ...rest, TimestampMs: Timestamp })).toEqual(expected);
    expect(toPodTransition({ ...row, Transition: 'started', FromState: '' })).toMatchObject({
      transition: 'started',
      fromState: '',
    });
  });

  it('refuses names outside the contract', () => {
    expect(() => toPodTransition({ ...row, Transition: 'exploded' })).toThrow(/Transition holds "exploded"/);
    expect(() => toPodTransition({ ...row, ToState: '' })).toThrow(/ToState/);
    expect(() => toPodTransition({ ...row, FromState: 'gone' })).toThrow(/FromState/);
  });
});
