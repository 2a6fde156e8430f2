import { describe, expect, it } from 'vitest';
import type { ClusterRows, ClusterSink, ClusterTable } from './cluster-rows.js';
import { WorkloadTracker } from './workload-tracker.js';

const hpa = (current: number, desired: number, cpu: number) => ({
  metadata: { namespace: 'demo', name: 'web', uid: 'u1' },
  spec: {
    minReplicas: 2,
    maxReplicas: 10,
    scaleTargetRef: { kind: 'Deployment', name: 'web' },
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
  },
  status: {
    currentReplicas: current,
    desiredReplicas: desired,
    currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpu } } }],
  },
});

describe('WorkloadTracker HPA history', () => {
  it('keeps two status changes seen within one millisecond as two points (their key is the timestamp)', () => {
    const rows: { table: string; row: Record<string, unknown> }[] = [];
    const sink = {
      put: (table: string, row: Record<string, unknown>) => rows.push({ table, row }),
    } as unknown as ClusterSink;
    const t = new WorkloadTracker(sink, () => 1_000_000);
    t.hpa(hpa(3, 3, 60), false);
    t.hpa(hpa(3, 5, 90), false);
    t.hpa(hpa(3, 5, 90), false); // unchanged: no row
    t.hpa(hpa(5, 4, 30), false);
    expect(rows.map((r) => [r.table, r.row.Timestamp, r.row.DesiredReplicas, r.row.MetricCurrents])).toEqual([
      ['k8s_hpa_history', 1_000_000, 3, [60]],
      ['k8s_hpa_history', 1_000_001, 5, [90]],
      ['k8s_hpa_history', 1_000_002, 4, [30]],
    ]);
  });
});

const meta = (namespace: string, name: string, owner?: { kind: string; name: string }) => ({
  metadata: { namespace, name, uid: `${name}-uid`, ...(owner ? { ownerReferences: [{ ...owner, uid: 'x' }] } : {}) },
});

describe('WorkloadTracker owners', () => {
  const rows: { table: ClusterTable; row: ClusterRows[ClusterTable] }[] = [];
  const sink = { put: <T extends ClusterTable>(table: T, row: ClusterRows[T]) => void rows.push({ table, row }) };

  it('resolves a Job to its CronJob, from the Job or, before the Job is seen, from a CronJob of its name', () => {
    const w = new WorkloadTracker(sink);
    expect(w.workloadOf('a', 'Job', 'nightly-29400000')).toEqual({ kind: 'Job', name: 'nightly-29400000' });
    w.cronJob(meta('a', 'nightly'), false);
    expect(w.workloadOf('a', 'Job', 'nightly-29400000')).toEqual({ kind: 'CronJob', name: 'nightly' });
    // another namespace's CronJob, or a name that is not <cronjob>-<minutes>, is no match
    expect(w.workloadOf('b', 'Job', 'nightly-29400000')).toEqual({ kind: 'Job', name: 'nightly-29400000' });
    expect(w.workloadOf('a', 'Job', 'nightly-manual')).toEqual({ kind: 'Job', name: 'nightly-manual' });
    w.job(meta('a', 'backup-1', { kind: 'CronJob', name: 'backup' }), false);
    expect(w.workloadOf('a', 'Job', 'backup-1')).toEqual({ kind: 'CronJob', name: 'backup' });
    w.cronJob(meta('a', 'nightly'), true);
    expect(w.workloadOf('a', 'Job', 'nightly-29400000')).toEqual({ kind: 'Job', name: 'nightly-29400000' });
    expect(w.counts()).toMatchObject({ jobs: 1, cronJobs: 0 });
  });

  it('takes a DaemonSet as its own workload, its desired pods as replicas', () => {
    const w = new WorkloadTracker(sink, () => 1_000);
    expect(w.workloadOf('a', 'DaemonSet', 'node-agent')).toEqual({ kind: 'DaemonSet', name: 'node-agent' });
    rows.length = 0;
    const ds = (desired: number, ready: number) => ({
      ...meta('a', 'node-agent'),
      status: {
        desiredNumberScheduled: desired,
        numberReady: ready,
        updatedNumberScheduled: desired,
        numberAvailable: ready,
      },
    });
    w.scalable('DaemonSet', ds(2, 2), false);
    w.scalable('DaemonSet', ds(3, 2), false);
    expect(rows.map((r) => r.row)).toMatchObject([
      { Kind: 'DaemonSet', Replicas: 2, FromReplicas: 2, ReadyReplicas: 2, Cause: 'observed' },
      {
        Kind: 'DaemonSet',
        Replicas: 3,
        FromReplicas: 2,
        ReadyReplicas: 2,
        Cause: 'desired pods 2→3 (nodes matching the DaemonSet)',
      },
    ]);
  });
});
