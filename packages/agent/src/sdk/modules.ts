/**
 * Module names the instrumentations patch. The ESM loader hook intercepts only these, so the rest
 * of an ESM app loads untouched (faster start, nothing to break).
 */
export const INSTRUMENTED_MODULES: string[] = [
  'http',
  'https',
  'express',
  'fastify',
  'pg',
  'pg-pool',
  'mysql2',
  'mysql2/promise',
  'ioredis',
  'mongodb',
];
