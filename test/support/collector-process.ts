import { createServer } from 'node:net';
import { getJson, waitUntil } from './http.js';
import { createTopics } from './kafka.js';
import { type StartedProcess, startNode } from './processes.js';

/** A free TCP port on loopback, for a process the test starts. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  await new Promise((r) => srv.close(r));
  return typeof addr === 'object' && addr ? addr.port : 0;
}

export interface CollectorProcess {
  process: StartedProcess;
  /** http://127.0.0.1:PORT */
  base: string;
}

/**
 * The collector as users run it (`dist/server.js`, its own process) on a free loopback port, with the
 * test's broker, topics and store; `env` adds what the test is about (consumer group, tokens, ...).
 */
export interface CollectorProcessOptions {
  brokers: string;
  topics: Record<string, string>;
  storeEnv: Record<string, string>;
  env: Record<string, string>;
}

export async function startCollectorProcess(opts: CollectorProcessOptions): Promise<CollectorProcess> {
  const port = await freePort();
  const process = startNode(['packages/collector/dist/server.js'], {
    ...opts.topics,
    KAFKA_BROKERS: opts.brokers,
    ...opts.storeEnv,
    PODTRAIL_HOST: '127.0.0.1',
    PODTRAIL_PORT: String(port),
    ...opts.env,
  });
  return { process, base: `http://127.0.0.1:${port}` };
}

/**
 * Creates the test's topics, starts the collector process and waits until it answers `/readyz`
 * (within `readyTimeoutMs`, default 90 s); one that never gets ready is stopped, and the error ends
 * with its last output.
 */
export async function startReadyCollector(
  opts: CollectorProcessOptions & { readyTimeoutMs?: number },
): Promise<CollectorProcess> {
  await createTopics(opts.brokers, Object.values(opts.topics));
  const started = await startCollectorProcess(opts);
  try {
    await waitUntil(
      async () => (await getJson(`${started.base}/readyz`)).status === 200,
      opts.readyTimeoutMs ?? 90_000,
      'collector /readyz',
    );
  } catch (err) {
    await started.process.stop('SIGKILL');
    const output = started.process.output().slice(-4000);
    throw new Error(`${(err as Error).message}\n--- the collector's last output ---\n${output}`, { cause: err });
  }
  return started;
}
