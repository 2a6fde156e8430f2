// Instrumentation packages are loaded on demand: only those whose target library the app can
// resolve (plus node:http and fetch, always), which keeps memory and start time down for the usual
// app that uses one framework and one database client.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { SonicBoomCapture } from '../logs/sonic-boom-hook.js';

const load = createRequire(import.meta.url);

export interface InstrumentationOptions {
  /** paths never traced as incoming requests (health probes hammer them) */
  ignoreIncomingPaths?: string[];
  /** directory to resolve the app's libraries from; default: the main script's directory */
  appDir?: string;
  /** instrument every supported library whether the app has it or not */
  all?: boolean;
  /** incoming requests are traced by the lean server path (sdk/http-server.ts), not by instrumentation-http */
  leanServer?: boolean;
}

type Factory = () => Instrumentation;

/** library -> its instrumentation, created only when the library is installed for the app */
const OPTIONAL: [string, Factory][] = [
  [
    'express',
    () => {
      const m = load(
        '@opentelemetry/instrumentation-express',
      ) as typeof import('@opentelemetry/instrumentation-express');
      // Middleware spans would multiply spans per request; routers and handlers stay.
      return new m.ExpressInstrumentation({ ignoreLayersType: [m.ExpressLayerType.MIDDLEWARE] });
    },
  ],
  [
    'fastify',
    () => {
      const m = load('@fastify/otel') as { FastifyOtelInstrumentation: new (c: object) => unknown };
      return new m.FastifyOtelInstrumentation({ registerOnInitialization: true }) as Instrumentation;
    },
  ],
  [
    'pg',
    () =>
      new (
        load('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg')
      ).PgInstrumentation(),
  ],
  [
    'mysql2',
    () =>
      new (
        load('@opentelemetry/instrumentation-mysql2') as typeof import('@opentelemetry/instrumentation-mysql2')
      ).MySQL2Instrumentation(),
  ],
  [
    'ioredis',
    () =>
      new (
        load('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis')
      ).IORedisInstrumentation(),
  ],
  [
    'mongodb',
    () =>
      new (
        load('@opentelemetry/instrumentation-mongodb') as typeof import('@opentelemetry/instrumentation-mongodb')
      ).MongoDBInstrumentation(),
  ],
];

export const SUPPORTED_LIBRARIES = ['node:http', 'node:https', 'fetch/undici', ...OPTIONAL.map(([name]) => name)];

export function appDirectory(): string {
  return process.argv[1] ? dirname(resolve(process.argv[1])) : process.cwd();
}

function installed(name: string, appDir: string): boolean {
  try {
    createRequire(join(appDir, 'noop.js')).resolve(name);
    return true;
  } catch {
    return false;
  }
}

export function createInstrumentations(opts: InstrumentationOptions = {}): Instrumentation[] {
  const ignored = new Set(opts.ignoreIncomingPaths ?? []);
  const appDir = opts.appDir ?? appDirectory();
  const { HttpInstrumentation } = load(
    '@opentelemetry/instrumentation-http',
  ) as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } = load(
    '@opentelemetry/instrumentation-undici',
  ) as typeof import('@opentelemetry/instrumentation-undici');
  const list: Instrumentation[] = [
    new HttpInstrumentation({
      disableIncomingRequestInstrumentation: opts.leanServer ?? false,
      ignoreIncomingRequestHook: ignored.size > 0 ? (req) => ignored.has((req.url ?? '').split('?')[0]!) : undefined,
    }),
    new UndiciInstrumentation(),
    // pino's stdout destination (log capture; a no-op until the agent sets where lines go)
    new SonicBoomCapture(),
  ];
  for (const [name, make] of OPTIONAL) if (opts.all || installed(name, appDir)) list.push(make());
  return list;
}
