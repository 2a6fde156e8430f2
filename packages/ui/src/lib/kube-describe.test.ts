import { describe, expect, it } from 'vitest';
import { describeContainer, endSourceNote } from './kube-describe.js';

describe('kubectl describe lines', () => {
  it('prints the last state of an OOMKilled container', () => {
    const d = describeContainer({
      name: 'app',
      restartCount: 3,
      ready: false,
      state: 'waiting',
      reason: 'CrashLoopBackOff',
      lastState: {
        container: 'app',
        reason: 'OOMKilled',
        exitCode: 137,
        signal: 9,
        signalName: 'SIGKILL',
        message: '',
        startedAt: null,
        finishedAt: '2026-01-01T10:00:00.000Z',
        restartCount: 3,
        cause: '',
        description: 'OOMKilled: exit code 137 (SIGKILL)',
      },
    });
    expect(d.state).toEqual([
      ['State', 'Waiting'],
      ['Reason', 'CrashLoopBackOff'],
    ]);
    expect(d.lastState.slice(0, 4)).toEqual([
      ['Last State', 'Terminated'],
      ['Reason', 'OOMKilled'],
      ['Exit Code', '137'],
      ['Signal', '9 (SIGKILL)'],
    ]);
    expect(d.lastState.find(([k]) => k === 'Started')?.[1]).toBe('–');
    expect(d.rest).toEqual([
      ['Ready', 'False'],
      ['Restart Count', '3'],
    ]);
  });
  it('says when the cluster replaced the agent end', () => {
    expect(endSourceNote({ endReason: 'OOMKilled', endSource: 'kubernetes', agentEndReason: 'vanished' })).toBe(
      'OOMKilled (cluster) — agent said: vanished',
    );
    expect(endSourceNote({ endReason: 'crashed', endSource: 'agent' })).toBe('');
  });
});
