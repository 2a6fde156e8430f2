#!/usr/bin/env node
/**
 * Where velocity by pod over 24 h spends its time, on a data set bench/churn/direct.mjs seeded
 * (QDIR, QNOW): the whole call (velocity(), as the route runs it, plus JSON.stringify), the rows
 * statement alone through the client (text only, no parsing; velocity_pod_rows.sql), the general
 * statement with its GROUP BY key (velocity_rows.sql, which regroups one pod per key; printed with
 * whether its bytes are the same), and parts of the statement: the per-pod histograms and the pods
 * table's rows.
 * Then the floor that the answer's size alone sets, whatever the query: serializing the answer, and
 * its bytes served over HTTP (node:http, loopback) and parsed by a client (fetch, .json()), as the
 * churn bench's timer covers them. QROUNDS runs of each (default 4), medians in ms. `QROOT` as in direct.mjs.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.QROOT ?? fileURLToPath(new URL('../../packages/collector/dist/', import.meta.url));
const { openChdb } = await import(`${root}testing/query-harness.js`);
const engine = await import(`${root}store/chdb-engine.js`);
const { velocity } = await import(`${root}routes/velocity.js`);
const { sql } = await import(`${root}store/sql.js`);
const { Where } = await import(`${root}routes/query-util.js`);
const dir = process.env.QDIR;
const now = Number(process.env.QNOW);
if (!dir || !now) throw new Error('QDIR and QNOW: a data set seeded by bench/churn/direct.mjs');
const ROUNDS = Number(process.env.QROUNDS ?? 4);
engine.openChdbEngine(join(dir, 'chdb'), engine.DEFAULT_CHDB_LIMITS);
const ch = await openChdb(join(dir, 'chdb'), 'podtrail');

// the rows statement as the route sends it: caught on its way to the client
const query = ch.reader.query.bind(ch.reader);
let statement;
ch.reader.query = (args) => {
  if (args.query.includes('AS gEndReason')) statement = args;
  return query(args);
};
const cfg = { apdexThresholdMs: 500, apdexThresholdMsByService: {} };
const call = () => velocity(ch, cfg, { groupBy: 'pod', from: String(now - 24 * 3600000), to: String(now) }, now);
await call();
ch.reader.query = query;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(name, run) {
  const ms = [];
  let out;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    out = await run();
    ms.push(performance.now() - t0);
  }
  console.log(`${name}: median ${median(ms).toFixed(1)} ms (${ms.map((x) => x.toFixed(0)).join(', ')})`);
  return out;
}
const text = async (q) => (await query({ ...statement, query: q, format: 'JSONEachRow' })).text();
const hash = (s) => createHash('sha256').update(s).digest('hex');

const Q = statement.query;
// the general statement's rows without its total column, which pod rows do not carry
const regroup = `SELECT * EXCEPT (total) FROM (${new Where().podScope({}).render(sql('velocity_rows', 'podtrail'), [['key', 'ASC']])})`;
const histograms = Q.slice(Q.indexOf('  SELECT ns, p, min(s) AS s'), Q.indexOf(') AS h\nFULL OUTER JOIN'));
const podRows = Q.slice(Q.indexOf('  SELECT Namespace AS ns, PodName AS p'), Q.indexOf(') AS pw ON'));

await time('whole call + JSON.stringify', async () => JSON.stringify(await call()));
const full = await time('rows statement', () => text(Q));
const regrouped = await time('the general statement, with its GROUP BY key', () => text(regroup));
await time('per-pod histograms', () => text(histograms));
await time("pods table's rows", () => text(podRows));
console.log(`with the regroup: same bytes ${hash(full) === hash(regrouped)} (${full.length} bytes)`);

// the floor: the same answer with no query at all
const answer = await call();
const body = await time('serializing the answer (JSON.stringify)', async () => JSON.stringify(answer));
const server = createServer((_req, res) => {
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(body);
}).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;
await time('its bytes over HTTP, parsed by the client (fetch + json())', async () => (await fetch(url)).json());
server.close();
console.log(`answer: ${answer.rows.length} rows, ${Buffer.byteLength(body)} bytes`);
process.exit(0);
