// Imports only instrumentation packages (no node:http): constructing these first installs the
// require/import hooks before anything else loads the modules they patch.
import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

export interface InstrumentationOptions {
  /** paths never traced as incoming requests (health probes hammer them) */
  ignoreIncomingPaths?: string[];
}

export function createInstrumentations(opts: InstrumentationOptions = {}): Instrumentation[] {
  const ignored = new Set(opts.ignoreIncomingPaths ?? []);
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: ignored.size > 0 ? (req) => ignored.has((req.url ?? '').split('?')[0]!) : undefined,
    }),
    new UndiciInstrumentation(),
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
    new FastifyOtelInstrumentation({ registerOnInitialization: true }) as unknown as Instrumentation,
    new PgInstrumentation(),
    new MySQL2Instrumentation(),
    new IORedisInstrumentation(),
    new MongoDBInstrumentation(),
  ];
}
