// The broker every benchmark talks to: KAFKA_BROKERS if set, else the project's own, started if needed.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** @returns {string} comma-separated bootstrap servers */
export function kafkaBrokers() {
  if (process.env.KAFKA_BROKERS) return process.env.KAFKA_BROKERS;
  const out = execFileSync('bash', [join(root, 'deploy/kafka/kafka.sh'), 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').at(-1).trim();
}
