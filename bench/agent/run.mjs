#!/usr/bin/env node
/**
 * `pnpm bench agent`: overhead of the agent on a small node:http app, in one run on this machine.
 *
 * Three child-process variants of the same app (bench/agent/app.cjs), each loaded with autocannon
 * (10 connections, BENCH_DURATION seconds, after a short warm-up):
 *   bare   node app.cjs
 *   otel   plain OpenTelemetry Node SDK: HTTP instrumentation + BatchSpanProcessor -> no-op exporter
 *   agent  node --import @podtrail/agent/register app.cjs, exporting to the real Kafka broker
 * Reports requests/s, p99 latency and peak RSS of each. A second, memory pass runs the three again
 * with V8's young generation at its maximum from the start (BENCH_SEMI_SPACE_MB, default 16), which
 * separates what the agent holds from how soon V8 grows the young generation (*_steady_young_gen).
 * With BENCH_ROUNDS > 1 the variants are
 * interleaved round after round and the median round is kept.
 * Last line: one JSON object {bare_rps, otel_rps, agent_rps, agent_vs_otel, agent_vs_bare, agent_added_rss_mb, ...}.
 *
 * BENCH_LOGS=1: every variant's app writes one log line per request (console.log), the `agent` variant
 * runs with PODTRAIL_LOGS=off and a fourth one, `agent_logs`, ships the lines (default budget);
 * the summary adds agent_logs_vs_bare and agent_logs_vs_agent (against the agent without log shipping).
 *
 * Env: KAFKA_BROKERS (default: the project's broker, started if needed), BENCH_DURATION (s, default 10),
 * BENCH_CONNECTIONS (default 10), BENCH_ROUNDS (default 1), BENCH_LOGS.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { buildAgent, startBenchApp } from '../support/bench-app.mjs';
import { kafkaBrokers } from '../support/kafka.mjs';

const log = (...a) => console.error('[bench agent]', ...a);

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const WARMUP = 2;
const LOGS = process.env.BENCH_LOGS === '1';
// BENCH_VARIANTS=agent (comma list) measures a subset while tuning: then the last line has each
// round's figures and no ratios, which need bare, otel and agent measured in the same run.
const VARIANTS = (process.env.BENCH_VARIANTS ?? (LOGS ? 'bare,otel,agent,agent_logs' : 'bare,otel,agent')).split(',');

buildAgent();

const brokers = kafkaBrokers();

const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const topics = {
  PODTRAIL_TOPIC_SPANS: `bench.agent.${suffix}.spans`,
  PODTRAIL_TOPIC_METRICS: `bench.agent.${suffix}.metrics`,
  PODTRAIL_TOPIC_LIFECYCLE: `bench.agent.${suffix}.lifecycle`,
};

const baseEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'production',
  ...(LOGS ? { APP_LOG_PER_REQUEST: '1' } : {}),
};
const variants = {
  bare: { nodeArgs: [], env: baseEnv },
  otel: {
    nodeArgs: ['--require', './otel-plain.cjs'],
    env: { ...baseEnv, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
  },
  agent: {
    // resolved from bench/ like an app that depends on the agent
    nodeArgs: ['--import', '@podtrail/agent/register'],
    env: {
      ...baseEnv,
      KAFKA_BROKERS: brokers,
      PODTRAIL_SERVICE_NAME: 'bench-agent',
      POD_NAME: 'bench-agent-7d9f8c6b5-x2x4z',
      POD_NAMESPACE: 'bench',
      POD_UID: `bench-${suffix}`,
      ...topics,
      ...(LOGS ? { PODTRAIL_LOGS: 'off' } : {}),
      // BENCH_AGENT_ENV='{"PODTRAIL_...":"..."}' tries agent settings
      ...JSON.parse(process.env.BENCH_AGENT_ENV ?? '{}'),
    },
  },
};
// the agent with log shipping on: the instrumented app's lines go to the lifecycle topic
variants.agent_logs = {
  nodeArgs: variants.agent.nodeArgs,
  // topics of its own, so the read-back of the agent variant's stopped events below stays its own
  env: {
    ...variants.agent.env,
    PODTRAIL_LOGS: 'on',
    PODTRAIL_TOPIC_SPANS: `${topics.PODTRAIL_TOPIC_SPANS}.logs`,
    PODTRAIL_TOPIC_METRICS: `${topics.PODTRAIL_TOPIC_METRICS}.logs`,
    PODTRAIL_TOPIC_LIFECYCLE: `${topics.PODTRAIL_TOPIC_LIFECYCLE}.logs`,
  },
};

/** user+system CPU seconds of a process (all its threads), from /proc. */
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

// The memory pass runs every variant with V8's young generation at its maximum from the start, the
// size any busy Node process reaches (the bare app too, after about a minute at full load: see
// docs/benchmarks.md), so the difference in RSS is what the agent itself holds, not how soon V8
// decided to grow the young generation. 16 MiB is Node 20's default maximum semi-space on 64-bit.
const SEMI_SPACE_MB = Number(process.env.BENCH_SEMI_SPACE_MB ?? 16);
const STEADY_YOUNG_GEN = [`--min-semi-space-size=${SEMI_SPACE_MB}`, `--max-semi-space-size=${SEMI_SPACE_MB}`];

function startVariant(name, v8Flags = []) {
  const v = variants[name];
  return startBenchApp(name, [...v8Flags, ...v.nodeArgs], v.env);
}

function cannon(port, duration) {
  return new Promise((res, rej) => {
    autocannon(
      { url: `http://127.0.0.1:${port}/`, connections: CONNECTIONS, duration, pipelining: 1 },
      (err, result) => (err ? rej(err) : res(result)),
    );
  });
}

async function measure(name, v8Flags = []) {
  const { child, port, stderr, stop } = await startVariant(name, v8Flags);
  await cannon(port, WARMUP);
  const idleRss = rssMb(child.pid);
  log(`${name} RSS after warm-up ${idleRss.toFixed(1)} MB`);
  let peakRss = idleRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb(child.pid));
  }, 200);
  const cpu0 = cpuSeconds(child.pid);
  const r = await cannon(port, DURATION);
  const cpu = cpuSeconds(child.pid) - cpu0;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, rssMb(child.pid));
  await stop();
  const result = {
    rps: Math.round(r.requests.average),
    p99_ms: r.latency.p99,
    p50_ms: r.latency.p50,
    requests: r.requests.total,
    errors: r.errors + r.non2xx,
    rss_mb: Math.round(peakRss * 10) / 10,
    // CPU per request is steadier than req/s when other processes share the machine
    cpu_us_per_req: Math.round((cpu / Math.max(1, r.requests.total)) * 1e6 * 10) / 10,
  };
  if (name.startsWith('agent') && stderr().trim()) log(`${name} stderr: ${stderr().trim().slice(-2000)}`);
  log(
    `${name.padEnd(10)}${v8Flags.length ? ' (steady young gen)' : ''} ${String(result.rps).padStart(7)} req/s  p50 ${result.p50_ms} ms  p99 ${result.p99_ms} ms  peak RSS ${result.rss_mb} MB  ${result.cpu_us_per_req} us CPU/req  (${result.requests} requests, ${result.errors} errors)`,
  );
  return result;
}

const rounds = [];
for (let i = 0; i < ROUNDS; i++) {
  if (ROUNDS > 1) log(`round ${i + 1}/${ROUNDS}`);
  const round = {};
  for (const name of VARIANTS) round[name] = await measure(name);
  for (const name of VARIANTS) round[`${name}_steady`] = await measure(name, STEADY_YOUNG_GEN);
  rounds.push(round);
}
// A subset (BENCH_VARIANTS while tuning) has no baseline to compare with: its own figures per round.
if (!['bare', 'otel', 'agent'].every((v) => VARIANTS.includes(v))) {
  log(`variants ${VARIANTS.join(',')}: no agent/otel/bare ratios without all three`);
  console.log(JSON.stringify({ bench: 'agent', variants: VARIANTS, rounds, node: process.version }));
  process.exit(0);
}
// Median round by agent/otel ratio (one round: that round).
rounds.sort((a, b) => a.agent.rps / a.otel.rps - b.agent.rps / b.otel.rps);
const m = rounds[Math.floor(rounds.length / 2)];

// What the agent delivered: its stopped event says how much it had to drop.
let agentDropped = null;
let stoppedSeen = 0;
let agentSpansSent = null;
try {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING, clientId: 'bench-agent' });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topics.PODTRAIL_TOPIC_SPANS);
  agentSpansSent = offsets.reduce((n, p) => n + Number(p.high), 0);
  await admin.disconnect();
  const { decodeOtlp, attributesToRecord } = await import('@podtrail/contracts');
  const consumer = kafka.consumer({ groupId: `bench-agent-${suffix}` });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.PODTRAIL_TOPIC_LIFECYCLE, fromBeginning: true });
  await new Promise((res) => {
    const t = setTimeout(res, 15_000);
    consumer.run({
      eachMessage: async ({ message }) => {
        for (const rl of decodeOtlp('logs', message.value).resourceLogs ?? [])
          for (const sl of rl.scopeLogs ?? [])
            for (const lr of sl.logRecords ?? []) {
              const a = attributesToRecord(lr.attributes);
              if (a['event.name'] === 'podtrail.agent.stopped') {
                agentDropped = (agentDropped ?? 0) + Number(a['podtrail.dropped.spans']);
                if (++stoppedSeen >= ROUNDS) {
                  clearTimeout(t);
                  res();
                }
              }
            }
      },
    });
  });
  await consumer.disconnect();
} catch (err) {
  log(`could not read back the agent's topics: ${err}`);
}

const ratio = (a, b) => Math.round((a / b) * 1000) / 1000;
const mb = (x) => Math.round(x * 10) / 10;
const summary = {
  bare_rps: m.bare.rps,
  otel_rps: m.otel.rps,
  agent_rps: m.agent.rps,
  agent_vs_otel: ratio(m.agent.rps, m.otel.rps),
  agent_vs_bare: ratio(m.agent.rps, m.bare.rps),
  otel_vs_bare: ratio(m.otel.rps, m.bare.rps),
  bare_p99_ms: m.bare.p99_ms,
  otel_p99_ms: m.otel.p99_ms,
  agent_p99_ms: m.agent.p99_ms,
  bare_rss_mb: m.bare.rss_mb,
  otel_rss_mb: m.otel.rss_mb,
  agent_rss_mb: m.agent.rss_mb,
  // the throughput pass, V8 defaults: what an operator sees after 10 s of full load
  agent_added_rss_mb: mb(m.agent.rss_mb - m.bare.rss_mb),
  otel_added_rss_mb: mb(m.otel.rss_mb - m.bare.rss_mb),
  // memory pass: every variant with the young generation at its maximum (see SEMI_SPACE_MB), so
  // the difference leaves out how much sooner V8 grows it in the instrumented processes
  bare_rss_mb_steady_young_gen: m.bare_steady.rss_mb,
  otel_rss_mb_steady_young_gen: m.otel_steady.rss_mb,
  agent_rss_mb_steady_young_gen: m.agent_steady.rss_mb,
  agent_added_rss_mb_steady_young_gen: mb(m.agent_steady.rss_mb - m.bare_steady.rss_mb),
  otel_added_rss_mb_steady_young_gen: mb(m.otel_steady.rss_mb - m.bare_steady.rss_mb),
  bare_cpu_us_per_req: m.bare.cpu_us_per_req,
  otel_cpu_us_per_req: m.otel.cpu_us_per_req,
  agent_cpu_us_per_req: m.agent.cpu_us_per_req,
  agent_kafka_records: agentSpansSent,
  agent_dropped_spans: agentDropped,
  duration_s: DURATION,
  connections: CONNECTIONS,
  rounds: ROUNDS,
  node: process.version,
};
if (LOGS && m.agent_logs) {
  Object.assign(summary, {
    logs_per_request: 1,
    agent_logs_rps: m.agent_logs.rps,
    agent_logs_vs_bare: ratio(m.agent_logs.rps, m.bare.rps),
    agent_logs_vs_agent: ratio(m.agent_logs.rps, m.agent.rps),
    agent_logs_vs_otel: ratio(m.agent_logs.rps, m.otel.rps),
    agent_logs_p99_ms: m.agent_logs.p99_ms,
    agent_logs_rss_mb: m.agent_logs.rss_mb,
    agent_logs_added_rss_mb: mb(m.agent_logs.rss_mb - m.bare.rss_mb),
    agent_logs_added_rss_mb_steady_young_gen: mb(m.agent_logs_steady.rss_mb - m.bare_steady.rss_mb),
    agent_logs_cpu_us_per_req: m.agent_logs.cpu_us_per_req,
  });
  log(
    `with log shipping (1 line/request): agent_logs/bare ${summary.agent_logs_vs_bare}, agent_logs/agent ${summary.agent_logs_vs_agent}, agent_logs/otel ${summary.agent_logs_vs_otel}, added RSS ${summary.agent_logs_added_rss_mb} MB`,
  );
}
log(
  `agent/otel ${summary.agent_vs_otel} (goal >= 0.9), agent/bare ${summary.agent_vs_bare}, agent added RSS ${summary.agent_added_rss_mb} MB (goal < 30; ${summary.agent_added_rss_mb_steady_young_gen} MB with every young generation at its maximum)`,
);
console.log(JSON.stringify(summary));
process.exit(0);
