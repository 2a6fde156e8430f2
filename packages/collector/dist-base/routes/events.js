import { EventsQuery, EventsResponse } from '@podtrail/contracts/api';
import { toPodTransition } from '../lifecycle/pod-transition.js';
import { getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { toKubernetesEvent } from './kubernetes-facts.js';
import { resolveRange, Where } from './query-util.js';
import { errorResponses } from './schemas.js';
/**
 * Pod transitions feed ("pod started; agent connected", restarts, ends) and the Kubernetes events of
 * the same scope, each newest first.
 */
export async function events(ch, q, nowMs = Date.now()) {
    const r = resolveRange(q, nowMs, { defaultMs: 3_600_000, maxMs: 92 * 86_400_000 });
    const w = new Where()
        .eq('Namespace', q.namespace)
        .eq('Workload', q.workload)
        .eq('ServiceName', q.service)
        .eq('PodName', q.pod)
        .eq('Transition', q.transition);
    const rows = await select(ch, w.render(sql('events_transitions', ch.database)), {
        ...w.params,
        fromMs: r.fromMs,
        toMs: r.toMs,
        limit: q.limit ?? 200,
    });
    // Kubernetes events in the same scope; they have no service nor transition name
    let kubernetes = [];
    if (q.service === undefined && q.transition === undefined) {
        const k = new Where().eq('Namespace', q.namespace).eq('Workload', q.workload).eq('InvolvedName', q.pod);
        kubernetes = await select(ch, k.render(sql('k8s_events_feed', ch.database)), {
            ...k.params,
            fromMs: r.fromMs,
            toMs: r.toMs,
            limit: q.limit ?? 200,
        });
    }
    return { events: rows.map(toPodTransition), kubernetes: kubernetes.map(toKubernetesEvent) };
}
const eventsRoutes = async (app) => {
    app.get('/events', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'Pod lifecycle transitions and Kubernetes events, newest first',
            tags: ['pods'],
            querystring: EventsQuery,
            response: { 200: EventsResponse, ...errorResponses },
        },
    }, async (req) => events(getCh(app), req.query));
};
export default eventsRoutes;
//# sourceMappingURL=events.js.map