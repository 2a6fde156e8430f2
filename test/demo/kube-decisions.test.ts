// The demo's HPA algorithm (demo/src/hpa-controller.mjs) and the exit code and reason its kubelet
// reports for a container's end (demo/src/kube-pod-status.mjs): pure functions, no processes.
import { describe, expect, it } from 'vitest';
import type { ContainerEnd } from '../../demo/src/cluster.mjs';
import { desiredReplicas, HpaController } from '../../demo/src/hpa-controller.mjs';
import { terminationOf } from '../../demo/src/kube-pod-status.mjs';

describe("the demo's HPA", () => {
  const base = { target: 60, min: 5, max: 10 };
  it('scales by ceil(current x utilization / target), +2 pods at most up, -1 down, within min and max', () => {
    expect(desiredReplicas({ ...base, current: 5, utilization: 93 })).toBe(7); // ceil(7.75) = 8, +2 at most
    expect(desiredReplicas({ ...base, current: 7, utilization: 70 })).toBe(9); // ceil(8.17)
    expect(desiredReplicas({ ...base, current: 9, utilization: 90 })).toBe(10); // max
    expect(desiredReplicas({ ...base, current: 8, utilization: 20 })).toBe(7); // -1 per step
    expect(desiredReplicas({ ...base, current: 5, utilization: 10 })).toBe(5); // min
  });

  it('does nothing within 10 % of the target', () => {
    expect(desiredReplicas({ ...base, current: 6, utilization: 65 })).toBe(6);
    expect(desiredReplicas({ ...base, current: 6, utilization: 55 })).toBe(6);
    expect(desiredReplicas({ ...base, current: 6, utilization: 67 })).toBe(7);
  });

  it('derives the CPU utilization from the load: the pods the load needs at the target over the pods running', () => {
    let current = 5;
    const hpa = new HpaController({
      name: 'web',
      min: 5,
      max: 10,
      demand: () => 7.5,
      current: () => current,
      apply: async (d) => d.desiredReplicas,
      log: () => {},
    });
    expect(hpa.evaluate()).toEqual({ currentReplicas: 5, utilization: 90, desiredReplicas: 7, direction: 'up' });
    current = 10;
    expect(hpa.evaluate()).toEqual({ currentReplicas: 10, utilization: 45, desiredReplicas: 9, direction: 'down' });
  });
});

describe("the demo's container ends as kubelet reports them", () => {
  const end = (e: Partial<ContainerEnd>): ContainerEnd => ({
    code: null,
    signal: null,
    expect: undefined,
    startedAt: 0,
    finishedAt: 1,
    backoffMs: 1000,
    deleting: false,
    shuttingDown: false,
    ...e,
  });
  it('OOMKilled/137 for an OOM kill, Error with the exit code or 128 + signal, Completed for 0', () => {
    expect(terminationOf(end({ signal: 'SIGKILL', expect: 'oom-kill' }))).toEqual({
      reason: 'OOMKilled',
      exitCode: 137,
    });
    expect(terminationOf(end({ code: 1, expect: 'crash' }))).toEqual({ reason: 'Error', exitCode: 1 });
    expect(terminationOf(end({ signal: 'SIGTERM' }))).toEqual({ reason: 'Error', exitCode: 143 });
    expect(terminationOf(end({ signal: 'SIGKILL', expect: 'startup-probe' }))).toEqual({
      reason: 'Error',
      exitCode: 137,
    });
    expect(terminationOf(end({ code: 0 }))).toEqual({ reason: 'Completed', exitCode: 0 });
  });
});
