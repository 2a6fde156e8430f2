import type { ClickHouseClient } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import type { ChHandle } from '../store/query.js';
import { loadClusterFacts } from './kubernetes-facts.js';

/**
 * A store whose watcher flush lands while a read is in flight: before it the pod row says 0
 * restarts and there is no termination; the flush writes the pod row (1 restart), then the
 * OOM kill, as cluster-writer.ts orders them. A query sees the store as it is when it starts,
 * except the terminations query, during which the flush lands.
 */
function storeFlushedDuringTerminationsRead(uid: string): { ch: ChHandle; queries: string[] } {
  let flushed = false;
  const queries: string[] = [];
  const podRow = () => ({ uid, restarts: flushed ? 1 : 0 });
  const termRow = { uid, container: 'app', reason: 'OOMKilled', exitCode: 137, signal: 9, message: '' };
  const reader = {
    query: async ({ query }: { query: string }) => {
      const table = /FROM \S+\.(k8s_\w+)/.exec(query)?.[1] ?? '';
      queries.push(table);
      let rows: object[] = [];
      if (table === 'k8s_pods') rows = [podRow()];
      if (table === 'k8s_terminations') {
        await new Promise((r) => setTimeout(r, 5));
        flushed = true;
        rows = [{ ...termRow, startedAt: '1000', finishedAt: '2000', restartCount: 1 }];
      }
      return { json: async () => rows };
    },
  } as unknown as ClickHouseClient;
  return { ch: { reader, writer: reader, database: 'podtrail', backend: 'chdb' }, queries };
}

describe('loadClusterFacts', () => {
  it('never shows a termination with the pod row from before it (terminations read before pods)', async () => {
    const { ch, queries } = storeFlushedDuringTerminationsRead('uid-1');
    const facts = await loadClusterFacts(ch, ['uid-1', 'uid-1', '']);
    expect(facts.terminations.get('uid-1')?.map((t) => t.reason)).toEqual(['OOMKilled']);
    expect(facts.pods.get('uid-1')?.restarts).toBe(1);
    expect(queries.indexOf('k8s_pods')).toBeGreaterThan(queries.indexOf('k8s_terminations'));
  });

  it('reads nothing for no pods', async () => {
    const { ch, queries } = storeFlushedDuringTerminationsRead('uid-1');
    const facts = await loadClusterFacts(ch, ['']);
    expect([facts.pods.size, facts.terminations.size, facts.probes.length, queries.length]).toEqual([0, 0, 0, 0]);
  });
});
