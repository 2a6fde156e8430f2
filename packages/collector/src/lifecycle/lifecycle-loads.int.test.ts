import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChHandle } from '../store/query.js';
import { sql } from '../store/sql.js';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import { openTarget } from '../testing/query-harness.js';

/**
 * What the tracker loads on a partition assignment (lifecycle_pods_by_state.sql,
 * lifecycle_running_instances.sql): the pods and instances whose NEWEST row is running, each once,
 * never one whose running row was superseded, however old that row is (an old superseded row sets
 * the lowest Version those statements start from).
 */
let target: ClickHouseTarget | undefined;
let ch: ChHandle;
const t3 = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const now = Date.now();

function pod(name: string, workload: string, state: string, version: number) {
  return {
    Namespace: 'shop',
    Workload: workload,
    WorkloadKind: 'Deployment',
    ServiceName: 'web',
    PodName: name,
    PodUid: `uid-${name}`,
    FirstSeen: t3(now - 3_600_000),
    LastSeen: t3(now - 60_000),
    EndedAt: state === 'running' ? null : t3(now - 60_000),
    State: state,
    CurrentInstanceId: `${name}-i1`,
    Version: version,
  };
}

function instance(id: string, state: string, version: number) {
  return {
    Namespace: 'shop',
    Workload: 'web',
    WorkloadKind: 'Deployment',
    ServiceName: 'web',
    PodName: `pod-${id}`,
    PodUid: `uid-${id}`,
    InstanceId: id,
    StartedAt: t3(now - 3_600_000),
    LastSeen: t3(now - 60_000),
    EndedAt: state === 'running' ? null : t3(now - 60_000),
    State: state,
    Version: version,
  };
}

beforeAll(async () => {
  target = clickhouseTarget('podtrail-lifecycle-loads-');
  ch = await openTarget(target);
  const insert = (table: string, values: object[]) =>
    ch.writer.insert({ table: `\`${ch.database}\`.${table}`, format: 'JSONEachRow', values });
  // superseded rows in inserts of their own: one insert's rows of one key are merged on insert
  await insert('pods', [
    pod('ended', 'web', 'running', 1_000),
    // registered under its service name first (still marked running), then under its Deployment
    pod('twice', 'checkout', 'running', 1_000),
    // a running row from long ago, superseded under another workload by its end
    pod('stale', 'x', 'running', 1),
  ]);
  await insert('pods', [
    pod('ended', 'web', 'stopped', 2_000),
    pod('twice', 'web', 'running', 3_000),
    pod('live', 'web', 'running', 5_000),
    pod('stale', 'y', 'killed', 9_000),
  ]);
  await insert('instances', [instance('i-ended', 'running', 1_000), instance('i-stale', 'running', 1)]);
  await insert('instances', [
    instance('i-ended', 'stopped', 2_000),
    instance('i-live', 'running', 3_000),
    instance('i-stale', 'killed', 10_000),
  ]);
}, 120_000);

afterAll(async () => {
  await ch?.reader.close();
  await ch?.writer.close();
  await target?.cleanup();
});

async function rows<T>(name: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await ch.reader.query({ query: sql(name, ch.database), query_params: params, format: 'JSONEachRow' });
  return (await rs.json()) as T[];
}

describe('the lifecycle state a tracker loads', () => {
  it('running pods: those whose newest row is running, once each, with that row', async () => {
    const pods = await rows<{ PodName: string; Workload: string; Version: string }>('lifecycle_pods_by_state', {
      state: 'running',
    });
    expect(pods.map((p) => [p.PodName, p.Workload, p.Version]).sort()).toEqual([
      ['live', 'web', '5000'],
      ['twice', 'web', '3000'],
    ]);
  });

  it('pods in an end state are found the same way', async () => {
    const pods = await rows<{ PodName: string }>('lifecycle_pods_by_state', { state: 'killed' });
    expect(pods.map((p) => p.PodName)).toEqual(['stale']);
  });

  it('running instances: those whose newest row is running', async () => {
    const insts = await rows<{ InstanceId: string; Version: string }>('lifecycle_running_instances');
    expect(insts.map((i) => [i.InstanceId, i.Version])).toEqual([['i-live', '3000']]);
  });
});
