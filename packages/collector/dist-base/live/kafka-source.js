import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Backoff, sleep } from '@podtrail/contracts/retry';
import { retryKafka } from '../kafka/kafka-retry.js';
/** Failed starts are tried again every 5 s (no growth: the live feed should come back soon). */
const RESTART_BACKOFF = { baseMs: 5000, capMs: 5000, jitter: 0 };
/**
 * Reads the live topic into a LiveHub. Every collector process uses its own consumer group
 * (`podtrail-live-<host>-<pid>-<random>`), so each one sees every record. It starts at the end
 * of the topic as it was when start() was called (offsets captured first, then sought after the
 * group join), so nothing produced after start() is missed; the group is deleted on stop().
 */
export class LiveKafkaSource {
    hub;
    opts;
    groupId;
    consumer;
    messages = 0;
    badMessages = 0;
    /** consumer crashes and failed starts */
    errors = 0;
    /** records behind the end of the live topic, per partition, after the last batch */
    lag = new Map();
    /** start offsets are applied on the first join only; later joins resume from committed offsets */
    seeked = false;
    stopped = false;
    stopCtl = new AbortController();
    /** in its group and consuming (false while starting, rejoining, or after a crash) */
    consuming = false;
    lastError = null;
    /** called when the consumer died for good (run() restarts it) */
    onFatal;
    constructor(hub, opts) {
        this.hub = hub;
        this.opts = opts;
        const host = hostname()
            .replace(/[^A-Za-z0-9._-]/g, '_')
            .slice(0, 60);
        this.groupId = `${opts.groupPrefix ?? 'podtrail-live'}-${host}-${process.pid}-${randomBytes(4).toString('hex')}`;
    }
    /** Readiness of the live feed: consuming the live topic, or why not. */
    get status() {
        if (this.consuming)
            return { ready: true, detail: 'ok' };
        return { ready: false, detail: this.lastError ? `not consuming: ${this.lastError}` : 'starting' };
    }
    /**
     * Starts consuming, trying again after RESTART_BACKOFF until it runs or stop(); a consumer that
     * dies later is restarted the same way. Resolves once started (or stopped); never throws.
     */
    run() {
        const keepStarting = async () => {
            const backoff = new Backoff(RESTART_BACKOFF);
            while (!this.stopped) {
                try {
                    await this.start();
                    return;
                }
                catch (err) {
                    this.opts.log?.error({ err }, 'live hub cannot consume the live topic; retrying in 5 s');
                    await this.disconnect();
                    await sleep(backoff.next(), this.stopCtl.signal);
                }
            }
        };
        this.onFatal = () => {
            void this.disconnect().then(keepStarting);
        };
        return keepStarting();
    }
    async start() {
        try {
            await this.doStart();
        }
        catch (err) {
            this.errors++;
            this.lastError = err instanceof Error ? err.message : String(err);
            throw err;
        }
    }
    async doStart() {
        const { kafka, topic } = this.opts;
        // a fresh broker answers NOT_LEADER_FOR_PARTITION for a moment after a topic was created:
        // transient errors are retried here (bounded backoff) instead of failing the start
        const onRetry = (what, err, attempt, delayMs) => {
            this.lastError = err instanceof Error ? err.message : String(err);
            this.opts.log?.warn({ err: this.lastError, attempt, retryInMs: delayMs }, `live topic: ${what}; retrying`);
        };
        await kafka.ensureTopics([topic], { onRetry });
        const admin = await kafka.admin();
        const startOffsets = await retryKafka(() => admin.fetchTopicOffsets(topic), {
            onRetry: (err, attempt, delayMs) => onRetry('offsets', err, attempt, delayMs),
        });
        const consumer = kafka.consumer({
            groupId: this.groupId,
            sessionTimeout: 10_000,
            heartbeatInterval: 3_000,
            maxWaitTimeInMs: 100,
            allowAutoTopicCreation: false,
            retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
        });
        this.consumer = consumer;
        let joined = () => { };
        const joinedP = new Promise((res) => {
            joined = res;
        });
        consumer.on(consumer.events.GROUP_JOIN, () => {
            this.consuming = true;
            this.lastError = null;
            if (!this.seeked) {
                this.seeked = true;
                for (const p of startOffsets)
                    consumer.seek({ topic, partition: p.partition, offset: p.offset });
            }
            joined();
        });
        consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
            this.lag.set(e.payload.partition, Math.max(0, Number(e.payload.offsetLag) || 0));
        });
        consumer.on(consumer.events.CRASH, (e) => {
            this.errors++;
            this.consuming = false;
            this.lastError = e.payload.error?.message ?? 'consumer crashed';
            this.opts.log?.error({ err: e.payload.error?.message, restart: e.payload.restart }, 'live consumer crashed');
            if (!e.payload.restart && !this.stopped)
                this.onFatal?.(e.payload.error);
        });
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: false });
        await consumer.run({
            // commits on this process's own group let a restarted consumer resume where it stopped
            autoCommit: true,
            autoCommitInterval: 2000,
            eachMessage: async ({ message }) => {
                this.messages++;
                if (!message.value)
                    return;
                let rec;
                try {
                    rec = JSON.parse(message.value.toString('utf8'));
                }
                catch {
                    this.badMessages++;
                    return;
                }
                this.hub.publish(rec);
            },
        });
        const timeout = this.opts.joinTimeoutMs ?? 30_000;
        let timer;
        await Promise.race([
            joinedP,
            new Promise((res) => {
                timer = setTimeout(() => {
                    this.opts.log?.warn({ groupId: this.groupId }, 'live consumer has not joined its group yet; continuing');
                    res();
                }, timeout);
                timer.unref();
            }),
        ]);
        if (timer)
            clearTimeout(timer);
        this.opts.log?.info({ groupId: this.groupId, topic }, 'live hub consuming');
    }
    /** Disconnects the consumer; start() may be called again afterwards. */
    async disconnect() {
        this.consuming = false;
        try {
            await this.consumer?.disconnect();
        }
        catch {
            /* closing anyway */
        }
        this.consumer = undefined;
    }
    /** Stops consuming and deletes this process's group (the admin stays with the Kafka clients). */
    async stop() {
        this.stopped = true;
        this.stopCtl.abort();
        await this.disconnect();
        try {
            const admin = await this.opts.kafka.admin();
            await admin.deleteGroups([this.groupId]);
        }
        catch {
            /* the broker expires the empty group itself */
        }
    }
}
//# sourceMappingURL=kafka-source.js.map