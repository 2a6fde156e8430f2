import { HeatmapQuery, HeatmapResponse } from '@podtrail/contracts/api';
import { bucketLowerMs } from '@podtrail/contracts/rules';
import { getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { iso, niceStep, num, resolveRange, Where } from './query-util.js';
import { errorResponses } from './schemas.js';
import { txFilters } from './velocity.js';
export const HEATMAP_MAX_WINDOW_MS = 7 * 86_400_000;
export const HEATMAP_DEFAULT_COLS = 300;
/**
 * Time x latency heatmap from the per-second aggregates. Columns are `stepMs` wide and aligned to
 * multiples of the step (stable tiles while the window slides); rows are the latency buckets (4 per
 * doubling). x = the second a transaction ended, as in tx_1s. Columns of whole minutes (windows
 * over 2.5 h at the default 300 columns) read the per-minute rollup tx_1m: the same cells, exactly.
 */
export async function heatmap(ch, q, nowMs = Date.now(), 
/** false reads tx_1s whatever the step (the benchmark's baseline) */
useMinuteRollup = true) {
    const r = resolveRange(q, nowMs, { maxMs: HEATMAP_MAX_WINDOW_MS });
    const maxCols = q.cols ?? HEATMAP_DEFAULT_COLS;
    const fromSecRaw = Math.floor(r.fromMs / 1000);
    const toSecRaw = Math.ceil(r.toMs / 1000);
    const step = niceStep(Math.max(1, toSecRaw - fromSecRaw), maxCols);
    const fromSec = Math.floor(fromSecRaw / step) * step;
    const toSec = Math.ceil(toSecRaw / step) * step;
    const columns = Math.max(1, Math.round((toSec - fromSec) / step));
    const table = useMinuteRollup && step % 60 === 0 ? 'tx_1m' : 'tx_1s';
    const w = txFilters(new Where(), q);
    const rows = await select(ch, w.render(sql('heatmap_cells', ch.database)), { ...w.params, table, fromSec, toSec, step });
    let minB = 255;
    let maxB = 0;
    for (const row of rows) {
        if (row.b < minB)
            minB = row.b;
        if (row.b > maxB)
            maxB = row.b;
    }
    if (rows.length === 0) {
        minB = 0;
        maxB = -1;
    }
    const cells = [];
    let maxCount = 0;
    let total = 0;
    let errors = 0;
    for (const row of rows) {
        const c = num(row.c);
        const e = num(row.e);
        cells.push([num(row.col), row.b - minB, c, e]);
        if (c > maxCount)
            maxCount = c;
        total += c;
        errors += e;
    }
    cells.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const latencyBoundsMs = [];
    for (let b = minB; b <= maxB + 1; b++)
        latencyBoundsMs.push(bucketLowerMs(b));
    return {
        from: iso(fromSec * 1000),
        to: iso(toSec * 1000),
        fromMs: fromSec * 1000,
        stepMs: step * 1000,
        columns,
        minBucket: rows.length ? minB : 0,
        latencyBoundsMs,
        cells,
        maxCount,
        total,
        errors,
    };
}
const heatmapRoutes = async (app) => {
    app.get('/heatmap', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'Transaction heatmap (end time x latency) from the per-second aggregates; 5 min .. 7 days',
            tags: ['query'],
            querystring: HeatmapQuery,
            response: { 200: HeatmapResponse, ...errorResponses },
        },
    }, async (req) => heatmap(getCh(app), req.query));
};
export default heatmapRoutes;
//# sourceMappingURL=heatmap.js.map