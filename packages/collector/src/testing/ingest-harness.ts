import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type IHeaders, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
// app.ch / app.config on FastifyInstance (module augmentations of the app; types only)
import type {} from '../app.js';
import { type CollectorConfig, type CollectorConfigOptions, loadConfig } from '../config.js';
import type {} from '../plugins/clickhouse.js';
import type { ClickHouseTarget } from './clickhouse-target.js';
import { waitForValue } from './wait-for.js';

/**
 * Helpers for the ingest integration tests (real broker; real chDB in a temp dir, or the
 * ClickHouse server of CLICKHOUSE_URL: see clickhouse-target.ts).
 */

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * A config with unique topics and group, the store of `target` (the caller runs
 * `target.cleanup()` after closing the app); auth off (loopback).
 */
export function testConfig(
  brokers: string,
  target: ClickHouseTarget,
  overrides: CollectorConfigOptions = {},
  suffix = uniqueSuffix(),
): CollectorConfig {
  return loadConfig(
    {
      brokers: brokers.split(','),
      ...target.config,
      host: '127.0.0.1',
      port: 0,
      consumerGroup: `test-collector-${suffix}`,
      topics: {
        spans: `t-spans-${suffix}`,
        metrics: `t-metrics-${suffix}`,
        lifecycle: `t-lifecycle-${suffix}`,
        deadLetter: `t-dlq-${suffix}`,
      },
      liveTopic: `t-live-${suffix}`,
      logLevel: 'warn',
      batchMaxMs: 100,
      ...overrides,
      api: { authEnabled: false, bootstrapTokens: false, ...(overrides.api ?? {}) },
    },
    {},
  );
}

export async function testProducer(brokers: string): Promise<Producer> {
  const kafka = new Kafka({ clientId: 'test-producer', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const p = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
  await p.connect();
  return p;
}

export { createTopics } from './kafka-topics.js';

export interface TestRecord {
  key?: string | null;
  value: Buffer | null;
  headers?: IHeaders;
  partition?: number;
}

export async function produce(p: Producer, topic: string, records: TestRecord[], chunk = 500): Promise<void> {
  for (let i = 0; i < records.length; i += chunk) {
    await p.send({
      topic,
      messages: records.slice(i, i + chunk).map((r) => ({
        key: r.key ?? null,
        value: r.value,
        headers: r.headers ?? {},
        ...(r.partition !== undefined ? { partition: r.partition } : {}),
      })),
    });
  }
}

/**
 * waitForValue (wait-for.ts) with positional timeout and interval; the failure names the awaited
 * condition by its source (`(n) => n === 3`) and gives the last value seen.
 */
export function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const condition = ok.toString().replace(/\s+/g, ' ');
  const what = `${fn.name || 'the probe'} to satisfy ${condition.length > 200 ? `${condition.slice(0, 200)}…` : condition}`;
  return waitForValue(fn, ok, { what, timeoutMs, intervalMs: everyMs });
}

export async function queryRows<T>(
  app: FastifyInstance,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const rs = await app.ch.reader.query({ query, query_params: params, format: 'JSONEachRow' });
  return (await rs.json()) as T[];
}

/** GET through the app (no network); anything but 200 throws with the status and the body. */
export async function getOk<T>(app: FastifyInstance, url: string): Promise<T> {
  const res = await app.inject({ method: 'GET', url });
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

export async function count(app: FastifyInstance, table: string, where = '1'): Promise<number> {
  const rows = await queryRows<{ c: string }>(
    app,
    `SELECT count() AS c FROM ${app.config.database}.${table} WHERE ${where}`,
  );
  return Number(rows[0]?.c ?? 0);
}
