import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import type { ClickHouseTarget } from './clickhouse-target.js';

/** Runs the compiled collector (`dist/server.js`) as a child process for crash / scale-out tests. */

const pkgRoot = fileURLToPath(new URL('../../', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const SERVER_JS = `${pkgRoot}dist/server.js`;

/** Compiles the collector (no-op when up to date) so dist/server.js matches the sources. */
export function ensureBuilt(): void {
  const tsc = `${repoRoot}node_modules/.bin/tsc`;
  execFileSync(existsSync(tsc) ? tsc : 'tsc', ['-b', 'packages/collector'], { cwd: repoRoot, stdio: 'inherit' });
}

export interface CollectorEnvSpec {
  brokers: string;
  /** the store (and data dir) of this collector: PODTRAIL_DATA_DIR, PODTRAIL_DATABASE, CLICKHOUSE_* */
  store: ClickHouseTarget;
  group: string;
  topics: { spans: string; metrics: string; lifecycle: string; deadLetter: string };
  liveTopic: string;
  extra?: Record<string, string>;
}

export function collectorEnv(s: CollectorEnvSpec): Record<string, string> {
  return {
    KAFKA_BROKERS: s.brokers,
    ...s.store.env,
    PODTRAIL_CONSUMER_GROUP: s.group,
    PODTRAIL_TOPIC_SPANS: s.topics.spans,
    PODTRAIL_TOPIC_METRICS: s.topics.metrics,
    PODTRAIL_TOPIC_LIFECYCLE: s.topics.lifecycle,
    PODTRAIL_TOPIC_DEADLETTER: s.topics.deadLetter,
    PODTRAIL_LIVE_TOPIC: s.liveTopic,
    PODTRAIL_PORT: '0',
    PODTRAIL_HOST: '127.0.0.1',
    PODTRAIL_AUTH: 'off',
    PODTRAIL_BOOTSTRAP_TOKENS: 'off',
    PODTRAIL_LOG_LEVEL: 'info',
    PODTRAIL_BATCH_MAX_MS: '100',
    PODTRAIL_KAFKA_SESSION_TIMEOUT_MS: '6000',
    ...(s.extra ?? {}),
  };
}

export interface CollectorProcess {
  proc: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  /** resolves when the log says the consumer joined the group */
  joined: Promise<void>;
  signal(sig: NodeJS.Signals): void;
}

export function startCollector(env: Record<string, string>): CollectorProcess {
  const proc = spawn(process.execPath, [SERVER_JS], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let onJoin: () => void = () => {};
  const joined = new Promise<void>((r) => {
    onJoin = r;
  });
  const take = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output.push(text);
    if (process.env.PODTRAIL_TEST_VERBOSE) process.stderr.write(chunk);
    if (text.includes('joined consumer group')) onJoin();
  };
  proc.stdout?.on('data', take);
  proc.stderr?.on('data', take);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output, exited, joined, signal: (sig) => proc.kill(sig) };
}

/** Sum of committed offsets of a group on a topic (records consumed and stored). */
export async function committed(brokers: string, group: string, topic: string): Promise<number> {
  return (await committedByPartition(brokers, group, topic)).reduce((a, n) => a + n, 0);
}

/** The group's committed offset of each partition of a topic, by partition number (0: none yet). */
export async function committedByPartition(brokers: string, group: string, topic: string): Promise<number[]> {
  const kafka = new Kafka({ clientId: 'test-offsets', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const res = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const out: number[] = [];
    for (const p of res[0]?.partitions ?? []) out[p.partition] = Math.max(0, Number(p.offset));
    return Array.from(out, (n) => n ?? 0);
  } finally {
    await admin.disconnect();
  }
}

/** Sum of end offsets of a topic (records produced). */
export async function endOffsets(brokers: string, topic: string): Promise<number> {
  const kafka = new Kafka({ clientId: 'test-offsets', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((a, p) => a + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the group is Stable with `members` members. */
export async function groupStable(brokers: string, group: string, members: number, timeoutMs = 60_000): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-group', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { groups } = await admin.describeGroups([group]);
      const g = groups[0];
      if (g && g.state === 'Stable' && g.members.length === members) return;
      if (Date.now() > deadline) throw new Error(`group ${group} not stable with ${members} members: ${g?.state}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.disconnect();
  }
}
