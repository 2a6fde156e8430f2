import {
  type TransactionsQuery,
  TransactionsQuery as TransactionsQuerySchema,
  type TransactionsResponse,
  TransactionsResponse as TransactionsResponseSchema,
} from '@podtrail/contracts/api';
import type { FastifyPluginAsync } from 'fastify';
import { type ChHandle, getCh, ident, select } from './ch.js';
import { bucketLowerMs } from './histogram.js';
import { num, type Range, resolveRange, secondsOf, Where } from './query-util.js';
import { errorResponses } from './schemas.js';
import { ERR_EXPR, TX_COLUMNS, type TxRow, toTransaction } from './tx-common.js';
import { txFilters } from './velocity.js';

const BUCKET_EXPR = 'toUInt8(least(255, greatest(0, floor(4 * log2(greatest(DurationNs, 1000) / 1000)))))';

/** Allow-listed ORDER BY expressions (never from the request). */
const SORTS = {
  duration: 'DurationNs',
  time: 'endNs',
} as const;

/**
 * Spans are sorted by start time, the selection is by end time: a transaction that ended in the
 * window started at most its duration before. Bound that by the rectangle's top, or by the longest
 * transaction tx_1s saw in the window (one cheap aggregate query).
 */
async function startSlackMs(ch: ChHandle, r: Range, q: TransactionsQuery): Promise<number> {
  if (q.maxMs !== undefined) return Math.ceil(q.maxMs) + 1;
  if (q.maxBucket !== undefined) return Math.ceil(bucketLowerMs(q.maxBucket + 1)) + 1;
  const { fromSec, toSec } = secondsOf(r);
  const w = new Where().bind('Ts >= toDateTime($)', 'UInt32', fromSec).bind('Ts < toDateTime($)', 'UInt32', toSec);
  txFilters(w, q);
  const rows = await select<{ mx: string }>(
    ch,
    `SELECT max(DurationMaxNs) AS mx FROM ${ident(ch.database)}.tx_1s WHERE ${w.sql()}`,
    w.params,
  );
  return Math.ceil(num(rows[0]?.mx) / 1e6) + 1000;
}

/**
 * The heatmap drag-selection: transactions (raw spans with IsTransaction) that ended in
 * [from, to) with a duration in [minMs, maxMs) (or heatmap rows [minBucket, maxBucket]).
 */
export async function transactions(
  ch: ChHandle,
  q: TransactionsQuery,
  nowMs = Date.now(),
): Promise<TransactionsResponse> {
  const r = resolveRange(q, nowMs);
  const slackMs = await startSlackMs(ch, r, q);
  const w = new Where()
    .raw('IsTransaction')
    .bind('Timestamp >= fromUnixTimestamp64Milli($)', 'Int64', r.fromMs - slackMs)
    .bind('Timestamp < fromUnixTimestamp64Milli($)', 'Int64', r.toMs)
    .bind('toUnixTimestamp64Nano(Timestamp) + DurationNs >= $', 'Int64', `${BigInt(r.fromMs) * 1_000_000n}`)
    .bind('toUnixTimestamp64Nano(Timestamp) + DurationNs < $', 'Int64', `${BigInt(r.toMs) * 1_000_000n}`);
  txFilters(w, q);
  if (q.minMs !== undefined) w.bind('DurationNs >= $', 'UInt64', Math.ceil(q.minMs * 1e6));
  if (q.maxMs !== undefined) w.bind('DurationNs < $', 'UInt64', Math.ceil(q.maxMs * 1e6));
  if (q.minBucket !== undefined) w.bind(`${BUCKET_EXPR} >= $`, 'UInt8', q.minBucket);
  if (q.maxBucket !== undefined) w.bind(`${BUCKET_EXPR} <= $`, 'UInt8', q.maxBucket);
  if (q.errorsOnly) w.raw(ERR_EXPR);

  const sortCol = SORTS[q.sort ?? 'duration'];
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const order = [q.errorsFirst ? `${ERR_EXPR} DESC` : '', `${sortCol} ${dir}`, `SpanId ${dir}`]
    .filter(Boolean)
    .join(', ');
  const limit = q.limit ?? 100;
  const offset = q.offset ?? 0;
  const db = ident(ch.database);
  const rows = await select<TxRow>(
    ch,
    `SELECT ${TX_COLUMNS}, toUnixTimestamp64Nano(Timestamp) + DurationNs AS endNs
     FROM ${db}.spans WHERE ${w.sql()}
     ORDER BY ${order} LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
    { ...w.params, limit, offset },
  );
  const total = await select<{ n: string }>(ch, `SELECT count() AS n FROM ${db}.spans WHERE ${w.sql()}`, w.params);
  return { total: num(total[0]?.n), limit, offset, rows: rows.map(toTransaction) };
}

const transactionRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: TransactionsQuery; Reply: TransactionsResponse }>(
    '/transactions',
    {
      config: { auth: 'read' },
      onRequest: app.requireRole('read'),
      schema: {
        summary: 'Transactions inside a time x latency rectangle (heatmap selection), paged and sorted',
        tags: ['query'],
        querystring: TransactionsQuerySchema,
        response: { 200: TransactionsResponseSchema, ...errorResponses },
      },
    },
    async (req) => transactions(getCh(app), req.query),
  );
};

export default transactionRoutes;
