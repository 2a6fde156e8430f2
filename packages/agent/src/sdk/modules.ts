import { readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';

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

/**
 * Whether the app's entry point is an ES module, i.e. whether the ESM loader hook (a separate
 * loader thread, ~13 MB) is needed: `.mjs`, or `.js` under `"type": "module"`.
 * PODTRAIL_ESM_HOOK=true|false overrides (e.g. a CommonJS entry that import()s ESM code).
 */
export function needsEsmHook(env: Record<string, string | undefined> = process.env): boolean {
  const forced = env.PODTRAIL_ESM_HOOK?.trim().toLowerCase();
  if (forced === 'true' || forced === '1') return true;
  if (forced === 'false' || forced === '0') return false;
  const main = process.argv[1];
  if (!main) return false;
  const file = resolve(main);
  const ext = extname(file);
  if (ext === '.mjs' || ext === '.mts') return true;
  if (ext === '.cjs' || ext === '.cts') return false;
  let dir = dirname(file);
  for (let i = 0; i < 50; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string };
      return pkg.type === 'module';
    } catch {
      // keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return false;
}
