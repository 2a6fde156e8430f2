import {
  type EventsQuery,
  EventsQuery as EventsQuerySchema,
  type EventsResponse,
  EventsResponse as EventsResponseSchema,
} from '@podtrail/contracts/api';
import type { FastifyPluginAsync } from 'fastify';
import { POD_TRANSITION_COLUMNS, type StoredPodTransitionRow, toPodTransition } from '../lifecycle/pod-transition.js';
import { type ChHandle, getCh, ident, select } from './ch.js';
import { resolveRange, Where } from './query-util.js';
import { errorResponses } from './schemas.js';

/** Pod transitions feed ("pod started; agent connected", restarts, ends), newest first. */
export async function events(ch: ChHandle, q: EventsQuery, nowMs = Date.now()): Promise<EventsResponse> {
  const r = resolveRange(q, nowMs, { defaultMs: 3_600_000, maxMs: 92 * 86_400_000 });
  const w = new Where()
    .bind('Timestamp >= fromUnixTimestamp64Milli($)', 'Int64', r.fromMs)
    .bind('Timestamp < fromUnixTimestamp64Milli($)', 'Int64', r.toMs)
    .eq('Namespace', q.namespace)
    .eq('Workload', q.workload)
    .eq('ServiceName', q.service)
    .eq('PodName', q.pod)
    .eq('Transition', q.transition);
  const rows = await select<StoredPodTransitionRow>(
    ch,
    `SELECT ${POD_TRANSITION_COLUMNS} FROM ${ident(ch.database)}.pod_transitions FINAL
     WHERE ${w.sql()} ORDER BY Timestamp DESC, PodName, Transition LIMIT {limit:UInt32}`,
    { ...w.params, limit: q.limit ?? 200 },
  );
  return { events: rows.map(toPodTransition) };
}

const eventsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: EventsQuery; Reply: EventsResponse }>(
    '/events',
    {
      config: { auth: 'read' },
      onRequest: app.requireRole('read'),
      schema: {
        summary: 'Pod lifecycle transitions feed, newest first',
        tags: ['pods'],
        querystring: EventsQuerySchema,
        response: { 200: EventsResponseSchema, ...errorResponses },
      },
    },
    async (req) => events(getCh(app), req.query),
  );
};

export default eventsRoutes;
