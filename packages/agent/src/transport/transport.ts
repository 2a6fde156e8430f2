import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
// the subpath only: the package root loads protobufjs
import { Backoff } from '@podtrail/contracts/retry';
import { BoundedBuffer, type DropCounts, type OutboundMessage } from './bounded-buffer.js';

export interface TransportStats {
  connected: boolean;
  queuedBytes: number;
  queuedMessages: number;
  sentMessages: number;
  dropped: DropCounts;
  droppedMessages: number;
  sendErrors: number;
  lastError: string | undefined;
}

export interface DeliveryResult {
  /** not delivered, to be retried */
  failed: OutboundMessage[];
  error?: unknown;
  /** refused by the destination for good (too large, malformed): dropped and counted, never retried */
  refused?: OutboundMessage[];
}

export interface Transport {
  /** Hands over a serialized message; never blocks, never throws. */
  enqueue(msg: OutboundMessage): void;
  /** Resolves true when everything queued so far was delivered, false at the deadline. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Flushes (bounded) and releases connections. Idempotent. */
  shutdown(timeoutMs: number): Promise<void>;
  stats(): TransportStats;
  /** Called after the destination became reachable again following a failure. */
  onRecovered(cb: () => void): void;
}

export interface QueueingTransportOptions {
  bufferMaxBytes: number;
  /** bytes per send call */
  batchMaxBytes?: number;
  /** a send not settled by then counts as failed (connection dropped, broker stuck) */
  sendTimeoutMs?: number;
  debug?: (msg: string) => void;
}

/** Reconnects: 0.5 s doubling to 10 s, deterministic. */
const RECONNECT_BACKOFF = { baseMs: 500, capMs: 10_000, jitter: 0 } as const;

/**
 * Bounded, drop-oldest queue + one send at a time + reconnect with backoff on unref'd timers.
 * Subclasses only connect and deliver a batch. All I/O runs with tracing suppressed.
 */
export abstract class QueueingTransport implements Transport {
  protected readonly buffer: BoundedBuffer;
  private readonly batchMaxBytes: number;
  private readonly sendTimeoutMs: number;
  private state: 'idle' | 'connecting' | 'up' | 'down' | 'closed' = 'idle';
  private sending = false;
  private inFlight = 0;
  private sentMessages = 0;
  private sendErrors = 0;
  private lastError: string | undefined;
  private readonly reconnect = new Backoff(RECONNECT_BACKOFF);
  private retryTimer: NodeJS.Timeout | undefined;
  private pumpScheduled = false;
  private hadFailure = false;
  private readonly waiters = new Set<() => void>();
  private readonly recoveredCbs: (() => void)[] = [];
  protected readonly debug: (msg: string) => void;

  constructor(opts: QueueingTransportOptions) {
    this.buffer = new BoundedBuffer(opts.bufferMaxBytes);
    this.batchMaxBytes = opts.batchMaxBytes ?? 900 * 1024;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 15_000;
    this.debug = opts.debug ?? (() => {});
  }

  protected abstract connect(): Promise<void>;
  /** Sends the batch; resolves with the messages NOT delivered (and why), to be retried. */
  protected abstract deliver(batch: OutboundMessage[]): Promise<DeliveryResult>;
  protected abstract disconnect(): Promise<void>;

  start(): void {
    if (this.state === 'idle') this.tryConnect();
  }

  onRecovered(cb: () => void): void {
    this.recoveredCbs.push(cb);
  }

  enqueue(msg: OutboundMessage): void {
    if (this.state === 'closed') {
      this.buffer.recordDrop(msg);
      return;
    }
    this.buffer.push(msg);
    this.schedulePump();
  }

  stats(): TransportStats {
    return {
      connected: this.state === 'up',
      queuedBytes: this.buffer.size,
      queuedMessages: this.buffer.length + this.inFlight,
      sentMessages: this.sentMessages,
      dropped: { ...this.buffer.dropped },
      droppedMessages: this.buffer.droppedMessages,
      sendErrors: this.sendErrors,
      lastError: this.lastError,
    };
  }

  async flush(timeoutMs: number): Promise<boolean> {
    if (this.isDrained()) return true;
    // At a deadline there is no time to wait for the backoff: try right away.
    if (this.state === 'down') {
      clearTimeout(this.retryTimer);
      this.tryConnect();
    } else this.schedulePump();
    return new Promise<boolean>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(ok);
      };
      const waiter = () => {
        if (this.isDrained()) done(true);
      };
      // This timer is ref'd on purpose: a flush keeps the process alive up to its deadline.
      timer = setTimeout(() => done(this.isDrained()), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async shutdown(timeoutMs: number): Promise<void> {
    if (this.state === 'closed') return;
    // A flush attempt against an unreachable destination belongs to the caller's deadline (see
    // flush()); shutting down does not wait for one more.
    if (this.state === 'up') await this.flush(timeoutMs);
    this.state = 'closed';
    clearTimeout(this.retryTimer);
    await Promise.race([
      this.disconnect().catch(() => {}),
      new Promise((r) => setTimeout(r, Math.min(1000, timeoutMs)).unref()),
    ]);
  }

  private isDrained(): boolean {
    return this.buffer.length === 0 && this.inFlight === 0;
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private tryConnect(): void {
    if (this.state === 'connecting' || this.state === 'up' || this.state === 'closed') return;
    this.state = 'connecting';
    context.with(suppressTracing(context.active()), () => {
      bounded(this.connect(), this.sendTimeoutMs, 'connect timed out').then(
        () => {
          if (this.state === 'closed') return;
          this.state = 'up';
          this.reconnect.reset();
          this.debug('transport connected');
          if (this.hadFailure) {
            this.hadFailure = false;
            for (const cb of this.recoveredCbs) safe(cb);
          }
          this.schedulePump();
        },
        (err: unknown) => this.fail(err),
      );
    });
  }

  private fail(err: unknown): void {
    this.sendErrors++;
    this.lastError = err instanceof Error ? err.message : String(err);
    this.debug(`transport error: ${this.lastError}`);
    if (this.state === 'closed') return;
    this.hadFailure = true;
    this.state = 'down';
    this.disconnect().catch(() => {});
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.tryConnect(), this.reconnect.next());
    this.retryTimer.unref();
    this.notify();
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.sending) return;
    if (this.state === 'idle') {
      this.tryConnect();
      return;
    }
    if (this.state !== 'up') return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.sending || this.state !== 'up' || this.buffer.length === 0) {
      this.notify();
      return;
    }
    const batch = this.buffer.take(this.batchMaxBytes);
    this.sending = true;
    this.inFlight = batch.length;
    context.with(suppressTracing(context.active()), () => {
      bounded(this.deliver(batch), this.sendTimeoutMs, 'send timed out').then(
        (result) => {
          this.sending = false;
          this.inFlight = 0;
          const refused = result.refused ?? [];
          for (const m of refused) this.buffer.recordDrop(m);
          this.sentMessages += batch.length - result.failed.length - refused.length;
          if (result.failed.length > 0) {
            this.buffer.requeue(result.failed);
            this.fail(result.error);
            return;
          }
          if (this.buffer.length > 0) this.schedulePump();
          this.notify();
        },
        (err: unknown) => {
          // Timed out: the outcome is unknown; resending may duplicate, dropping would lose data.
          this.sending = false;
          this.inFlight = 0;
          this.buffer.requeue(batch);
          this.fail(err);
        },
      );
    });
  }
}

/** Rejects after ms (unref'd timer) if p has not settled. */
function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(what)), ms);
    t.unref();
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

function safe(cb: () => void): void {
  try {
    cb();
  } catch {
    // a listener must not break the transport
  }
}
