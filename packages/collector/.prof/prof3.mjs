import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { readFileSync } from 'node:fs';
const meta = JSON.parse(readFileSync('/tmp/qbench10m/bench-meta.json', 'utf8'));
const c = createClient({ connection: createChdbConnection({ path: '/tmp/qbench10m/chdb' }) });
const now = meta.now; const from = Math.floor((now - 3600_000) / 1000), to = Math.ceil(now / 1000);
const W = `Ts >= toDateTime(${from}) AND Ts < toDateTime(${to})`;
const endTs = 'toDateTime(toStartOfSecond(Timestamp + toIntervalNanosecond(DurationNs)))';
const qs = {
 tx: `SELECT s, ns, w, p, sum(bc) AS c, sum(be) AS e, sum(bd) AS d, min(bmn) AS mn, max(bmx) AS mx, groupArray((b, bc, be)) AS h FROM (SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b, sum(Count) AS bc, sum(Errors) AS be, sum(DurationSumNs) AS bd, min(DurationMinNs) AS bmn, max(DurationMaxNs) AS bmx FROM podtrail.tx_1s WHERE ${W} GROUP BY s, ns, w, p, b) GROUP BY s, ns, w, p`,
 pods: `SELECT Namespace, PodName, State FROM podtrail.pods FINAL WHERE FirstSeen <= now64() AND (State = 'running' OR coalesce(EndedAt, LastSeen) >= now64() - 3600)`,
 apdexCur: `SELECT ns, p, countIf(NOT err AND DurationNs <= t) AS sat, countIf(NOT err AND DurationNs > t AND DurationNs <= 4 * t) AS tol, countIf(err OR DurationNs > 4 * t) AS fru FROM (SELECT Namespace AS ns, PodName AS p, DurationNs, 500000000 AS t, (StatusCode = 'Error' OR HttpStatusCode >= 500) AS err FROM podtrail.spans WHERE IsTransaction AND Timestamp >= toDateTime64(${from - 61}, 9) AND Timestamp < toDateTime64(${to}, 9) AND ${endTs} >= toDateTime(${from}) AND ${endTs} < toDateTime(${to})) GROUP BY ns, p`,
 apdexInt: `SELECT ns, p, countIf(NOT err AND DurationNs <= t) AS sat, countIf(NOT err AND DurationNs > t AND DurationNs <= 4 * t) AS tol, countIf(err OR DurationNs > 4 * t) AS fru FROM (SELECT Namespace AS ns, PodName AS p, DurationNs, 500000000 AS t, (StatusCode = 'Error' OR HttpStatusCode >= 500) AS err FROM podtrail.spans WHERE IsTransaction AND Timestamp >= toDateTime64(${from - 61}, 9) AND Timestamp < toDateTime64(${to}, 9) AND toUnixTimestamp64Nano(Timestamp) + DurationNs >= ${from}000000000 AND toUnixTimestamp64Nano(Timestamp) + DurationNs < ${to}000000000) GROUP BY ns, p`,
 apdexPodOnly: `SELECT p, countIf(NOT err AND DurationNs <= t) AS sat, countIf(NOT err AND DurationNs > t AND DurationNs <= 4 * t) AS tol, countIf(err OR DurationNs > 4 * t) AS fru FROM (SELECT PodName AS p, DurationNs, 500000000 AS t, (StatusCode = 'Error' OR HttpStatusCode >= 500) AS err FROM podtrail.spans WHERE IsTransaction AND Timestamp >= toDateTime64(${from - 61}, 9) AND Timestamp < toDateTime64(${to}, 9) AND toUnixTimestamp64Nano(Timestamp) + DurationNs >= ${from}000000000 AND toUnixTimestamp64Nano(Timestamp) + DurationNs < ${to}000000000) GROUP BY p`,
 heat24: `SELECT toUInt32(intDiv(toUInt32(Ts) - ${from - 82800}, 300)) AS col, LatencyBucket AS b, sum(Count), sum(Errors) FROM podtrail.tx_1s WHERE Ts >= toDateTime(${from - 82800}) AND Ts < toDateTime(${to}) GROUP BY col, b`,
 heat24b: `SELECT intDiv(toUInt32(Ts) - ${from - 82800}, 300) AS col, LatencyBucket AS b, sum(Count), sum(Errors) FROM podtrail.tx_1s WHERE Ts >= toDateTime(${from - 82800}) AND Ts < toDateTime(${to}) GROUP BY col, b SETTINGS max_threads = 2`,
};
for (const [k, q] of Object.entries(qs)) {
  const t = [], cp = [];
  for (let i = 0; i < 7; i++) { const c0 = process.cpuUsage(); const s = performance.now(); const rs = await c.query({ query: q, format: 'JSONEachRow' }); await rs.json(); t.push(performance.now() - s); const d = process.cpuUsage(c0); cp.push((d.user + d.system) / 1000); }
  t.sort((a, b) => a - b); cp.sort((a, b) => a - b);
  console.log(k.padEnd(14), 'wall', t[3].toFixed(0), 'cpu', cp[3].toFixed(0));
}
await c.close();
