import { WorkloadHistoryQuery, WorkloadHistoryResponse, WorkloadParams } from '@podtrail/contracts/api';
import { toPodTransition } from '../lifecycle/pod-transition.js';
import { getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { iso, isoOrNull, niceStep, num, resolveRange } from './query-util.js';
import { errorResponses } from './schemas.js';
/**
 * Restart and scaling history of one workload. Replicas are counted from process instances
 * (one running instance = one replica): an instance is running at t when
 * StartedAt <= t < coalesce(EndedAt, LastSeen for non-running, now). Restarts are the `restarted`
 * transitions recorded by the collector in the window (history, not a gauge).
 */
export async function workloadHistory(ch, params, q, nowMs = Date.now()) {
    const r = resolveRange(q, nowMs, { defaultMs: 3_600_000 });
    const stepSec = q.step ?? niceStep(Math.ceil((r.toMs - r.fromMs) / 1000), 300);
    const stepMs = stepSec * 1000;
    const p = { ns: params.namespace, w: params.workload, fromMs: r.fromMs, toMs: r.toMs };
    const insts = await select(ch, sql('workload_instances', ch.database), p);
    const transitions = (await select(ch, sql('workload_transitions', ch.database), p)).map(toPodTransition);
    const lives = insts.map((i) => {
        const start = num(i.startedAt);
        const end = i.endedAt !== null ? num(i.endedAt) : i.state === 'running' ? Number.POSITIVE_INFINITY : num(i.lastSeen);
        return { ...i, start, end };
    });
    const replicas = [];
    let peak = 0;
    const firstSample = Math.ceil(r.fromMs / stepMs) * stepMs;
    for (let t = firstSample; t < r.toMs && replicas.length < 5000; t += stepMs) {
        let running = 0;
        for (const l of lives)
            if (l.start <= t && t < l.end)
                running++;
        if (running > peak)
            peak = running;
        replicas.push({ ts: iso(t), running });
    }
    const starts = lives
        .filter((l) => l.start >= r.fromMs && l.start < r.toMs)
        .map((l) => ({ ts: iso(l.start), podName: l.p, instanceId: l.inst, state: l.state, reason: '' }));
    const ends = lives
        .filter((l) => l.endedAt !== null && l.end >= r.fromMs && l.end < r.toMs)
        .sort((a, b) => a.end - b.end)
        .map((l) => ({ ts: iso(l.end), podName: l.p, instanceId: l.inst, state: l.state, reason: l.endReason }));
    const restartRows = transitions.filter((t) => t.transition === 'restarted');
    const byPod = new Map();
    for (const t of restartRows)
        byPod.set(t.podName, (byPod.get(t.podName) ?? 0) + 1);
    const lastEnded = ends.length ? ends[ends.length - 1].ts : null;
    return {
        namespace: params.namespace,
        workload: params.workload,
        from: iso(r.fromMs),
        to: iso(r.toMs),
        stepMs,
        replicas,
        starts,
        ends,
        restarts: restartRows.map((t) => ({ ts: t.ts, podName: t.podName, instanceId: t.instanceId, reason: t.reason })),
        restartCount: restartRows.length,
        restartsByPod: [...byPod]
            .map(([podName, restarts]) => ({ podName, restarts }))
            .sort((a, b) => b.restarts - a.restarts),
        transitions,
        peakReplicas: peak,
        lastEndedAt: isoOrNull(lastEnded === null ? null : Date.parse(lastEnded)),
    };
}
const workloadRoutes = async (app) => {
    app.get('/workloads/:namespace/:workload/history', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'Restart and scaling history of a workload: replicas over time, starts, ends, restarts with reasons',
            tags: ['pods'],
            params: WorkloadParams,
            querystring: WorkloadHistoryQuery,
            response: { 200: WorkloadHistoryResponse, ...errorResponses },
        },
    }, async (req) => workloadHistory(getCh(app), req.params, req.query));
};
export default workloadRoutes;
//# sourceMappingURL=workloads.js.map