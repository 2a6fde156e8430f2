import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { readFileSync } from 'node:fs';
const meta = JSON.parse(readFileSync('/tmp/qbench10m/bench-meta.json', 'utf8'));
const c = createClient({ connection: createChdbConnection({ path: '/tmp/qbench10m/chdb' }) });
const now = meta.now; const from = Math.floor((now - 3600_000) / 1000), to = Math.ceil(now / 1000);
const W = `Ts >= toDateTime(${from}) AND Ts < toDateTime(${to})`;
const qs = {
 cur: `SELECT s, ns, w, p, sum(bc) AS c, sum(be) AS e, sum(bd) AS d, min(bmn) AS mn, max(bmx) AS mx, max(binst) AS inst, groupArray((b, bc, be)) AS h FROM (SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b, sum(Count) AS bc, sum(Errors) AS be, sum(DurationSumNs) AS bd, min(DurationMinNs) AS bmn, max(DurationMaxNs) AS bmx, uniqExact(InstanceId) AS binst FROM podtrail.tx_1s WHERE ${W} GROUP BY s, ns, w, p, b) GROUP BY s, ns, w, p`,
 noUniq: `SELECT s, ns, w, p, sum(bc) AS c, sum(be) AS e, sum(bd) AS d, min(bmn) AS mn, max(bmx) AS mx, groupArray((b, bc, be)) AS h FROM (SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b, sum(Count) AS bc, sum(Errors) AS be, sum(DurationSumNs) AS bd, min(DurationMinNs) AS bmn, max(DurationMaxNs) AS bmx FROM podtrail.tx_1s WHERE ${W} GROUP BY s, ns, w, p, b) GROUP BY s, ns, w, p`,
 sumMap: `SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, sum(Count) c, sum(Errors) e, sum(DurationSumNs) d, min(DurationMinNs) mn, max(DurationMaxNs) mx, sumMap([LatencyBucket], [Count]) AS h, sumMap([LatencyBucket], [Errors]) AS he FROM podtrail.tx_1s WHERE ${W} GROUP BY s, ns, w, p`,
 flat: `SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b, sum(Count) AS bc, sum(Errors) AS be, sum(DurationSumNs) AS bd, min(DurationMinNs) AS bmn, max(DurationMaxNs) AS bmx FROM podtrail.tx_1s WHERE ${W} GROUP BY s, ns, w, p, b`,
 sumMap2: `SELECT Namespace AS ns, PodName AS p, any(ServiceName) AS s, any(Workload) AS w, sum(Count) c, sum(Errors) e, sum(DurationSumNs) d, min(DurationMinNs) mn, max(DurationMaxNs) mx, sumMap([LatencyBucket], [Count]) AS h, sumMap([LatencyBucket], [Errors]) AS he FROM podtrail.tx_1s WHERE ${W} GROUP BY ns, p`,
 flat2: `SELECT Namespace AS ns, PodName AS p, LatencyBucket AS b, any(ServiceName) AS s, any(Workload) AS w, sum(Count) AS bc, sum(Errors) AS be, sum(DurationSumNs) AS bd, min(DurationMinNs) AS bmn, max(DurationMaxNs) AS bmx FROM podtrail.tx_1s WHERE ${W} GROUP BY ns, p, b`,
 count: `SELECT count() FROM podtrail.tx_1s WHERE ${W}`,
};
for (let round = 0; round < 2; round++)
for (const [k, q] of Object.entries(qs)) {
  const t = [];
  for (let i = 0; i < 7; i++) { const s = performance.now(); const rs = await c.query({ query: q, format: 'JSONEachRow' }); await rs.json(); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  console.log(k, 'median', t[3].toFixed(0), t.map((x) => x.toFixed(0)).join(' '));
}
await c.close();
