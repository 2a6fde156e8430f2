import { describe, expect, it } from 'vitest';
import type { PodTransition } from '../api/types.js';
import { eventLevel, kubernetesEventItem, mergeEvents, toEventItem } from './events.js';

const tr = (o: Partial<PodTransition>): PodTransition => ({
  ts: '2023-11-14T22:13:20.000Z',
  namespace: 'default',
  workload: 'groupware-demo',
  serviceName: 'groupware',
  podName: 'groupware-demo-10-zh4w9',
  instanceId: 'groupw-10-zh4w9',
  transition: 'started',
  fromState: '',
  toState: 'running',
  reason: '',
  message: '',
  ...o,
});

describe('event messages', () => {
  it('levels transitions like the reference console', () => {
    expect(eventLevel(tr({}))).toBe('INFO');
    expect(eventLevel(tr({ transition: 'killed', toState: 'killed', reason: 'no heartbeat' }))).toBe('WARN');
    expect(eventLevel(tr({ transition: 'crashed', toState: 'crashed' }))).toBe('ERROR');
    expect(eventLevel(tr({ transition: 'stopped', toState: 'stopped', reason: 'scale-in' }))).toBe('INFO');
    expect(eventLevel(tr({ transition: 'stopped', toState: 'stopped', reason: 'OOMKilled' }))).toBe('WARN');
  });
  it('uses the collector message or builds one', () => {
    expect(toEventItem(tr({})).text).toBe(
      'pod started; agent connected. Agent: groupw-10-zh4w9@groupware-demo-10-zh4w9',
    );
    expect(toEventItem(tr({ message: 'pod started; agent connected. Agent: a@b (10.131.0.206)' })).text).toBe(
      'pod started; agent connected. Agent: a@b (10.131.0.206)',
    );
    expect(toEventItem(tr({})).tsMs).toBe(1_700_000_000_000);
    // a live transition has the same shape, to the millisecond
    const live: PodTransition = { ...tr({}), ts: '2023-11-14T22:13:20.123Z' };
    expect(toEventItem(live).tsMs).toBe(1_700_000_000_123);
  });
  it('merges REST and live events newest first without duplicates', () => {
    const a = toEventItem(tr({ ts: '2023-11-14T22:13:21.000Z' }));
    const b = toEventItem(tr({ ts: '2023-11-14T22:13:22.000Z', transition: 'killed' }));
    const c = toEventItem(tr({ ts: '2023-11-14T22:13:23.000Z', transition: 'restarted' }));
    expect(mergeEvents([b, a], [c, b]).map((e) => e.transition)).toEqual(['restarted', 'killed', 'started']);
    expect(mergeEvents([b, a], [c], 2)).toHaveLength(2);
  });
  it('interleaves Kubernetes events with agent transitions by time, marked as the cluster', () => {
    const started = toEventItem(tr({ ts: '2023-11-14T22:13:21.000Z' }));
    const backoffEvent = {
      ts: '2023-11-14T22:13:22.000Z',
      namespace: 'default',
      involvedKind: 'Pod',
      involvedName: 'groupware-demo-10-zh4w9',
      workload: 'groupware-demo',
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      count: 5,
      source: 'kubelet',
    };
    const backoff = kubernetesEventItem(backoffEvent);
    const scaled = kubernetesEventItem({
      ts: '2023-11-14T22:13:20.500Z',
      namespace: 'default',
      involvedKind: 'HorizontalPodAutoscaler',
      involvedName: 'groupware-demo',
      workload: 'groupware-demo',
      type: 'Normal',
      reason: 'SuccessfulRescale',
      message: 'New size: 7; reason: cpu resource utilization (percentage of request) above target',
      count: 1,
      source: 'horizontal-pod-autoscaler',
    });
    expect(backoff).toMatchObject({
      level: 'WARN',
      source: 'kubernetes',
      podName: 'groupware-demo-10-zh4w9',
      text: 'BackOff: Back-off restarting failed container (×5)',
    });
    expect(scaled.level).toBe('INFO');
    expect(scaled.podName).toBe('');
    expect(scaled.text).toContain('[HorizontalPodAutoscaler groupware-demo]');
    const merged = mergeEvents([started], [backoff, scaled, backoff]);
    // the same event seen again later with a higher count replaces its line
    const again = kubernetesEventItem({ ...backoffEvent, ts: '2023-11-14T22:13:30.000Z', count: 6 });
    const next = mergeEvents(merged, [again]);
    expect(next).toHaveLength(3);
    expect(next[0]!.text).toBe('BackOff: Back-off restarting failed container (×6)');
    expect(merged.map((e) => e.source)).toEqual(['kubernetes', 'agent', 'kubernetes']);
    expect(merged.map((e) => e.transition)).toEqual(['BackOff', 'started', 'SuccessfulRescale']);
  });
});
