import { type ServicesResponse, ServicesResponse as ServicesResponseSchema } from '@podtrail/contracts/api';
import type { FastifyPluginAsync } from 'fastify';
import { type ApiConfig, apdexThresholdFor } from '../api-config.js';
import { type ChHandle, getCh, ident, select } from './ch.js';
import { num } from './query-util.js';
import { errorResponses } from './schemas.js';

/** Services and their workloads, from every pod ever seen (pods table, 90-day TTL). */
export async function services(ch: ChHandle, cfg: ApiConfig): Promise<ServicesResponse> {
  const rows = await select<{ s: string; ns: string; ws: string[]; pods: string; running: string }>(
    ch,
    `SELECT ServiceName AS s, Namespace AS ns, arraySort(groupUniqArray(Workload)) AS ws,
            count() AS pods, countIf(State = 'running') AS running
     FROM ${ident(ch.database)}.pods FINAL
     GROUP BY s, ns ORDER BY s, ns LIMIT 10000`,
  );
  return {
    services: rows.map((r) => ({
      serviceName: r.s,
      namespace: r.ns,
      workloads: r.ws,
      podCount: num(r.pods),
      runningPods: num(r.running),
      apdexThresholdMs: apdexThresholdFor(cfg, r.s),
    })),
  };
}

const servicesRoutes: FastifyPluginAsync<{ cfg: ApiConfig }> = async (app, { cfg }) => {
  app.get<{ Reply: ServicesResponse }>(
    '/services',
    {
      config: { auth: 'read' },
      onRequest: app.requireRole('read'),
      schema: {
        summary: 'Known services with their workloads and Apdex threshold',
        tags: ['query'],
        response: { 200: ServicesResponseSchema, ...errorResponses },
      },
    },
    async () => services(getCh(app), cfg),
  );
};

export default servicesRoutes;
