import { TransactionsQuery, TransactionsResponse } from '@podtrail/contracts/api';
import { bucketLowerMs, FAILED_TRANSACTION_SQL, LATENCY_BUCKET_SQL } from '@podtrail/contracts/rules';
import { getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { num, resolveRange, secondsOf, Where } from './query-util.js';
import { errorResponses } from './schemas.js';
import { toTransaction } from './tx-common.js';
import { txFilters } from './velocity.js';
/** Allow-listed sort columns of transactions_list.sql (never from the request). */
const SORTS = {
    duration: 'DurationNs',
    time: 'endNs',
};
/**
 * Spans are sorted by start time, the selection is by end time: a transaction that ended in the
 * window started at most its duration before. Bound that by the rectangle's top, or by the longest
 * transaction tx_1s saw in the window (one cheap aggregate query).
 */
async function startSlackMs(ch, r, q) {
    if (q.maxMs !== undefined)
        return Math.ceil(q.maxMs) + 1;
    if (q.maxBucket !== undefined)
        return Math.ceil(bucketLowerMs(q.maxBucket + 1)) + 1;
    const { fromSec, toSec } = secondsOf(r);
    const w = txFilters(new Where(), q);
    const rows = await select(ch, w.render(sql('transactions_max_duration', ch.database)), {
        ...w.params,
        fromSec,
        toSec,
    });
    return Math.ceil(num(rows[0]?.mx) / 1e6) + 1000;
}
/**
 * The heatmap drag-selection: transactions (raw spans with IsTransaction) that ended in
 * [from, to) with a duration in [minMs, maxMs) (or heatmap rows [minBucket, maxBucket]).
 */
export async function transactions(ch, q, nowMs = Date.now()) {
    const r = resolveRange(q, nowMs);
    const slackMs = await startSlackMs(ch, r, q);
    const w = txFilters(new Where(), q);
    if (q.minMs !== undefined)
        w.bind('DurationNs >= $', 'UInt64', Math.ceil(q.minMs * 1e6));
    if (q.maxMs !== undefined)
        w.bind('DurationNs < $', 'UInt64', Math.ceil(q.maxMs * 1e6));
    if (q.minBucket !== undefined)
        w.bind(`${LATENCY_BUCKET_SQL} >= $`, 'UInt8', q.minBucket);
    if (q.maxBucket !== undefined)
        w.bind(`${LATENCY_BUCKET_SQL} <= $`, 'UInt8', q.maxBucket);
    if (q.errorsOnly)
        w.raw(FAILED_TRANSACTION_SQL);
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    // `err` is the failed-transaction rule, selected by {part:tx_columns}
    const order = [
        [SORTS[q.sort ?? 'duration'], dir],
        ['SpanId', dir],
    ];
    if (q.errorsFirst)
        order.unshift(['err', 'DESC']);
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const params = {
        ...w.params,
        startMs: r.fromMs - slackMs,
        toMs: r.toMs,
        fromNs: `${BigInt(r.fromMs) * 1000000n}`,
        toNs: `${BigInt(r.toMs) * 1000000n}`,
    };
    const rows = await select(ch, w.render(sql('transactions_list', ch.database), order), {
        ...params,
        limit,
        offset,
    });
    const total = await select(ch, w.render(sql('transactions_count', ch.database)), params);
    return { total: num(total[0]?.n), limit, offset, rows: rows.map(toTransaction) };
}
const transactionRoutes = async (app) => {
    app.get('/transactions', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'Transactions inside a time x latency rectangle (heatmap selection), paged and sorted',
            tags: ['query'],
            querystring: TransactionsQuery,
            response: { 200: TransactionsResponse, ...errorResponses },
        },
    }, async (req) => transactions(getCh(app), req.query));
};
export default transactionRoutes;
//# sourceMappingURL=transactions.js.map