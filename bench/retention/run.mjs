#!/usr/bin/env node
/**
 * `pnpm bench retention`: do the API calls over the last 24 h pay for the pods the store keeps from
 * earlier days? Runs bench/churn/direct.mjs (20,000 pods over 24 h, seeded straight into embedded
 * chDB, each call through the route handlers) twice in one run: on the day alone (the baseline),
 * then with RETENTION_DAYS - 1 earlier days of 20,000 ended pods each (default 90 days: the pods
 * table's TTL, 1.8 million pods). Per call: both medians and their ratio (1.0: retention costs
 * nothing). Last line one JSON object. Needs `pnpm build` (it runs the built collector).
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const direct = fileURLToPath(new URL('../churn/direct.mjs', import.meta.url));
const days = Number(process.env.RETENTION_DAYS ?? 90);
if (!Number.isInteger(days) || days < 2) throw new Error(`RETENTION_DAYS: an integer of at least 2, got ${days}`);

/** One run of direct.mjs: each call's median ms; its seeded data set removed afterwards. */
function run(historyDays) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, QHISTORY_DAYS: String(historyDays) };
    for (const k of ['QDIR', 'QNOW', 'QROOT', 'QROUNDS']) delete env[k];
    const child = spawn(process.execPath, [direct], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
      process.stderr.write(d);
    });
    child.on('exit', (code) => {
      const dir = /seeded in \S+ s in (\S+) /.exec(err)?.[1];
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`direct.mjs exited ${code}: ${err.slice(-2000)}`));
      const medians = {};
      for (const m of out.matchAll(/^(\w+): median ([\d.]+) ms/gm)) medians[m[1]] = Number(m[2]);
      process.stdout.write(out);
      resolve(medians);
    });
  });
}

console.log(`-- the day alone (baseline)`);
const base = await run(0);
console.log(`-- the day after ${days - 1} earlier days of pods`);
const kept = await run(days - 1);
const calls = {};
for (const [name, ms] of Object.entries(base)) {
  const withHistory = kept[name];
  if (withHistory === undefined) continue;
  calls[name] = { base_ms: ms, retention_ms: withHistory, ratio: Number((withHistory / ms).toFixed(2)) };
  console.log(`${name}: ${ms} ms -> ${withHistory} ms (x${calls[name].ratio})`);
}
const pods = days * 20_000;
console.log(JSON.stringify({ bench: 'retention', retention_days: days, pods_kept: pods, calls }));
