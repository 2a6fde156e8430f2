import type { WorkloadHpaResponse } from '@podtrail/contracts/api';
import { describe, expect, it } from 'vitest';
import { hasHpaData, hpaChartData } from './hpa-series.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const iso = (sec: number) => new Date(T0 + sec * 1000).toISOString();
const point = (sec: number, current: number, desired: number, cpu: number | null) => ({
  ts: iso(sec),
  minReplicas: 5,
  maxReplicas: 10,
  currentReplicas: current,
  desiredReplicas: desired,
  metrics: [{ name: 'cpu', type: 'Utilization', target: 60, current: cpu }],
  lastScaleTime: null,
});
const base = (o: Partial<WorkloadHpaResponse>): WorkloadHpaResponse => ({
  namespace: 'shop',
  workload: 'web',
  from: iso(0),
  to: iso(600),
  hpas: [],
  replicas: [],
  terminations: [],
  ...o,
});

describe('HPA chart series', () => {
  it('steps current/desired/min/max and the metric against its target, held to the window end', () => {
    const d = hpaChartData(
      base({
        hpas: [
          {
            name: 'web',
            targetKind: 'Deployment',
            points: [point(-30, 5, 5, 40), point(120, 5, 7, 93), point(180, 7, 7, 61)],
          },
        ],
      }),
    );
    const s = T0 / 1000;
    // the point before the window starts it
    expect(d.t).toEqual([s, s + 120, s + 180, s + 600]);
    expect(d.current).toEqual([5, 5, 7, 7]);
    expect(d.desired).toEqual([5, 7, 7, 7]);
    expect(d.min).toEqual([5, 5, 5, 5]);
    expect(d.max).toEqual([10, 10, 10, 10]);
    expect(d.metric).toEqual([40, 93, 61, 61]);
    expect(d.target).toEqual([60, 60, 60, 60]);
    expect(d.metricName).toBe('cpu');
    expect(d.hpaPoints).toBe(3);
    expect(d.hpaName).toBe('web');
  });
  it('uses replica changes when no HPA point exists, and orders restart markers', () => {
    const rc = (sec: number, replicas: number, ready: number) => ({
      ts: iso(sec),
      kind: 'Deployment',
      replicas,
      fromReplicas: 0,
      readyReplicas: ready,
      updatedReplicas: replicas,
      availableReplicas: ready,
      cause: 'observed',
    });
    const term = (sec: number, reason: string) => ({
      podName: 'web-1',
      container: 'app',
      reason,
      exitCode: 137,
      signal: 9,
      signalName: 'SIGKILL',
      message: '',
      startedAt: null,
      finishedAt: iso(sec),
      restartCount: 1,
      cause: '',
      description: `${reason}: exit code 137 (SIGKILL)`,
    });
    const r = base({
      replicas: [rc(60, 3, 2), rc(10, 2, 2)],
      terminations: [term(300, 'OOMKilled'), term(200, 'Error')],
    });
    const d = hpaChartData(r);
    expect(hasHpaData(r)).toBe(true);
    expect(d.desired).toEqual([2, 3, 3]);
    expect(d.current).toEqual([2, 2, 2]);
    expect(d.min).toEqual([null, null, null]);
    expect(d.metric).toEqual([null, null, null]);
    expect(d.markers.map((m) => m.reason)).toEqual(['Error', 'OOMKilled']);
    expect(hasHpaData(base({}))).toBe(false);
    expect(hpaChartData(base({})).t).toEqual([]);
  });
});
