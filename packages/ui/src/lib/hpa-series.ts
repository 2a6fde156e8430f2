import type { WorkloadHpaResponse } from '@podtrail/contracts/api';
import { timeMs } from '../api/types.js';

/** The HPA charts' columns: uPlot's aligned data, epoch seconds on x, stepped (each value holds until the next). */
export interface HpaChartData {
  /** the HPA drawn (the first that targets the workload), '' when only replica changes are known */
  hpaName: string;
  t: number[];
  current: (number | null)[];
  desired: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
  /** the first metric of the HPA (cpu Utilization, ...) and its target */
  metricName: string;
  metricType: string;
  metric: (number | null)[];
  target: (number | null)[];
  /** HPA status points and replica changes the series were made of */
  hpaPoints: number;
  replicaPoints: number;
  /** restart markers: every termination in the window, oldest first */
  markers: { tSec: number; podName: string; container: string; reason: string; description: string }[];
  fromSec: number;
  toSec: number;
}

/**
 * Replica and metric series of a workload from its HPA history and its Deployment's replica
 * changes: the HPA's points give current/desired/min/max and the metric; replica changes (the
 * workload's `spec.replicas`) fill `desired` where no HPA point says it, so a workload without
 * an HPA still gets a replica line.
 */
export function hpaChartData(res: WorkloadHpaResponse): HpaChartData {
  const fromSec = timeMs(res.from) / 1000;
  const toSec = timeMs(res.to) / 1000;
  const hpa = res.hpas.find((h) => h.points.length > 0) ?? null;
  const hpaPts = [...(hpa?.points ?? [])].sort((a, b) => timeMs(a.ts) - timeMs(b.ts));
  const reps = [...res.replicas].sort((a, b) => timeMs(a.ts) - timeMs(b.ts));
  const metricName = hpaPts.find((p) => p.metrics.length > 0)?.metrics[0]?.name ?? '';
  const metricType = hpaPts.find((p) => p.metrics.length > 0)?.metrics[0]?.type ?? '';
  // one row per distinct time; a value holds until the next point of its source
  const times = [...new Set([...hpaPts.map((p) => timeMs(p.ts) / 1000), ...reps.map((r) => timeMs(r.ts) / 1000)])]
    // the last point before the window is drawn at the window's start
    .map((s) => Math.max(s, fromSec))
    .filter((s, i, all) => all.indexOf(s) === i)
    .sort((a, b) => a - b);
  const out: HpaChartData = {
    hpaName: hpa?.name ?? '',
    t: [],
    current: [],
    desired: [],
    min: [],
    max: [],
    metricName,
    metricType,
    metric: [],
    target: [],
    hpaPoints: hpaPts.length,
    replicaPoints: reps.length,
    markers: res.terminations
      .map((x) => ({
        tSec: timeMs(x.finishedAt) / 1000,
        podName: x.podName,
        container: x.container,
        reason: x.reason,
        description: x.description,
      }))
      .sort((a, b) => a.tSec - b.tSec),
    fromSec,
    toSec,
  };
  let hi = 0;
  let ri = 0;
  let hp: (typeof hpaPts)[number] | null = null;
  let rp: (typeof reps)[number] | null = null;
  for (const s of times) {
    while (hi < hpaPts.length && Math.max(timeMs(hpaPts[hi]!.ts) / 1000, fromSec) <= s) hp = hpaPts[hi++]!;
    while (ri < reps.length && Math.max(timeMs(reps[ri]!.ts) / 1000, fromSec) <= s) rp = reps[ri++]!;
    const m = hp?.metrics.find((x) => x.name === metricName) ?? null;
    out.t.push(s);
    out.current.push(hp ? hp.currentReplicas : (rp?.readyReplicas ?? null));
    out.desired.push(hp ? hp.desiredReplicas : (rp?.replicas ?? null));
    out.min.push(hp ? hp.minReplicas : null);
    out.max.push(hp ? hp.maxReplicas : null);
    out.metric.push(m ? m.current : null);
    out.target.push(m ? m.target : null);
  }
  // hold the last values to the window's end so the steps reach "now"
  if (out.t.length > 0 && out.t[out.t.length - 1]! < toSec) {
    out.t.push(toSec);
    for (const k of ['current', 'desired', 'min', 'max', 'metric', 'target'] as const)
      out[k].push(out[k].at(-1) ?? null);
  }
  return out;
}

/** Whether the workload has anything for the HPA charts (an HPA point or a replica change). */
export function hasHpaData(res: WorkloadHpaResponse | null | undefined): boolean {
  return !!res && (res.hpas.some((h) => h.points.length > 0) || res.replicas.length > 0);
}
