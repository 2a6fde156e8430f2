import type { FastifyInstance } from 'fastify';
import { type IHeaders, type Producer } from 'kafkajs';
import { type CollectorConfig, type CollectorConfigOptions } from '../config.js';
import type { ClickHouseTarget } from './clickhouse-target.js';
/**
 * Helpers for the ingest integration tests (real broker; real chDB in a temp dir, or the
 * ClickHouse server of CLICKHOUSE_URL: see clickhouse-target.ts).
 */
export declare function uniqueSuffix(): string;
/**
 * A config with unique topics and group, the store of `target` (the caller runs
 * `target.cleanup()` after closing the app); auth off (loopback).
 */
export declare function testConfig(brokers: string, target: ClickHouseTarget, overrides?: CollectorConfigOptions, suffix?: string): CollectorConfig;
export declare function testProducer(brokers: string): Promise<Producer>;
export declare function createTopics(brokers: string, topics: string[], numPartitions?: number): Promise<void>;
export interface TestRecord {
    key?: string | null;
    value: Buffer | null;
    headers?: IHeaders;
    partition?: number;
}
export declare function produce(p: Producer, topic: string, records: TestRecord[], chunk?: number): Promise<void>;
export declare function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs?: number, everyMs?: number): Promise<T>;
export declare function queryRows<T>(app: FastifyInstance, query: string, params?: Record<string, unknown>): Promise<T[]>;
export declare function count(app: FastifyInstance, table: string, where?: string): Promise<number>;
//# sourceMappingURL=ingest-harness.d.ts.map