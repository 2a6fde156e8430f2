import { ServicesResponse } from '@podtrail/contracts/api';
import { apdexThresholdFor } from '../api-config.js';
import { getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { num } from './query-util.js';
import { errorResponses } from './schemas.js';
/** Services and their workloads, from every pod ever seen (pods table, 90-day TTL). */
export async function services(ch, cfg) {
    const rows = await select(ch, sql('services_list', ch.database));
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
const servicesRoutes = async (app, { cfg }) => {
    app.get('/services', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'Known services with their workloads and Apdex threshold',
            tags: ['query'],
            response: { 200: ServicesResponse, ...errorResponses },
        },
    }, async () => services(getCh(app), cfg));
};
export default servicesRoutes;
//# sourceMappingURL=services.js.map