import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { readFileSync } from 'node:fs';
const meta = JSON.parse(readFileSync('/tmp/qbench10m/bench-meta.json', 'utf8'));
const c = createClient({ connection: createChdbConnection({ path: '/tmp/qbench10m/chdb' }) });
const now = meta.now; const from = Math.floor((now - 3600_000) / 1000), to = Math.ceil(now / 1000);
const W = `Ts >= toDateTime(${from}) AND Ts < toDateTime(${to})`;
const inner = `SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b, sum(Count) AS bc, sum(Errors) AS be, sum(DurationSumNs) AS bd, min(DurationMinNs) AS bmn, max(DurationMaxNs) AS bmx FROM podtrail.tx_1s WHERE ${W} GROUP BY s, ns, w, p, b`;
const qs = {
 tx: [`SELECT s, ns, w, p, sum(bc) AS c, sum(be) AS e, sum(bd) AS d, min(bmn) AS mn, max(bmx) AS mx, groupArray((b, bc, be)) AS h FROM (${inner}) GROUP BY s, ns, w, p`, 'JSONEachRow'],
 txCompact: [`SELECT s, ns, w, p, sum(bc) AS c, sum(be) AS e, sum(bd) AS d, min(bmn) AS mn, max(bmx) AS mx, groupArray((b, toUInt32(bc), toUInt32(be))) AS h FROM (${inner}) GROUP BY s, ns, w, p`, 'JSONCompactEachRow'],
 txStr: [`SELECT s, ns, w, p, sum(bc) AS c, sum(be) AS e, sum(bd) AS d, min(bmn) AS mn, max(bmx) AS mx, arrayStringConcat(groupArray(concat(toString(b), ':', toString(bc), ':', toString(be))), ',') AS h FROM (${inner}) GROUP BY s, ns, w, p`, 'JSONCompactEachRow'],
 flatCompact: [`SELECT s, ns, w, p, b, bc, be, bd, bmn, bmx FROM (${inner})`, 'JSONCompactEachRow'],
 flatTSV: [`SELECT s, ns, w, p, b, bc, be, bd, bmn, bmx FROM (${inner})`, 'TabSeparated'],
};
for (let r = 0; r < 2; r++)
for (const [k, [q, fmt]] of Object.entries(qs)) {
  const t = [], cp = [];
  for (let i = 0; i < 7; i++) { const c0 = process.cpuUsage(); const s = performance.now(); const rs = await c.query({ query: q, format: fmt }); if (fmt === 'TabSeparated') { const txt = await rs.text(); txt.split('\n').map((l) => l.split('\t')); } else await rs.json(); t.push(performance.now() - s); const d = process.cpuUsage(c0); cp.push((d.user + d.system) / 1000); }
  t.sort((a, b) => a - b); cp.sort((a, b) => a - b);
  console.log(k.padEnd(14), 'wall', t[3].toFixed(0), 'cpu', cp[3].toFixed(0));
}
await c.close();
