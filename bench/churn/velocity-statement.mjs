#!/usr/bin/env node
/**
 * Where velocity by pod over 24 h spends its time, on a data set bench/churn/direct.mjs seeded
 * (QDIR, QNOW): the whole call (velocity(), as the route runs it, plus JSON.stringify) for the
 * default page (500) and the largest (5000), and the largest page's rows statement alone through
 * the client (text only, no parsing; velocity_pod_rows.sql for the page's pods).
 * Then the floor that an answer's size alone sets, whatever the query: the day's 20,000 rows (every
 * page, as one answer) serialized, and served over HTTP (node:http, loopback) and parsed by a client
 * (fetch, .json()), as the churn bench's timer covers them: why GET /velocity always pages
 * (docs/decisions.md). QROUNDS runs of each (default 4), medians in ms. `QROOT` as in direct.mjs.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.QROOT ?? fileURLToPath(new URL('../../packages/collector/dist/', import.meta.url));
const { openChdb } = await import(`${root}testing/query-harness.js`);
const engine = await import(`${root}store/chdb-engine.js`);
const { velocity } = await import(`${root}routes/velocity.js`);
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
const day = { groupBy: 'pod', from: String(now - 24 * 3600000), to: String(now) };
const call = (page = {}) => velocity(ch, cfg, { ...day, ...page }, now);
await call({ limit: 5000 });
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

await time('the default page (500) + JSON.stringify', async () => JSON.stringify(await call()));
await time('the largest page (5000) + JSON.stringify', async () => JSON.stringify(await call({ limit: 5000 })));
const rows5000 = await time("the largest page's rows statement", () => text(statement.query));
console.log(`its statement: ${rows5000.length} bytes`);

// the floor: the day's rows as one answer, with no query at all
const first = await call({ limit: 5000 });
const answer = { ...first, rows: [...first.rows], limit: first.total };
while (answer.rows.length < first.total)
  answer.rows.push(...(await call({ limit: 5000, offset: answer.rows.length })).rows);
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
