import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { readFileSync } from 'node:fs';
const meta = JSON.parse(readFileSync('/tmp/qbench10m/bench-meta.json', 'utf8'));
const c = createClient({ connection: createChdbConnection({ path: '/tmp/qbench10m/chdb' }) });
const now = meta.now; const from = Math.floor((now - 3600_000) / 1000), to = Math.ceil(now / 1000);
const qs = {
 tx: `SELECT s, ns, w, p, sum(bc) AS c, groupArray((b, bc, be)) AS h FROM (SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b, sum(Count) AS bc, sum(Errors) AS be, sum(DurationSumNs) AS bd, min(DurationMinNs) AS bmn, max(DurationMaxNs) AS bmx, uniqExact(InstanceId) AS binst FROM podtrail.tx_1s WHERE Ts >= toDateTime(${from}) AND Ts < toDateTime(${to}) GROUP BY s, ns, w, p, b) GROUP BY s, ns, w, p`,
 pods: `SELECT * FROM podtrail.pods FINAL`,
 apdex: `SELECT ns, p, countIf(NOT err AND DurationNs <= t) AS sat FROM (SELECT Namespace AS ns, PodName AS p, DurationNs, 500000000 AS t, (StatusCode = 'Error' OR HttpStatusCode >= 500) AS err FROM podtrail.spans WHERE IsTransaction AND Timestamp >= toDateTime64(${from - 61}, 9) AND Timestamp < toDateTime64(${to}, 9) AND toDateTime(toStartOfSecond(Timestamp + toIntervalNanosecond(DurationNs))) >= toDateTime(${from}) AND toDateTime(toStartOfSecond(Timestamp + toIntervalNanosecond(DurationNs))) < toDateTime(${to})) GROUP BY ns, p`,
 apdexPlain: `SELECT count() FROM podtrail.spans WHERE Timestamp >= toDateTime64(${from - 61}, 9) AND Timestamp < toDateTime64(${to}, 9)`,
 heat: `SELECT toUInt32(intDiv(toUInt32(Ts) - ${from}, 15)) AS col, LatencyBucket AS b, sum(Count), sum(Errors) FROM podtrail.tx_1s WHERE Ts >= toDateTime(${from}) AND Ts < toDateTime(${to}) GROUP BY col, b`,
};
for (const [k, q] of Object.entries(qs)) {
  const t = [];
  for (let i = 0; i < 5; i++) { const s = performance.now(); const rs = await c.query({ query: q, format: 'JSONEachRow' }); await rs.json(); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  console.log(k, t.map((x) => x.toFixed(0)).join(' '));
}
const rs = await c.query({ query: `EXPLAIN indexes = 1 SELECT count() FROM podtrail.spans WHERE Timestamp >= toDateTime64(${from - 61}, 9) AND Timestamp < toDateTime64(${to}, 9)`, format: 'TabSeparatedRaw' });
console.log(await rs.text());
await c.close();
