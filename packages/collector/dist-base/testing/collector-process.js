import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
/** Runs the compiled collector (`dist/server.js`) as a child process for crash / scale-out tests. */
const pkgRoot = fileURLToPath(new URL('../../', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const SERVER_JS = `${pkgRoot}dist/server.js`;
/** Compiles the collector (no-op when up to date) so dist/server.js matches the sources. */
export function ensureBuilt() {
    const tsc = `${repoRoot}node_modules/.bin/tsc`;
    execFileSync(existsSync(tsc) ? tsc : 'tsc', ['-b', 'packages/collector'], { cwd: repoRoot, stdio: 'inherit' });
}
export function collectorEnv(s) {
    return {
        KAFKA_BROKERS: s.brokers,
        ...s.store.env,
        PODTRAIL_CONSUMER_GROUP: s.group,
        PODTRAIL_TOPIC_SPANS: s.topics.spans,
        PODTRAIL_TOPIC_METRICS: s.topics.metrics,
        PODTRAIL_TOPIC_LIFECYCLE: s.topics.lifecycle,
        PODTRAIL_TOPIC_DEADLETTER: s.topics.deadLetter,
        PODTRAIL_LIVE_TOPIC: s.liveTopic,
        PODTRAIL_PORT: '0',
        PODTRAIL_HOST: '127.0.0.1',
        PODTRAIL_AUTH: 'off',
        PODTRAIL_BOOTSTRAP_TOKENS: 'off',
        PODTRAIL_LOG_LEVEL: 'info',
        PODTRAIL_BATCH_MAX_MS: '100',
        PODTRAIL_KAFKA_SESSION_TIMEOUT_MS: '6000',
        ...(s.extra ?? {}),
    };
}
export function startCollector(env) {
    const proc = spawn(process.execPath, [SERVER_JS], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = [];
    let onJoin = () => { };
    const joined = new Promise((r) => {
        onJoin = r;
    });
    const take = (chunk) => {
        const text = chunk.toString('utf8');
        output.push(text);
        if (text.includes('joined consumer group'))
            onJoin();
    };
    proc.stdout?.on('data', take);
    proc.stderr?.on('data', take);
    const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    return { proc, output, exited, joined, signal: (sig) => proc.kill(sig) };
}
/** Sum of committed offsets of a group on a topic (records consumed and stored). */
export async function committed(brokers, group, topic) {
    const kafka = new Kafka({ clientId: 'test-offsets', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
        const res = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        return (res[0]?.partitions ?? []).reduce((a, p) => a + Math.max(0, Number(p.offset)), 0);
    }
    finally {
        await admin.disconnect();
    }
}
/** Sum of end offsets of a topic (records produced). */
export async function endOffsets(brokers, topic) {
    const kafka = new Kafka({ clientId: 'test-offsets', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
        return (await admin.fetchTopicOffsets(topic)).reduce((a, p) => a + Number(p.high), 0);
    }
    finally {
        await admin.disconnect();
    }
}
/** Waits until the group is Stable with `members` members. */
export async function groupStable(brokers, group, members, timeoutMs = 60_000) {
    const kafka = new Kafka({ clientId: 'test-group', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const { groups } = await admin.describeGroups([group]);
            const g = groups[0];
            if (g && g.state === 'Stable' && g.members.length === members)
                return;
            if (Date.now() > deadline)
                throw new Error(`group ${group} not stable with ${members} members: ${g?.state}`);
            await new Promise((r) => setTimeout(r, 200));
        }
    }
    finally {
        await admin.disconnect();
    }
}
//# sourceMappingURL=collector-process.js.map