import { Session } from 'chdb';

/**
 * The embedded engine's memory bounds. chDB runs ClickHouse inside the collector's process with a
 * server's defaults: caches of 5 GiB each (marks, primary index, index marks) and a memory limit
 * of 90 % of the machine's RAM, so the process grows with whatever it has read. Here the caches are
 * sized for one collector and the engine has a hard limit (a query beyond it fails with
 * MEMORY_LIMIT_EXCEEDED instead of the process being OOM-killed).
 */
export interface ChdbEngineLimits {
  /** max_server_memory_usage, MiB */
  maxMemoryMb: number;
  /** the size of each of the engine's caches, MiB (0: off) */
  cacheMb: number;
  /** more engine arguments in `clickhouse local` form (`--name=value`), last so they win */
  extraArgs: readonly string[];
}

export const DEFAULT_CHDB_LIMITS: ChdbEngineLimits = { maxMemoryMb: 2048, cacheMb: 128, extraArgs: [] };

/** The caches a server sizes in GiB by default (the uncompressed and query caches are off already). */
const CACHES = [
  'mark_cache_size',
  'index_mark_cache_size',
  'primary_index_cache_size',
  'vector_similarity_index_cache_size',
  'query_condition_cache_size',
  'compiled_expression_cache_size',
] as const;

const MIB = 1024 * 1024;

/** The engine's command-line arguments for these limits. */
export function chdbEngineArgs(limits: ChdbEngineLimits): string[] {
  return [
    `--max_server_memory_usage=${limits.maxMemoryMb * MIB}`,
    ...CACHES.map((name) => `--${name}=${limits.cacheMb * MIB}`),
    ...limits.extraArgs,
  ];
}

/**
 * Starts the process's engine on `path` with these limits. The engine is one per process and takes
 * its arguments from the first session on a path, so this must come before the store's
 * connections (which then share it); close it after them.
 */
export function openChdbEngine(path: string, limits: ChdbEngineLimits): { close(): void } {
  const session = new Session(path, { connectionArgs: chdbEngineArgs(limits) });
  return { close: () => session.close() };
}
