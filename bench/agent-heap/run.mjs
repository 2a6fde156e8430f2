#!/usr/bin/env node
/**
 * `pnpm bench agent-heap`: how the agent's process memory develops over a longer run. Runs the agent
 * benchmark's app (bench/agent/app.cjs), with the agent unless BENCH_BARE=1, under autocannon load
 * (10 connections, BENCH_DURATION s, default 70) and prints V8's heap spaces and RSS every
 * BENCH_SAMPLE_MS (default 10000). Settings to compare:
 *   BENCH_AGENT_ENV='{"PODTRAIL_BATCH_MAX_SPANS":"1024"}'   agent settings
 *   BENCH_KAFKA_SEND=timer                                  isolate the Kafka path (kafka-send-timer.mjs)
 * Last line: one JSON object (first and last sample, old-space growth per second, peak RSS).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildAgent, startBenchApp } from '../support/bench-app.mjs';
import { kafkaBrokers } from '../support/kafka.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 70);
const BARE = process.env.BENCH_BARE === '1';
const log = (...a) => console.error('[bench agent-heap]', ...a);

buildAgent();
const brokers = kafkaBrokers();

const args = ['--require', join(here, 'heap-sampler.cjs')];
if (!BARE) args.push('--import', join(here, 'kafka-send-timer.mjs'), '--import', '@podtrail/agent/register');
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'production',
  BENCH_SAMPLE_MS: process.env.BENCH_SAMPLE_MS ?? '10000',
  BENCH_KAFKA_SEND: process.env.BENCH_KAFKA_SEND ?? '',
  KAFKA_BROKERS: brokers,
  PODTRAIL_SERVICE_NAME: 'bench-agent-heap',
  PODTRAIL_TOPIC_SPANS: 'bench.agent-heap.spans',
  PODTRAIL_TOPIC_METRICS: 'bench.agent-heap.metrics',
  PODTRAIL_TOPIC_LIFECYCLE: 'bench.agent-heap.lifecycle',
  ...JSON.parse(process.env.BENCH_AGENT_ENV ?? '{}'),
};
const samples = [];
let errBuf = '';
const app = await startBenchApp('app', args, env, {
  onStderr: (chunk) => {
    errBuf += chunk;
    let nl = errBuf.indexOf('\n');
    while (nl >= 0) {
      const line = errBuf.slice(0, nl);
      errBuf = errBuf.slice(nl + 1);
      if (line.startsWith('heap-sample ')) {
        const s = JSON.parse(line.slice('heap-sample '.length));
        samples.push(s);
        log(JSON.stringify(s));
      } else if (line.trim()) log(`app: ${line}`);
      nl = errBuf.indexOf('\n');
    }
  },
});
const r = await autocannon({ url: `http://127.0.0.1:${app.port}/`, connections: 10, duration: DURATION });
await app.stop();

// the first sample is taken BENCH_SAMPLE_MS after start, under load
const first = samples[0];
const last = samples.at(-1);
const summary = {
  variant: BARE ? 'bare' : `agent${env.BENCH_KAFKA_SEND ? `, kafka send ${env.BENCH_KAFKA_SEND}` : ''}`,
  agent_env: BARE ? {} : JSON.parse(process.env.BENCH_AGENT_ENV ?? '{}'),
  rps: Math.round(r.requests.average),
  duration_s: DURATION,
  peak_rss_mb: Math.max(...samples.map((s) => s.rss)),
  first,
  last,
  old_used_growth_kb_per_s:
    first && last && last.t > first.t
      ? Math.round(((last.old_used - first.old_used) * 1024) / (last.t - first.t))
      : null,
  node: process.version,
};
console.log(JSON.stringify(summary));
