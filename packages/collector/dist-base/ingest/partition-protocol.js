import { isDataError } from '../store/writer.js';
import { dedupToken, formatIntent } from './token.js';
/**
 * The exactly-once protocol of one partition (see token.ts for why it re-delivers without
 * duplicates). Per fetched batch: an interrupted intent range is stored again as one chunk with
 * its token (waiting for the rest of the range when the fetch has only part of it), then the
 * records are cut into chunks by item count at record boundaries; per chunk the intent is
 * committed, the chunk stored with its token and its poison records dead-lettered; a plain
 * commit ends the batch. A stop ends a batch at a chunk boundary, committing what was stored.
 * One instance per partition and consumer-group generation (it keeps the intent in force).
 */
export class PartitionProtocol {
    o;
    intent;
    /** records of an intent range fetched so far, while waiting for the rest */
    pending = [];
    constructor(o, 
    /** the intent committed for this partition when it was assigned (null: none) */
    intent) {
        this.o = o;
        this.intent = intent;
    }
    async handle(fetched, highWatermark, ports) {
        if (fetched.length === 0)
            return;
        const { topic, partition } = this.o;
        let records = fetched;
        if (this.pending.length > 0) {
            const lastPending = BigInt(this.pending.at(-1).offset);
            records = [...this.pending, ...records.filter((m) => BigInt(m.offset) > lastPending)];
            this.pending = [];
        }
        if (this.intent) {
            // An interrupted chunk (crash, rebalance, failed attempt): store exactly [start, end] again
            // as one chunk with the same token; ClickHouse drops it if it had been inserted.
            const intent = this.intent;
            const end = BigInt(intent.end);
            const last = BigInt(records.at(-1).offset);
            if (last < end && BigInt(highWatermark) - 1n > last) {
                // not all of the range is in this fetch: keep what we have, fetch more
                this.pending = [...records];
                ports.resolveOffset(String(last));
                return;
            }
            // records before the intent's start were stored before it was committed (a re-fetch in the
            // same generation starts at the batch's first record): only [start, end] is replayed
            const start = BigInt(intent.start);
            const replay = records.filter((m) => BigInt(m.offset) >= start && BigInt(m.offset) <= end);
            records = records.filter((m) => BigInt(m.offset) > end);
            if (replay.length > 0) {
                const chunk = this.newChunk(ports);
                for (const m of replay)
                    this.addToChunk(chunk, m, intent.maxBytes, ports);
                await this.storeChunk(chunk, dedupToken(topic, partition, intent.start, intent.end), intent.maxBytes, ports);
            }
            await ports.commit(String(end + 1n), null);
            this.intent = null;
            ports.resolveOffset(String(end));
        }
        if (records.length > 0)
            await this.processRecords(records, ports);
    }
    newChunk(ports) {
        return { batch: ports.format.create(), records: [], items: 0, dead: [] };
    }
    /** Adds one record to the chunk (or records why it goes to the dead-letter topic). */
    addToChunk(chunk, m, maxBytes, ports, decoded = ports.decode(m, maxBytes)) {
        chunk.records.push(m);
        if (decoded.ok) {
            chunk.items += ports.format.items(decoded.req);
            const refused = ports.format.add(chunk.batch, decoded.req);
            if (refused > 0)
                ports.refused(refused);
            return;
        }
        const { topic, partition } = this.o;
        ports.log.warn({ topic, partition, offset: m.offset, reason: decoded.reason, error: decoded.error }, 'record dead-lettered');
        chunk.dead.push(this.deadLetter(decoded.reason, decoded.error, m));
    }
    /**
     * Cuts the records into chunks by item count (token.ts planChunks rule, at record boundaries)
     * and stores them in order. Per chunk: commit its intent (this also marks the previous chunk
     * done), store it with its token, dead-letter its poison records. The next chunk is decoded
     * while the current one is being stored. Ends with a plain commit after the last chunk.
     */
    async processRecords(records, ports) {
        const { topic, partition, maxRows, maxBytes } = this.o;
        let cur = this.newChunk(ports);
        let inflight = null;
        const seal = async () => {
            const c = cur;
            cur = this.newChunk(ports);
            const first = c.records[0].offset;
            const last = c.records.at(-1).offset;
            if (inflight)
                await inflight;
            const intent = { start: first, end: last, maxRows, maxBytes };
            await ports.commit(first, formatIntent(intent));
            this.intent = intent;
            inflight = this.storeChunk(c, dedupToken(topic, partition, first, last), maxBytes, ports);
            // keep the rejection handled until awaited (no unhandled-rejection warning meanwhile)
            inflight.catch(() => { });
        };
        let last = records.at(-1).offset;
        for (const m of records) {
            const d = ports.decode(m, maxBytes);
            const n = d.ok ? ports.format.items(d.req) : 0;
            if (cur.records.length > 0 && cur.items > 0 && cur.items + n > maxRows) {
                if (ports.stopping()) {
                    // graceful stop: finish at this chunk boundary, the rest is re-fetched by the next owner
                    last = String(BigInt(cur.records[0].offset) - 1n);
                    cur = this.newChunk(ports);
                    break;
                }
                await seal();
            }
            this.addToChunk(cur, m, maxBytes, ports, d);
        }
        if (cur.records.length > 0)
            await seal();
        if (inflight)
            await inflight;
        if (BigInt(last) < BigInt(records[0].offset))
            return; // stopped before the first chunk
        await ports.commit(String(BigInt(last) + 1n), null);
        this.intent = null;
        ports.resolveOffset(last);
    }
    /** Stores a chunk; on a data error stores it record by record, dead-letters the bad ones. */
    async storeChunk(chunk, token, maxBytes, ports) {
        const { topic, partition } = this.o;
        try {
            await ports.store(chunk.batch, token);
        }
        catch (err) {
            if (!isDataError(err))
                throw err;
            // The store refused the data itself: store record by record, dead-letter the bad ones.
            ports.log.warn({ topic, partition, token, err }, 'chunk refused by ClickHouse; retrying record by record');
            for (const m of chunk.records) {
                const d = ports.decode(m, maxBytes);
                if (!d.ok)
                    continue;
                const single = ports.format.create();
                ports.format.add(single, d.req);
                try {
                    await ports.store(single, dedupToken(topic, partition, m.offset, m.offset));
                }
                catch (e) {
                    if (!isDataError(e))
                        throw e;
                    chunk.dead.push(this.deadLetter('rejected-by-store', e.message, m));
                }
            }
        }
        if (chunk.dead.length > 0)
            await ports.deadLetter(chunk.dead);
    }
    /** The dead-letter record of one consumed record. */
    deadLetter(reason, error, m) {
        const { topic, partition } = this.o;
        return { reason, error, topic, partition, offset: m.offset, key: m.key, value: m.value, headers: m.headers };
    }
}
//# sourceMappingURL=partition-protocol.js.map