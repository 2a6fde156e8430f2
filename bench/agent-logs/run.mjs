#!/usr/bin/env node
/**
 * `pnpm bench agent-logs`: CPU cost of log capture and shipping per line written, measured inside
 * the app process (process.cpuUsage), which is steadier than req/s on a shared machine.
 *
 * bench/agent-logs/writer.mjs writes LINES console.log lines (stdout to /dev/null), then waits 1.5 s
 * so the last batch is shipped within the measurement. Variants, interleaved BENCH_ROUNDS times (default 5), the
 * fastest run of each kept:
 *   bare       node writer.mjs
 *   agent      the agent, PODTRAIL_LOGS=off
 *   logs       the agent with log shipping at the default budget (1000 lines/s: most lines dropped)
 *   logs_all   the agent with a budget above the write rate: every line encoded and sent to Kafka
 * Last line: one JSON object {bare_us_per_line, agent_us_per_line, logs_us_per_line, logs_all_us_per_line,
 * capture_us_per_line (logs - agent), ship_us_per_line (logs_all - agent), ...}.
 *
 * BENCH_FLOOD=1: the app floods instead (64 KiB process.stdout.write calls of 640 100-byte lines,
 * BENCH_LINES default 2,000,000): the cost of capturing lines that are mostly over the budget.
 *
 * Env: KAFKA_BROKERS, BENCH_LINES (default 200000), BENCH_ROUNDS (default 5), BENCH_FLOOD.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAgent } from '../support/bench-app.mjs';
import { kafkaBrokers } from '../support/kafka.mjs';

const log = (...a) => console.error('[bench agent-logs]', ...a);
const here = dirname(fileURLToPath(import.meta.url));
const FLOOD = process.env.BENCH_FLOOD === '1';
const LINES = Number(process.env.BENCH_LINES ?? (FLOOD ? 2_000_000 : 200_000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

buildAgent();
const brokers = kafkaBrokers();
const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const base = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'production',
  LINES: String(LINES),
  ...(FLOOD ? { WRITE_MODE: 'chunks' } : {}),
};
const agentEnv = {
  ...base,
  KAFKA_BROKERS: brokers,
  PODTRAIL_SERVICE_NAME: 'bench-agent-logs',
  POD_NAME: 'bench-agent-logs-0',
  POD_NAMESPACE: 'bench',
  PODTRAIL_TOPIC_SPANS: `bench.agent-logs.${suffix}.spans`,
  PODTRAIL_TOPIC_METRICS: `bench.agent-logs.${suffix}.metrics`,
  PODTRAIL_TOPIC_LIFECYCLE: `bench.agent-logs.${suffix}.lifecycle`,
};
const register = ['--import', '@podtrail/agent/register'];
const variants = {
  bare: { args: [], env: base },
  agent: { args: register, env: { ...agentEnv, PODTRAIL_LOGS: 'off' } },
  logs: { args: register, env: agentEnv },
  logs_all: {
    args: register,
    env: { ...agentEnv, PODTRAIL_LOG_MAX_LINES_PER_SEC: '1000000', PODTRAIL_LOG_MAX_BYTES_PER_SEC: '256MiB' },
  },
};

function runOnce(name) {
  const v = variants[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...v.args, 'writer.mjs'], {
      cwd: here,
      env: v.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('exit', () => {
      const m = /RESULT (\{.*\})/.exec(err);
      if (m) resolve(JSON.parse(m[1]));
      else reject(new Error(`${name}: no result: ${err.slice(-2000)}`));
    });
  });
}

const best = {};
for (let r = 0; r < ROUNDS; r++)
  for (const name of Object.keys(variants)) {
    const res = await runOnce(name);
    log(`round ${r + 1} ${name.padEnd(8)} ${res.us_per_line.toFixed(2)} us CPU/line  (${Math.round(res.wall_ms)} ms)`);
    best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, res.us_per_line);
  }
const r2 = (x) => Math.round(x * 100) / 100;
const summary = {
  lines: LINES,
  mode: FLOOD ? 'flood (64 KiB writes)' : 'console.log per line',
  rounds: ROUNDS,
  bare_us_per_line: r2(best.bare),
  agent_us_per_line: r2(best.agent),
  logs_us_per_line: r2(best.logs),
  logs_all_us_per_line: r2(best.logs_all),
  capture_us_per_line: r2(best.logs - best.agent),
  ship_us_per_line: r2(best.logs_all - best.agent),
  node: process.version,
};
log(
  `capture at the default budget +${summary.capture_us_per_line} us/line, every line shipped +${summary.ship_us_per_line} us/line (bare ${summary.bare_us_per_line})`,
);
console.log(JSON.stringify(summary));
process.exit(0);
