import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { readFileSync } from 'node:fs';
const meta = JSON.parse(readFileSync('/tmp/qbench10m/bench-meta.json', 'utf8'));
const c = createClient({ connection: createChdbConnection({ path: '/tmp/qbench10m/chdb' }) });
const now = meta.now; const from = Math.floor((now - 3600_000) / 1000), to = Math.ceil(now / 1000);
const W = `Ts >= toDateTime(${from}) AND Ts < toDateTime(${to})`;
const aggs = 'sum(Count) AS bc, sum(Errors) AS be, sum(DurationSumNs) AS bd, min(DurationMinNs) AS bmn, max(DurationMaxNs) AS bmx';
const qs = {
 k5: `SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b, ${aggs} FROM podtrail.tx_1s WHERE ${W} GROUP BY s, ns, w, p, b`,
 k3: `SELECT Namespace AS ns, PodName AS p, LatencyBucket AS b, any(ServiceName) AS s, any(Workload) AS w, ${aggs} FROM podtrail.tx_1s WHERE ${W} GROUP BY ns, p, b`,
 k2: `SELECT PodName AS p, LatencyBucket AS b, ${aggs} FROM podtrail.tx_1s WHERE ${W} GROUP BY p, b`,
 k3only1agg: `SELECT Namespace AS ns, PodName AS p, LatencyBucket AS b, sum(Count) AS bc FROM podtrail.tx_1s WHERE ${W} GROUP BY ns, p, b`,
 k5sumonly: `SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b, sum(Count) FROM podtrail.tx_1s WHERE ${W} GROUP BY s, ns, w, p, b`,
};
for (let r = 0; r < 2; r++)
for (const [k, q] of Object.entries(qs)) {
  const t = [], cp = [];
  for (let i = 0; i < 7; i++) { const c0 = process.cpuUsage(); const s = performance.now(); const rs = await c.query({ query: `SELECT count(), sum(cityHash64(*)) FROM (${q})`, format: 'JSONEachRow' }); await rs.json(); t.push(performance.now() - s); const d = process.cpuUsage(c0); cp.push((d.user + d.system) / 1000); }
  t.sort((a, b) => a - b); cp.sort((a, b) => a - b);
  console.log(k.padEnd(14), 'wall', t[3].toFixed(0), 'cpu', cp[3].toFixed(0));
}
await c.close();
