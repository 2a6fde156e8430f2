/** `logs` are the app's own log lines: same wire kind and topic as lifecycle events, dropped like telemetry. */
export type Signal = 'spans' | 'metrics' | 'lifecycle' | 'logs';
export const SIGNALS: readonly Signal[] = ['spans', 'metrics', 'lifecycle', 'logs'];

/** One serialized OTLP export request waiting for the transport. */
export interface OutboundMessage {
  signal: Signal;
  value: Uint8Array;
  /** spans, data points or log records inside `value`, for drop accounting */
  items: number;
}

export interface DropCounts {
  spans: number;
  metrics: number;
  lifecycle: number;
  logs: number;
}

/** FIFO with O(1) push/shift (array + head index, compacted now and then). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(v: T): void {
    this.items.push(v);
  }
  unshift(v: T): void {
    if (this.head > 0) this.items[--this.head] = v;
    else this.items.unshift(v);
  }
  peek(): T | undefined {
    return this.items[this.head];
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const v = this.items[this.head];
    this.items[this.head] = undefined as T;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return v;
  }
}

/**
 * Byte-bounded buffer in front of the transport. When full it drops the OLDEST messages, telemetry
 * (spans, metrics, app logs) before lifecycle events, and counts what it dropped per signal. Never blocks.
 */
export class BoundedBuffer {
  private readonly data = new Fifo<OutboundMessage>();
  private readonly lifecycle = new Fifo<OutboundMessage>();
  private bytes = 0;
  /** items dropped since start, per signal */
  readonly dropped: DropCounts = { spans: 0, metrics: 0, lifecycle: 0, logs: 0 };
  /** messages dropped since start */
  droppedMessages = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.bytes;
  }
  get length(): number {
    return this.data.length + this.lifecycle.length;
  }

  /** Adds a message, dropping the oldest ones if needed. Returns false if the message itself was dropped. */
  push(msg: OutboundMessage): boolean {
    const len = msg.value.byteLength;
    if (len > this.maxBytes) {
      this.recordDrop(msg);
      return false;
    }
    while (this.bytes + len > this.maxBytes && this.dropOldest(msg.signal === 'lifecycle')) {
      // dropping
    }
    if (this.bytes + len > this.maxBytes) {
      this.recordDrop(msg);
      return false;
    }
    (msg.signal === 'lifecycle' ? this.lifecycle : this.data).push(msg);
    this.bytes += len;
    return true;
  }

  /** Puts messages that failed to send back at the front, oldest first; what no longer fits is dropped. */
  requeue(msgs: OutboundMessage[]): void {
    for (let i = msgs.length - 1; i >= 0; i--) {
      const msg = msgs[i]!;
      const len = msg.value.byteLength;
      if (this.bytes + len > this.maxBytes) {
        this.recordDrop(msg);
        continue;
      }
      (msg.signal === 'lifecycle' ? this.lifecycle : this.data).unshift(msg);
      this.bytes += len;
    }
  }

  /** Removes up to maxBytes (at least one message) for sending, lifecycle events first. */
  take(maxBytes: number, maxCount = 1000): OutboundMessage[] {
    const out: OutboundMessage[] = [];
    let taken = 0;
    for (const q of [this.lifecycle, this.data]) {
      while (q.length > 0 && out.length < maxCount) {
        const next = q.peek()!;
        if (out.length > 0 && taken + next.value.byteLength > maxBytes) return out;
        q.shift();
        this.bytes -= next.value.byteLength;
        taken += next.value.byteLength;
        out.push(next);
      }
    }
    return out;
  }

  private dropOldest(incomingIsLifecycle: boolean): boolean {
    let victim = this.data.shift();
    if (!victim && incomingIsLifecycle) victim = this.lifecycle.shift();
    if (!victim) return false;
    this.bytes -= victim.value.byteLength;
    this.recordDrop(victim);
    return true;
  }

  /** Counts a message as dropped (also for one the destination refused for good). */
  recordDrop(msg: OutboundMessage): void {
    this.dropped[msg.signal] += msg.items;
    this.droppedMessages++;
  }
}
