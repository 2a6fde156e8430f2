import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { repoRoot } from './processes.js';

const run = promisify(execFile);
const script = resolve(repoRoot, 'deploy/kafka/kafka.sh');

/** `deploy/kafka/kafka.sh cluster <args>`: the 3-node KRaft test cluster (never the dev broker). */
async function cluster(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [script, 'cluster', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    timeout: 170_000,
  });
  return stdout.trim().split('\n').at(-1)?.trim() ?? '';
}

/** True when all three nodes run already (then a test leaves the cluster running when it ends). */
export async function clusterRunning(): Promise<boolean> {
  return cluster('status').then(
    () => true,
    () => false,
  );
}

/** Starts the nodes that are not running, waits until every node takes acks=all writes; the bootstrap list. */
export const startCluster = (): Promise<string> => cluster('start');
export const stopCluster = (): Promise<string> => cluster('stop');
/** SIGKILLs node n (1..3, node id = n); resolves with the pid it had. */
export const killNode = async (n: number): Promise<number> => Number(await cluster('kill', String(n)));

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

/** Deletes topics (a test's own, before the cluster stops: leftovers slow the next start). */
export async function deleteTopics(brokers: string, topics: string[]): Promise<void> {
  await withAdmin(brokers, (admin) => admin.deleteTopics({ topics, timeout: 30_000 }));
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
