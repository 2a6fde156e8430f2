#!/usr/bin/env node
/**
 * The API's answers on a data set bench/churn/direct.mjs seeded (QDIR, QNOW), one line per call
 * (`<url> <status> <content type> <sha256 of the body> <bytes>`), for checking that a change of the query code gives
 * identical JSON: run it once per checkout (QROOT=<checkout>/packages/collector/dist/) and diff
 * the outputs. ANSWERS_DUMP=<dir> also writes each body there (to see what differs).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.QROOT ?? fileURLToPath(new URL('../../packages/collector/dist/', import.meta.url));
const { openChdb, buildQueryApp } = await import(`${root}testing/query-harness.js`);
const dir = process.env.QDIR;
const now = Number(process.env.QNOW);
if (!dir || !now) throw new Error('QDIR and QNOW: a data set seeded by bench/churn/direct.mjs');
const ch = await openChdb(join(dir, 'chdb'), 'podtrail');
const app = await buildQueryApp({
  ch,
  config: { rateLimitPerMin: 0, staticTokens: [{ role: 'read', token: 'tok-0123456789abcdef' }] },
  live: false,
});
const H = 3600000;
const hourEnd = Math.floor(now / H) * H;
const urls = [];
// windows: whole hours, mid-minute and mid-hour ends, 1 h to 25 h (raw Apdex up to 6 h)
const windows = [
  [now - H, now],
  [now - 2 * H, now],
  [now - 6 * H, now],
  [now - 7 * H, now],
  [now - 24 * H, now],
  [now - 25 * H, now],
  [hourEnd - 24 * H, hourEnd],
  [hourEnd - 3 * H, hourEnd],
  [now - 24 * H - 31_500, now - 7 * H + 12_345],
  [now - 90 * 60_000 + 1, now - 17_000],
];
for (const [from, to] of windows)
  for (const groupBy of ['pod', 'workload', 'service']) urls.push(`/velocity?groupBy=${groupBy}&from=${from}&to=${to}`);
const day = `from=${now - 24 * H}&to=${now}`;
const hour = `from=${now - H}&to=${now}`;
for (const w of [day, hour, `from=${now - 5 * H}&to=${now - 2 * H}`]) {
  for (const groupBy of ['pod', 'workload', 'service']) {
    urls.push(`/velocity?groupBy=${groupBy}&${w}&route=%2Fapi%2Forders%2F%3Aid`);
    urls.push(`/velocity?groupBy=${groupBy}&${w}&route=%2Fnone`);
    urls.push(`/velocity?groupBy=${groupBy}&${w}&includeIdle=false`);
    urls.push(`/velocity?groupBy=${groupBy}&${w}&namespace=shop`);
    urls.push(`/velocity?groupBy=${groupBy}&${w}&service=cart&namespace=payments`);
    for (const page of ['limit=100', 'limit=100&offset=50', 'limit=7&offset=3', 'limit=5000', 'limit=1&offset=100000'])
      urls.push(`/velocity?groupBy=${groupBy}&${w}&${page}`);
    urls.push(`/velocity?groupBy=${groupBy}&${w}&limit=20&includeIdle=false`);
    urls.push(`/velocity?groupBy=${groupBy}&${w}&limit=20&route=%2Fapi%2Forders%2F%3Aid&offset=10`);
  }
}
for (const w of [day, hour]) {
  urls.push(`/pods?${w}&limit=100`);
  urls.push(`/pods?${w}&q=-123&limit=100`);
  urls.push(`/pods?${w}&q=cart&limit=50&offset=20`);
}
const dump = process.env.ANSWERS_DUMP;
if (dump) mkdirSync(dump, { recursive: true });
let i = 0;
for (const url of urls) {
  const res = await app.inject({ url: `/api/v1${url}`, headers: { authorization: 'Bearer tok-0123456789abcdef' } });
  const sha = createHash('sha256').update(res.body).digest('hex').slice(0, 16);
  console.log(`${url} ${res.statusCode} ${res.headers['content-type']} ${sha} ${res.body.length}`);
  if (dump) writeFileSync(join(dump, `${String(i).padStart(3, '0')}.json`), res.body);
  i++;
}
await app.close();
