#!/usr/bin/env node
/**
 * `pnpm bench agent-gc`: where the agent's memory goes under load, as V8 sees it. Runs the agent
 * benchmark's app (bench/agent/app.cjs) with `--trace-gc-nvp`, bare and with the agent, under the
 * same autocannon load, and reports per young-generation collection (scavenge, start-up excluded)
 * the bytes that survived and the bytes promoted to the old generation, plus the number of full
 * collections. Promoted bytes are what makes the old generation, and so RSS, grow between full GCs.
 *
 * Env: KAFKA_BROKERS (default: the project's broker, started if needed), BENCH_DURATION (s, default 15),
 * BENCH_AGENT_ENV='{"PODTRAIL_...":"..."}' to try agent settings (e.g. PODTRAIL_GC_SAMPLE_RATIO=1).
 * Last line: one JSON object.
 */
import autocannon from 'autocannon';
import { buildAgent, startBenchApp } from '../support/bench-app.mjs';
import { kafkaBrokers } from '../support/kafka.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const STARTUP_SCAVENGES = 60; // module loading and warm-up, excluded
const log = (...a) => console.error('[bench agent-gc]', ...a);

buildAgent();
const brokers = kafkaBrokers();

async function trace(name, extraArgs, extraEnv) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...extraEnv };
  let out = ''; // --trace-gc-nvp writes one line per GC to stdout
  const app = await startBenchApp(name, ['--trace-gc-nvp', ...extraArgs], env, {
    onStdout: (chunk) => {
      out += chunk;
    },
  });
  const r = await autocannon({ url: `http://127.0.0.1:${app.port}/`, connections: 10, duration: DURATION });
  await app.stop();
  const field = (line, key) => Number(new RegExp(`\\b${key}=(\\d+)`).exec(line)?.[1] ?? 0);
  const lines = out.split('\n');
  const scavenges = lines.filter((l) => l.includes('gc=s ')).slice(STARTUP_SCAVENGES);
  const n = Math.max(1, scavenges.length);
  const sum = (key) => scavenges.reduce((acc, l) => acc + field(l, key), 0);
  const result = {
    rps: Math.round(r.requests.average),
    scavenges: scavenges.length,
    survived_kb_per_scavenge: Math.round((sum('new_space_survived') / n / 1024) * 10) / 10,
    promoted_kb_per_scavenge: Math.round((sum('promoted') / n / 1024) * 10) / 10,
    promoted_kb_per_s: Math.round(sum('promoted') / 1024 / DURATION),
    full_gcs: lines.filter((l) => /gc=m[cs] /.test(l)).length,
  };
  log(name, JSON.stringify(result));
  return result;
}

const bare = await trace('bare', [], {});
const agent = await trace('agent', ['--import', '@podtrail/agent/register'], {
  KAFKA_BROKERS: brokers,
  PODTRAIL_SERVICE_NAME: 'bench-agent-gc',
  PODTRAIL_TOPIC_SPANS: 'bench.agent-gc.spans',
  PODTRAIL_TOPIC_METRICS: 'bench.agent-gc.metrics',
  PODTRAIL_TOPIC_LIFECYCLE: 'bench.agent-gc.lifecycle',
  ...JSON.parse(process.env.BENCH_AGENT_ENV ?? '{}'),
});
const summary = { duration_s: DURATION, node: process.version };
for (const [k, v] of Object.entries(bare)) summary[`bare_${k}`] = v;
for (const [k, v] of Object.entries(agent)) summary[`agent_${k}`] = v;
console.log(JSON.stringify(summary));
