import { readFileSync } from 'node:fs';
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { AnyValueMap } from '@opentelemetry/api-logs';
import { HEARTBEAT_ATTRS } from '@podtrail/contracts/constants';
import type { InFlightSnapshot } from '../sdk/in-flight.js';

/**
 * What each heartbeat carries besides the transport state: memory, event-loop delay since the
 * previous heartbeat, the container's memory limit, and the transactions running longer than a
 * threshold. A SIGKILLed process sends nothing at its end; its last heartbeat is what remains.
 * Kept cheap: one memoryUsage() and heap-statistics call, a walk over the in-flight slots, and a
 * cgroup file read at most once a minute.
 */

/** cgroup v1 writes "no limit" as a page-rounded 2^63-1; anything this large is no limit. */
const UNLIMITED_FROM = 2 ** 60;

/** The limit in a cgroup memory file (`memory.max`, `memory.limit_in_bytes`); undefined when none. */
export function parseCgroupMemoryLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = text.trim();
  if (!/^\d+$/.test(v)) return undefined; // "max", empty, garbage
  const n = Number(v);
  return n > 0 && n < UNLIMITED_FROM ? n : undefined;
}

export type ReadFile = (path: string) => string | undefined;

const readIfExists: ReadFile = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * The memory limit of this process's container: cgroup v2 (the process's own cgroup from
 * /proc/self/cgroup, then the namespace root a container sees) or cgroup v1. Undefined when there
 * is no limit or no cgroup file says.
 */
export function containerMemoryLimit(read: ReadFile = readIfExists): number | undefined {
  const paths: string[] = [];
  const self = read('/proc/self/cgroup');
  const v2 = self
    ?.split('\n')
    .find((l) => l.startsWith('0::'))
    ?.slice(3)
    .trim();
  if (v2 && v2 !== '/') paths.push(`/sys/fs/cgroup${v2}/memory.max`);
  paths.push('/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes');
  for (const p of paths) {
    const text = read(p);
    if (text !== undefined) return parseCgroupMemoryLimit(text);
  }
  return undefined;
}

export interface HeartbeatSamplerOptions {
  /** transactions running at least this long are listed (PODTRAIL_INFLIGHT_SNAPSHOT_MS) */
  inFlightThresholdMs: number;
  /** at most this many are listed */
  inFlightMax: number;
  /** transactions started at or before the cutoff, the oldest `max` of them */
  inFlight: (cutoffMs: number, max: number) => InFlightSnapshot;
  /** names a transaction whose route is not known yet (the URL template of its path) */
  routeOf?: (path: string) => string;
  now?: () => number;
  readFile?: ReadFile;
  /** how long a read container limit is reused, ms */
  limitRefreshMs?: number;
}

export class HeartbeatSampler {
  private readonly eld: IntervalHistogram;
  private readonly now: () => number;
  private limit: number | undefined;
  private limitReadAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: HeartbeatSamplerOptions) {
    this.now = o.now ?? Date.now;
    this.eld = monitorEventLoopDelay({ resolution: 20 });
    this.eld.enable();
  }

  /** Memory, event-loop delay since the previous call, container limit (every lifecycle event). */
  runtime(): AnyValueMap {
    const mem = process.memoryUsage();
    const out: AnyValueMap = {
      [HEARTBEAT_ATTRS.rss]: mem.rss,
      [HEARTBEAT_ATTRS.heapUsed]: mem.heapUsed,
      [HEARTBEAT_ATTRS.heapLimit]: getHeapStatistics().heap_size_limit,
      [HEARTBEAT_ATTRS.external]: mem.external,
      [HEARTBEAT_ATTRS.arrayBuffers]: mem.arrayBuffers,
    };
    if (this.eld.count > 0) {
      out[HEARTBEAT_ATTRS.eventLoopDelayP99Ms] = round2(this.eld.percentile(99) / 1e6);
      out[HEARTBEAT_ATTRS.eventLoopDelayMaxMs] = round2(this.eld.max / 1e6);
    }
    this.eld.reset();
    const limit = this.containerLimit();
    if (limit !== undefined) out[HEARTBEAT_ATTRS.containerMemoryLimit] = limit;
    return out;
  }

  /** The transactions in flight longer than the threshold (heartbeats). */
  inFlight(): AnyValueMap {
    const { inFlightThresholdMs, inFlightMax, routeOf } = this.o;
    const snap = this.o.inFlight(this.now() - inFlightThresholdMs, inFlightMax);
    const list = snap.oldest.map((t) =>
      t.route === undefined && routeOf && t.url !== undefined ? { ...t, route: routeOf(t.url) } : t,
    );
    return {
      [HEARTBEAT_ATTRS.inFlight]: JSON.stringify(list),
      [HEARTBEAT_ATTRS.inFlightTotal]: snap.total,
      [HEARTBEAT_ATTRS.inFlightThresholdMs]: inFlightThresholdMs,
    };
  }

  stop(): void {
    this.eld.disable();
  }

  private containerLimit(): number | undefined {
    const t = this.now();
    if (t - this.limitReadAt >= (this.o.limitRefreshMs ?? 60_000)) {
      this.limit = containerMemoryLimit(this.o.readFile);
      this.limitReadAt = t;
    }
    return this.limit;
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
