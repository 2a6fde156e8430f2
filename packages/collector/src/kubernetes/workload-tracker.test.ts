import { describe, expect, it } from 'vitest';
import type { ClusterSink } from './cluster-rows.js';
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
