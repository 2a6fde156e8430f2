import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Admin } from 'kafkajs';
import type { TestProject } from 'vitest/node';
import type { KafkaSecureEndpoints } from './provided-context.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// kafkajs is a dependency of the e2e package, not of the repository root that Vitest resolves from
const kafkajs = createRequire(resolve(repoRoot, 'test/package.json'))('kafkajs') as typeof import('kafkajs');

/**
 * Starts the project's own Kafka broker once for the whole run, unless KAFKA_BROKERS points
 * at one already. Tests read the address from the provided `kafkaBrokers` value.
 * When this run started the broker, the topics it created (every test uses its own) are deleted
 * before the broker stops: its data directory outlives the run, and thousands of leftover topics
 * slow the next start-up. A broker someone else started may serve other runs at the same time,
 * so nothing is deleted there (`pnpm kafka reset` clears a developer's broker).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // a run inside a pod (CI on Kubernetes) must not start the cluster watcher in every test app;
  // the watcher's own tests pass their configuration explicitly
  process.env.PODTRAIL_K8S_WATCH ??= 'off';
  const script = resolve(repoRoot, 'deploy/kafka/kafka.sh');
  project.provide('kafkaSecure', secureEndpoints(script));
  const external = process.env.KAFKA_BROKERS;
  if (external) {
    project.provide('kafkaBrokers', external);
    return async () => {};
  }
  // A broker someone else started (a developer's, or a parallel run) is left running.
  const alreadyRunning = spawnSync('bash', [script, 'status'], { stdio: 'ignore' }).status === 0;
  const out = execFileSync('bash', [script, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const brokers = out.trim().split('\n').at(-1)?.trim() ?? '127.0.0.1:19092';
  project.provide('kafkaBrokers', brokers);
  process.env.KAFKA_BROKERS = brokers;
  const ownBroker = !alreadyRunning && process.env.PODTRAIL_KEEP_KAFKA !== '1';
  const before = ownBroker ? await listTopics(brokers) : undefined;
  return async () => {
    if (!ownBroker) return;
    if (before) await deleteTopicsExcept(brokers, before);
    execFileSync('bash', [script, 'stop'], { stdio: 'inherit' });
  };
}

/**
 * The broker's SASL and TLS listeners: KAFKA_TEST_SECURE (the same JSON) for a broker started
 * elsewhere, otherwise what the project's script configures (`kafka.sh endpoints`).
 */
function secureEndpoints(script: string): KafkaSecureEndpoints {
  const json = process.env.KAFKA_TEST_SECURE ?? execFileSync('bash', [script, 'endpoints'], { encoding: 'utf8' });
  return JSON.parse(json) as KafkaSecureEndpoints;
}

/** Runs fn with a connected admin client; undefined when the broker could not be reached or fn failed. */
async function withAdmin<T>(brokers: string, fn: (admin: Admin) => Promise<T>): Promise<T | undefined> {
  const admin = new kafkajs.Kafka({ brokers: brokers.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    return await fn(admin);
  } catch (err) {
    process.stderr.write(`[global-setup] topic clean-up skipped: ${String(err)}\n`);
    return undefined; // the run itself does not depend on it
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

function listTopics(brokers: string): Promise<Set<string> | undefined> {
  return withAdmin(brokers, async (admin) => new Set(await admin.listTopics()));
}

async function deleteTopicsExcept(brokers: string, keep: Set<string>): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    const created = (await admin.listTopics()).filter((t) => !keep.has(t) && !t.startsWith('__'));
    for (let i = 0; i < created.length; i += 200)
      await admin.deleteTopics({ topics: created.slice(i, i + 200), timeout: 30_000 });
  });
}
