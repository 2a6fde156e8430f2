import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { repoRoot } from './processes.js';

const run = promisify(execFile);
const script = resolve(repoRoot, 'deploy/kafka/kafka.sh');

/** Node n (1..3) listens on basePort + 2(n-1) (clients) and the next port (controller). */
const PORTS_PER_CLUSTER = 6;

/**
 * A 3-node KRaft cluster of one test (`deploy/kafka/kafka.sh cluster`) on ports and in a data
 * directory of its own: never the dev broker, never a cluster someone else runs.
 */
export interface TestCluster {
  /** bootstrap list, host:port,... */
  brokers: string;
  /** SIGKILLs node n (1..3, node id = n); resolves with the pid it had */
  kill(n: number): Promise<number>;
  /** stops the nodes and deletes the data directory */
  stop(): Promise<void>;
}

/** Starts three nodes on free ports, waits until each has taken an acks=all write. */
export async function startCluster(): Promise<TestCluster> {
  const basePort = await freePortRange(PORTS_PER_CLUSTER);
  const dataDir = await mkdtemp(join(tmpdir(), 'podtrail-kafka-cluster-'));
  const env = {
    ...process.env,
    KAFKA_CLUSTER_BASE_PORT: String(basePort),
    KAFKA_CLUSTER_DATA_DIR: dataDir,
    // three JVMs starting on a loaded 2-core machine
    KAFKA_START_TIMEOUT: process.env.KAFKA_START_TIMEOUT ?? '150',
  };
  const cluster = async (...args: string[]): Promise<string> => {
    const { stdout } = await run('bash', [script, 'cluster', ...args], {
      encoding: 'utf8',
      env,
      maxBuffer: 1 << 20,
      timeout: 170_000,
    });
    return stdout.trim().split('\n').at(-1)?.trim() ?? '';
  };
  const stop = async () => {
    await cluster('stop').catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const brokers = await cluster('start');
    return { brokers, kill: async (n) => Number(await cluster('kill', String(n))), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * The first of `count` consecutive free loopback ports (checked by binding each), below Linux's
 * ephemeral range (32768+: a node's outgoing connections could take a port another node is about
 * to listen on) and away from the dev broker (19092) and kafka.sh's default cluster (29092).
 */
async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 1_000) * 8;
    if (base + count > 29_000) continue;
    let free = true;
    for (let p = base; p < base + count && free; p++) free = await portFree(p);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports found for the test cluster`);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/** The node id leading `partition` of `topic`. */
export async function leaderOf(brokers: string, topic: string, partition: number): Promise<number> {
  return withAdmin(brokers, async (admin) => {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const p = meta.topics[0]?.partitions.find((x) => x.partitionId === partition);
    if (!p) throw new Error(`no partition ${partition} of ${topic}`);
    return p.leader;
  });
}

export interface TopicReplication {
  replicas: number[];
  minInsync: string | undefined;
}

/** Replica counts per partition and the `min.insync.replicas` of a topic. */
export async function topicReplication(brokers: string, topic: string): Promise<TopicReplication> {
  return withAdmin(brokers, async (admin) => {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const replicas = (meta.topics[0]?.partitions ?? [])
      .sort((a, b) => a.partitionId - b.partitionId)
      .map((p) => p.replicas.length);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2 /* TOPIC */, name: topic, configNames: ['min.insync.replicas'] }],
    });
    const minInsync = configs.resources[0]?.configEntries.find((c) => c.configName === 'min.insync.replicas');
    return { replicas, minInsync: minInsync?.configValue };
  });
}

export interface TopicContents {
  /** records in the topic */
  records: number;
  /** records whose value equals an earlier record's value (a batch written twice) */
  duplicates: number;
}

/**
 * Reads `topic` from its start to its end offsets: how many records it holds and how many repeat
 * an earlier value (each agent export request is unique: a repeat is a batch written twice).
 */
export async function topicContents(brokers: string, topic: string, timeoutMs = 60_000): Promise<TopicContents> {
  const kafka = new Kafka({
    clientId: 'podtrail-test-reader',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const ends = await withAdmin(brokers, (admin) => admin.fetchTopicOffsets(topic));
  const remaining = new Map(ends.map((e) => [e.partition, BigInt(e.high)]));
  const seen = new Set<string>();
  let records = 0;
  let duplicates = 0;
  const consumer = kafka.consumer({ groupId: `podtrail-test-reader-${process.pid}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`reading ${topic} timed out`)), timeoutMs);
      const check = () => {
        if ([...remaining.values()].every((end) => end <= 0n)) {
          clearTimeout(timer);
          done();
        }
      };
      check();
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const end = remaining.get(partition) ?? 0n;
          if (BigInt(message.offset) >= end) return;
          records++;
          const id = createHash('sha256')
            .update(message.value ?? Buffer.alloc(0))
            .digest('hex');
          if (seen.has(id)) duplicates++;
          else seen.add(id);
          if (BigInt(message.offset) === end - 1n) remaining.set(partition, 0n);
          check();
        },
      });
    });
  } finally {
    await consumer.disconnect().catch(() => {});
  }
  return { records, duplicates };
}

async function withAdmin<T>(brokers: string, fn: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = new Kafka({
    clientId: 'podtrail-test-cluster',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** The node id coordinating consumer group `group`: the leader of its `__consumer_offsets` partition. */
export async function groupCoordinator(brokers: string, group: string): Promise<number> {
  let h = 0;
  for (const ch of group) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) | 0; // Java's String.hashCode
  return withAdmin(brokers, async (admin) => {
    const meta = await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] });
    const partitions = meta.topics[0]?.partitions ?? [];
    // Kafka's Utils.abs: MIN_VALUE maps to 0
    const p = (h === -2147483648 ? 0 : Math.abs(h)) % partitions.length;
    const leader = partitions.find((x) => x.partitionId === p)?.leader;
    if (leader === undefined) throw new Error(`no leader for __consumer_offsets[${p}]`);
    return leader;
  });
}

/** The partitions of `topic` whose leader is node `node`. */
export async function partitionsLedBy(brokers: string, topic: string, node: number): Promise<number[]> {
  return withAdmin(brokers, async (admin) => {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    return (meta.topics[0]?.partitions ?? []).filter((p) => p.leader === node).map((p) => p.partitionId);
  });
}
