import { describe, expect, it } from 'vitest';
import { causeOf, matchTermination, mergeEnd, type StoredTermination } from './end-merge.js';

const term = (o: Partial<StoredTermination>): StoredTermination => ({
  podUid: 'u1',
  container: 'app',
  reason: 'OOMKilled',
  exitCode: 137,
  signal: 0,
  message: '',
  startedAtMs: 1_000,
  finishedAtMs: 10_000,
  restartCount: 1,
  ...o,
});

describe('cluster-reported ends', () => {
  it('replace an inferred end (vanished) with the cluster reason and keep the agent words aside', () => {
    const m = mergeEnd({ state: 'killed', endReason: 'vanished: no heartbeat' }, term({}), '');
    expect(m).toEqual({
      state: 'killed',
      endReason: 'OOMKilled: exit code 137 (SIGKILL)',
      endSource: 'kubernetes',
      agentEndReason: 'vanished: no heartbeat',
    });
  });

  it('leave an end the agent reported itself', () => {
    const m = mergeEnd({ state: 'crashed', endReason: 'TypeError: x' }, term({ reason: 'Error', exitCode: 1 }), '');
    expect(m).toEqual({ state: 'crashed', endReason: 'TypeError: x', endSource: 'agent' });
  });

  it('map reasons to states: error exit crashed, completed stopped, eviction killed', () => {
    expect(mergeEnd({ state: 'restarted', endReason: '' }, term({ reason: 'Error', exitCode: 2 }), '').state).toBe(
      'crashed',
    );
    expect(mergeEnd({ state: 'running', endReason: '' }, term({ reason: 'Completed', exitCode: 0 }), '').state).toBe(
      'stopped',
    );
    const ev = mergeEnd(
      { state: 'killed', endReason: '' },
      term({ container: '', reason: 'Evicted', exitCode: 0, message: 'low on memory' }),
      '',
    );
    expect(ev).toMatchObject({ state: 'killed', endReason: 'Evicted: low on memory' });
  });

  it('name a liveness probe as the cause of a kill', () => {
    const t = term({ reason: 'Error', exitCode: 137 });
    const cause = causeOf(t, [
      {
        podUid: 'u1',
        tsMs: 9_000,
        reason: 'Unhealthy',
        message: 'Liveness probe failed: HTTP probe failed with statuscode: 500',
      },
      { podUid: 'u2', tsMs: 9_000, reason: 'Unhealthy', message: 'Liveness probe failed: other pod' },
      { podUid: 'u1', tsMs: 9_000, reason: 'Unhealthy', message: 'Readiness probe failed: not ready' },
    ]);
    expect(cause).toBe('Liveness probe failed: HTTP probe failed with statuscode: 500');
    expect(mergeEnd({ state: 'killed', endReason: '' }, t, cause).endReason).toBe(
      'Liveness probe failed: HTTP probe failed with statuscode: 500 (Error: exit code 137 (SIGKILL))',
    );
  });

  it('match an instance to the first termination that finished after it started', () => {
    const a = term({ finishedAtMs: 5_000 });
    const b = term({ finishedAtMs: 12_000 });
    expect(matchTermination(6_000, [a, b])).toBe(b);
    expect(matchTermination(13_000, [a, b])).toBeNull();
  });
});
