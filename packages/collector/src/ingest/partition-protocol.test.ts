import { describe, expect, it } from 'vitest';
import type { DeadLetter } from './dead-letters.js';
import { type PartitionPorts, PartitionProtocol, type PartitionRecord } from './partition-protocol.js';
import { type Intent, parseIntent } from './token.js';

/**
 * The per-partition exactly-once protocol against an in-memory partition: commits and stores are
 * recorded in order, and the store drops a chunk whose token it has seen (as ClickHouse's insert
 * deduplication does).
 */
const TOPIC = 't';
const MAX_BYTES = 1000;

interface Req {
  offset: string;
  items: number;
  /** the store refuses this request's data (a data error) */
  refusedByStore?: boolean;
}
interface Batch {
  reqs: Req[];
}

function record(offset: number, items = 1, refusedByStore = false): PartitionRecord {
  return {
    offset: String(offset),
    key: null,
    value: Buffer.from(JSON.stringify({ items, refusedByStore })),
    headers: {},
  };
}

/** A record that does not decode (no value). */
function poison(offset: number): PartitionRecord {
  return { offset: String(offset), key: null, value: null, headers: {} };
}

function records(from: number, to: number): PartitionRecord[] {
  return Array.from({ length: to - from + 1 }, (_, i) => record(from + i));
}

/** ClickHouse's answer to data it cannot insert (store/writer.ts isDataError). */
function dataError(): Error {
  return Object.assign(new Error('Code: 27. DB::Exception: Cannot parse input'), { clickhouseCode: 27 });
}

class FakePartition {
  readonly events: string[] = [];
  committed: { offset: string; metadata: string | null } | null = null;
  /** token -> offsets stored with it (a token seen again is dropped) */
  readonly stored = new Map<string, string[]>();
  readonly deadLetters: DeadLetter[] = [];
  readonly warnings: string[] = [];
  resolved: string | null = null;
  stopping = false;
  /** runs at each store call, after the store (its throw is what the store throws) */
  afterStore: (token: string) => void = () => {};
  /** runs at each store call, before anything is stored (its throw is what the store throws) */
  beforeStore: (token: string) => void = () => {};

  ports(): PartitionPorts<Batch, Req> {
    return {
      format: {
        create: () => ({ reqs: [] }),
        items: (req) => req.items,
        add: (batch, req) => {
          batch.reqs.push(req);
          return 0;
        },
      },
      decode: (m) =>
        m.value === null
          ? { ok: false, reason: 'empty', error: 'record has no value' }
          : { ok: true, req: { offset: m.offset, ...(JSON.parse(m.value.toString('utf8')) as Omit<Req, 'offset'>) } },
      commit: async (offset, metadata) => {
        this.events.push(`commit ${offset} ${metadata ?? '-'}`);
        this.committed = { offset, metadata };
      },
      store: async (batch, token) => {
        this.beforeStore(token);
        const offsets = batch.reqs.map((r) => r.offset);
        if (batch.reqs.some((r) => r.refusedByStore)) {
          this.events.push(`store ${token} refused`);
          throw dataError();
        }
        this.events.push(`store ${token} [${offsets.join(',')}]`);
        if (!this.stored.has(token)) this.stored.set(token, offsets);
        this.afterStore(token);
      },
      deadLetter: async (letters) => {
        this.events.push(`dead-letter ${letters.map((d) => `${d.offset}:${d.reason}`).join(',')}`);
        this.deadLetters.push(...letters);
      },
      refused: () => {},
      resolveOffset: (offset) => {
        this.resolved = offset;
      },
      stopping: () => this.stopping,
      log: { warn: (_obj, msg) => void this.warnings.push(msg) },
    };
  }

  /** every offset stored, in store order (duplicates would show twice) */
  storedOffsets(): string[] {
    return [...this.stored.values()].flat();
  }
}

/** the commit metadata of an intent that ends at `end` */
const intentOf = (end: number, maxRows: number) => `podtrail-intent/1;end=${end};rows=${maxRows};bytes=${MAX_BYTES}`;

function protocol(maxRows: number, intent: Intent | null = null) {
  return new PartitionProtocol<Batch, Req>({ topic: TOPIC, partition: 0, maxRows, maxBytes: MAX_BYTES }, intent);
}

describe('PartitionProtocol', () => {
  it('a fresh batch: per chunk intent commit then store with its token, then the final commit', async () => {
    const kafka = new FakePartition();
    await protocol(3).handle(records(0, 4), '5', kafka.ports());
    expect(kafka.events).toEqual([
      `commit 0 ${intentOf(2, 3)}`,
      'store t:0:0-2 [0,1,2]',
      `commit 3 ${intentOf(4, 3)}`,
      'store t:0:3-4 [3,4]',
      'commit 5 -',
    ]);
    expect(kafka.resolved).toBe('4');
  });

  it('cuts chunks at record boundaries by item count (a record is never split)', async () => {
    const kafka = new FakePartition();
    const batch = [record(0, 2), record(1, 2), record(2, 5), record(3, 1)];
    await protocol(4).handle(batch, '4', kafka.ports());
    expect(kafka.events.filter((e) => e.startsWith('store'))).toEqual([
      'store t:0:0-1 [0,1]',
      'store t:0:2-2 [2]',
      'store t:0:3-3 [3]',
    ]);
  });

  it('an intent left committed by a crashed owner is replayed once, as one chunk with the same token', async () => {
    const kafka = new FakePartition();
    // owner A: the second chunk is inserted, then the owner dies before its next commit
    kafka.afterStore = (token) => {
      if (token === 't:0:3-5') throw new Error('connection reset');
    };
    await expect(protocol(3).handle(records(0, 9), '10', kafka.ports())).rejects.toThrow('connection reset');
    expect(kafka.committed).toEqual({ offset: '3', metadata: intentOf(5, 3) });

    // owner B, with another batch size, gets the records again from the committed offset
    kafka.afterStore = () => {};
    kafka.events.length = 0;
    const committed = kafka.committed as { offset: string; metadata: string };
    const b = protocol(100, parseIntent(committed.offset, committed.metadata));
    await b.handle(records(3, 9), '10', kafka.ports());
    expect(kafka.events).toEqual([
      'store t:0:3-5 [3,4,5]',
      'commit 6 -',
      `commit 6 ${intentOf(9, 100)}`,
      'store t:0:6-9 [6,7,8,9]',
      'commit 10 -',
    ]);
    expect(kafka.storedOffsets()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('a failed attempt is replayed by the same owner with the same token on re-delivery', async () => {
    const kafka = new FakePartition();
    let failures = 1;
    kafka.afterStore = (token) => {
      if (token === 't:0:3-5' && failures-- > 0) throw new Error('connection reset');
    };
    const p = protocol(3);
    await expect(p.handle(records(0, 9), '10', kafka.ports())).rejects.toThrow('connection reset');
    kafka.events.length = 0;
    await p.handle(records(3, 9), '10', kafka.ports());
    expect(kafka.events).toEqual([
      'store t:0:3-5 [3,4,5]',
      'commit 6 -',
      `commit 6 ${intentOf(8, 3)}`,
      'store t:0:6-8 [6,7,8]',
      `commit 9 ${intentOf(9, 3)}`,
      'store t:0:9-9 [9]',
      'commit 10 -',
    ]);
    expect(kafka.storedOffsets()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('re-delivered from the batch start (kafkajs after a failed batch): only the intent range is replayed', async () => {
    const kafka = new FakePartition();
    let failures = 1;
    kafka.beforeStore = (token) => {
      if (token === 't:0:3-5' && failures-- > 0) throw new Error('connection reset');
    };
    const p = protocol(3);
    await expect(p.handle(records(0, 9), '10', kafka.ports())).rejects.toThrow('connection reset');
    kafka.events.length = 0;
    await p.handle(records(0, 9), '10', kafka.ports());
    // 0-2 were stored (and committed as done by the intent at 3) before the failure: not again
    expect(kafka.events.slice(0, 2)).toEqual(['store t:0:3-5 [3,4,5]', 'commit 6 -']);
    expect(kafka.storedOffsets()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('a fetch with only part of the intent range waits for the rest, then stores the range as one chunk', async () => {
    const kafka = new FakePartition();
    const p = protocol(3, { start: '0', end: '9', maxRows: 100, maxBytes: MAX_BYTES });
    await p.handle(records(0, 4), '10', kafka.ports());
    expect(kafka.events).toEqual([]);
    expect(kafka.resolved).toBe('4');
    await p.handle(records(5, 9), '10', kafka.ports());
    expect(kafka.events).toEqual(['store t:0:0-9 [0,1,2,3,4,5,6,7,8,9]', 'commit 10 -']);
    expect(kafka.resolved).toBe('9');
  });

  it('an intent range cut short by the end of the partition is stored as far as it exists', async () => {
    const kafka = new FakePartition();
    const p = protocol(3, { start: '0', end: '9', maxRows: 100, maxBytes: MAX_BYTES });
    await p.handle(records(0, 4), '5', kafka.ports());
    expect(kafka.events).toEqual(['store t:0:0-9 [0,1,2,3,4]', 'commit 10 -']);
  });

  it('a stop in the middle of a batch ends at a chunk boundary and commits what was stored', async () => {
    const kafka = new FakePartition();
    kafka.afterStore = () => {
      kafka.stopping = true;
    };
    await protocol(3).handle(records(0, 9), '10', kafka.ports());
    expect(kafka.events).toEqual([`commit 0 ${intentOf(2, 3)}`, 'store t:0:0-2 [0,1,2]', 'commit 3 -']);
    expect(kafka.resolved).toBe('2');
    expect(kafka.storedOffsets()).toEqual(['0', '1', '2']);
  });

  it('a chunk refused by the store is stored record by record and the bad record dead-lettered', async () => {
    const kafka = new FakePartition();
    const batch = [record(0), record(1), record(2, 1, true), record(3)];
    await protocol(10).handle(batch, '4', kafka.ports());
    expect(kafka.events).toEqual([
      `commit 0 ${intentOf(3, 10)}`,
      'store t:0:0-3 refused',
      'store t:0:0-0 [0]',
      'store t:0:1-1 [1]',
      'store t:0:2-2 refused',
      'store t:0:3-3 [3]',
      'dead-letter 2:rejected-by-store',
      'commit 4 -',
    ]);
    expect(kafka.deadLetters[0]).toMatchObject({
      topic: TOPIC,
      partition: 0,
      offset: '2',
      reason: 'rejected-by-store',
      error: 'Code: 27. DB::Exception: Cannot parse input',
    });
    expect(kafka.warnings).toEqual(['chunk refused by ClickHouse; retrying record by record']);
  });

  it('a record that does not decode is dead-lettered with its reason; the rest of its chunk is stored', async () => {
    const kafka = new FakePartition();
    await protocol(10).handle([record(0), poison(1), record(2)], '3', kafka.ports());
    expect(kafka.events).toEqual([
      `commit 0 ${intentOf(2, 10)}`,
      'store t:0:0-2 [0,2]',
      'dead-letter 1:empty',
      'commit 3 -',
    ]);
    expect(kafka.warnings).toEqual(['record dead-lettered']);
  });
});
