import type { AddressInfo } from 'node:net';
import { type BuildOptions, build, type CollectorConfigOptions, loadConfig } from '@podtrail/collector';
import { waitUntil } from './http.js';

export interface UiCollector {
  app: Awaited<ReturnType<typeof build>>;
  /** http://127.0.0.1:PORT */
  base: string;
}

/**
 * The collector in the test's process serving the built dashboard (`uiDir`), for the browser tests:
 * the run's topics and store, a read and an ingest token, no bootstrap tokens; listening on a free
 * loopback port and ready when this returns.
 */
export async function startUiCollector(opts: {
  brokers: string;
  topics: CollectorConfigOptions['topics'];
  liveTopic: string;
  /** consumer group and client id */
  group: string;
  store: { config: CollectorConfigOptions };
  uiDir: string;
  readToken: string;
  ingestToken: string;
  /** API requests per minute and token; the collector's default unless given (0: no limit) */
  rateLimitPerMin?: number;
  build?: BuildOptions;
}): Promise<UiCollector> {
  const config = loadConfig(
    {
      brokers: opts.brokers.split(','),
      topics: opts.topics,
      liveTopic: opts.liveTopic,
      consumerGroup: opts.group,
      clientId: opts.group,
      ...opts.store.config,
      host: '127.0.0.1',
      port: 0,
      uiDir: opts.uiDir,
      logLevel: 'warn',
      api: {
        staticTokens: [
          { role: 'read', token: opts.readToken },
          { role: 'ingest', token: opts.ingestToken },
        ],
        bootstrapTokens: false,
        ...(opts.rateLimitPerMin === undefined ? {} : { rateLimitPerMin: opts.rateLimitPerMin }),
      },
    },
    {},
  );
  const app = await build(config, { logger: false, ...opts.build });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await waitUntil(async () => (await fetch(`${base}/readyz`)).status === 200, 90_000, 'collector /readyz');
  return { app, base };
}
