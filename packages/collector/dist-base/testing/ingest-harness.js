import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { loadConfig } from '../config.js';
/**
 * Helpers for the ingest integration tests (real broker; real chDB in a temp dir, or the
 * ClickHouse server of CLICKHOUSE_URL: see clickhouse-target.ts).
 */
export function uniqueSuffix() {
    return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
/**
 * A config with unique topics and group, the store of `target` (the caller runs
 * `target.cleanup()` after closing the app); auth off (loopback).
 */
export function testConfig(brokers, target, overrides = {}, suffix = uniqueSuffix()) {
    return loadConfig({
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
    }, {});
}
export async function testProducer(brokers) {
    const kafka = new Kafka({ clientId: 'test-producer', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const p = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
    await p.connect();
    return p;
}
export async function createTopics(brokers, topics, numPartitions = 4) {
    const kafka = new Kafka({ clientId: 'test-admin', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
        await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
    }
    finally {
        await admin.disconnect();
    }
}
export async function produce(p, topic, records, chunk = 500) {
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
export async function waitFor(fn, ok, timeoutMs = 60_000, everyMs = 250) {
    const deadline = Date.now() + timeoutMs;
    let last = await fn();
    while (!ok(last)) {
        if (Date.now() > deadline)
            throw new Error(`waitFor timed out; last value ${JSON.stringify(last)}`);
        await new Promise((r) => setTimeout(r, everyMs));
        last = await fn();
    }
    return last;
}
export async function queryRows(app, query, params = {}) {
    const rs = await app.ch.reader.query({ query, query_params: params, format: 'JSONEachRow' });
    return (await rs.json());
}
export async function count(app, table, where = '1') {
    const rows = await queryRows(app, `SELECT count() AS c FROM ${app.config.database}.${table} WHERE ${where}`);
    return Number(rows[0]?.c ?? 0);
}
//# sourceMappingURL=ingest-harness.js.map