import { createServer } from 'node:net';
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
export async function startCollectorProcess(opts: {
  brokers: string;
  topics: Record<string, string>;
  storeEnv: Record<string, string>;
  env: Record<string, string>;
}): Promise<CollectorProcess> {
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
