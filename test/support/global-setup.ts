import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts the project's own Kafka broker once for the whole run, unless KAFKA_BROKERS points
 * at one already. Tests read the address from the provided `kafkaBrokers` value.
 */
export default function setup(project: TestProject): () => void {
  const external = process.env.KAFKA_BROKERS;
  if (external) {
    project.provide('kafkaBrokers', external);
    return () => {};
  }
  const script = resolve(repoRoot, 'deploy/kafka/kafka.sh');
  // A broker someone else started (a developer's, or a parallel run) is left running.
  const alreadyRunning = spawnSync('bash', [script, 'status'], { stdio: 'ignore' }).status === 0;
  const out = execFileSync('bash', [script, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const brokers = out.trim().split('\n').at(-1)?.trim() ?? '127.0.0.1:19092';
  project.provide('kafkaBrokers', brokers);
  process.env.KAFKA_BROKERS = brokers;
  return () => {
    if (!alreadyRunning && process.env.PODTRAIL_KEEP_KAFKA !== '1')
      execFileSync('bash', [script, 'stop'], { stdio: 'inherit' });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
  }
}
