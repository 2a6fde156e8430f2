import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';

describe('collector config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({}, {});
    expect(c.brokers).toEqual(['127.0.0.1:19092']);
    expect(c.topics).toEqual({
      spans: 'podtrail.spans',
      metrics: 'podtrail.metrics',
      lifecycle: 'podtrail.lifecycle',
      deadLetter: 'podtrail.deadletter',
    });
    expect(c.liveTopic).toBe('podtrail.live');
    expect(c.topicPartitions).toBe(4);
    // chosen from the cluster's size when the topics are created
    expect(c.topicReplication).toBeUndefined();
    expect(c.topicMinInsync).toBeUndefined();
    expect(c.consumerGroup).toBe('podtrail-collector');
    expect(c.clickhouseUrl).toBeUndefined();
    expect(c.database).toBe('podtrail');
    expect(c.chdbPath.endsWith('/data/chdb')).toBe(true);
    expect([c.host, c.port]).toEqual(['127.0.0.1', 4318]);
    expect(c.retention).toEqual({ spans: 7, aggregates: 30, lifecycle: 90, metrics: 30 });
    expect(c.vanishHeartbeats).toBe(3);
    expect(c.ingest).toBe(true);
    expect(c.ingestStallMs).toBe(30_000);
  });

  it('takes options over env over defaults', () => {
    const env = {
      KAFKA_BROKERS: 'a:1,b:2',
      PODTRAIL_PORT: '9000',
      PODTRAIL_INGEST: 'off',
      PODTRAIL_DATA_DIR: '/tmp/x',
    };
    const c = loadConfig({ port: 1234 }, env);
    expect(c.brokers).toEqual(['a:1', 'b:2']);
    expect(c.port).toBe(1234);
    expect(c.ingest).toBe(false);
    expect(c.chdbPath).toBe('/tmp/x/chdb');
    expect(loadConfig({}, { PODTRAIL_RETENTION_SPANS_DAYS: '3' }).retention.spans).toBe(3);
    expect(loadConfig({}, { PODTRAIL_TOPIC_PARTITIONS: '12' }).topicPartitions).toBe(12);
    expect(loadConfig({ topicPartitions: 2 }, { PODTRAIL_TOPIC_PARTITIONS: '12' }).topicPartitions).toBe(2);
    const replicated = loadConfig({}, { PODTRAIL_TOPIC_REPLICATION: '3', PODTRAIL_TOPIC_MIN_INSYNC: '2' });
    expect([replicated.topicReplication, replicated.topicMinInsync]).toEqual([3, 2]);
    expect(loadConfig({ topicReplication: 1 }, { PODTRAIL_TOPIC_REPLICATION: '3' }).topicReplication).toBe(1);
    expect(loadConfig({}, { PODTRAIL_INGEST_STALL_MS: '5000' }).ingestStallMs).toBe(5000);
    expect(() => loadConfig({}, { PODTRAIL_INGEST_STALL_MS: '10' })).toThrow(/PODTRAIL_INGEST_STALL_MS/);
    const otlp = loadConfig({}, { PODTRAIL_OTLP_COALESCE_MS: '0', PODTRAIL_OTLP_QUEUE_BYTES: '2097152' });
    expect([otlp.otlpCoalesceMs, otlp.otlpQueueBytes]).toEqual([0, 2_097_152]);
    expect(() => loadConfig({}, { PODTRAIL_OTLP_QUEUE_BYTES: '10' })).toThrow(/PODTRAIL_OTLP_QUEUE_BYTES/);
  });

  it('reads the lifecycle clock guard, the pending bound and the ClickHouse cluster', () => {
    const d = loadConfig({}, {});
    expect([d.lifecycleMaxBacklogMs, d.lifecycleMaxSkewMs, d.lifecycleMaxPendingPods, d.clickhouseCluster]).toEqual([
      604_800_000,
      300_000,
      100_000,
      undefined,
    ]);
    const c = loadConfig(
      {},
      {
        PODTRAIL_LIFECYCLE_MAX_BACKLOG_MS: '3600000',
        PODTRAIL_LIFECYCLE_MAX_SKEW_MS: '0',
        PODTRAIL_LIFECYCLE_MAX_PENDING_PODS: '250000',
        CLICKHOUSE_URL: 'http://ch:8123',
        CLICKHOUSE_CLUSTER: '{cluster}',
      },
    );
    expect([c.lifecycleMaxBacklogMs, c.lifecycleMaxSkewMs, c.lifecycleMaxPendingPods, c.clickhouseCluster]).toEqual([
      3_600_000,
      0,
      250_000,
      '{cluster}',
    ]);
    const err = (() => {
      try {
        loadConfig({}, { CLICKHOUSE_CLUSTER: "a'b", PODTRAIL_LIFECYCLE_MAX_PENDING_PODS: '0' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('accepted');
    })();
    expect(err.message).toContain('CLICKHOUSE_CLUSTER must be a cluster name');
    expect(err.message).toContain('CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL');
    expect(err.message).toContain('PODTRAIL_LIFECYCLE_MAX_PENDING_PODS must be an integer between 1 and 10000000');
  });

  it('reads how long an ended pod stays in the lifecycle tracker', () => {
    expect(loadConfig({}, {}).lifecycleForgetEndedMs).toBe(600_000);
    expect(loadConfig({}, { PODTRAIL_LIFECYCLE_FORGET_ENDED_MS: '60000' }).lifecycleForgetEndedMs).toBe(60_000);
    expect(() => loadConfig({}, { PODTRAIL_LIFECYCLE_FORGET_ENDED_MS: '10' })).toThrow(
      'PODTRAIL_LIFECYCLE_FORGET_ENDED_MS must be an integer between 1000 and 86400000',
    );
  });

  it('reads the embedded engine limits and refuses malformed engine arguments', () => {
    expect(loadConfig({}, {}).chdbLimits).toEqual({ maxMemoryMb: 2048, cacheMb: 128, extraArgs: [] });
    expect(
      loadConfig(
        {},
        {
          PODTRAIL_CHDB_MAX_MEMORY_MB: '1024',
          PODTRAIL_CHDB_CACHE_MB: '0',
          PODTRAIL_CHDB_ARGS: ' --max_threads=2  --mmap_cache_size=16 ',
        },
      ).chdbLimits,
    ).toEqual({ maxMemoryMb: 1024, cacheMb: 0, extraArgs: ['--max_threads=2', '--mmap_cache_size=16'] });
    expect(() => loadConfig({}, { PODTRAIL_CHDB_MAX_MEMORY_MB: '64' })).toThrow(
      /PODTRAIL_CHDB_MAX_MEMORY_MB must be an integer between 256 and 1048576/,
    );
    expect(() => loadConfig({}, { PODTRAIL_CHDB_ARGS: '--path=/tmp/x; rm' })).toThrow(
      /PODTRAIL_CHDB_ARGS entry "rm" must be --name=value/,
    );
  });

  it('refuses a min.insync.replicas above the replication factor', () => {
    expect(() => loadConfig({}, { PODTRAIL_TOPIC_REPLICATION: '2', PODTRAIL_TOPIC_MIN_INSYNC: '3' })).toThrow(
      /PODTRAIL_TOPIC_MIN_INSYNC \(3\) must not exceed PODTRAIL_TOPIC_REPLICATION \(2\)/,
    );
  });

  it('reports every invalid field at once, by name', () => {
    let err: unknown;
    try {
      loadConfig(
        {},
        {
          KAFKA_BROKERS: 'nohostport',
          PODTRAIL_PORT: 'eighty',
          PODTRAIL_BATCH_MAX_ROWS: '0',
          PODTRAIL_INGEST: 'maybe',
          PODTRAIL_DATABASE: 'bad-name',
          CLICKHOUSE_URL: 'ftp://x',
          PODTRAIL_TOPIC_SPANS: 'bad topic',
          PODTRAIL_RATE_LIMIT_PER_MIN: '-1',
          PODTRAIL_TOPIC_PARTITIONS: '0',
          PODTRAIL_TOPIC_REPLICATION: 'three',
          PODTRAIL_TOPIC_MIN_INSYNC: '0',
        },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.code).toBe('APM_ERR_CONFIG_INVALID');
    const text = e.errors.join('\n');
    for (const name of [
      'KAFKA_BROKERS',
      'PODTRAIL_PORT',
      'PODTRAIL_BATCH_MAX_ROWS',
      'PODTRAIL_INGEST',
      'PODTRAIL_DATABASE',
      'CLICKHOUSE_URL',
      'PODTRAIL_TOPIC_SPANS',
      'PODTRAIL_RATE_LIMIT_PER_MIN',
      'PODTRAIL_TOPIC_PARTITIONS',
      'PODTRAIL_TOPIC_REPLICATION',
      'PODTRAIL_TOPIC_MIN_INSYNC',
    ])
      expect(text).toContain(name);
  });
});
