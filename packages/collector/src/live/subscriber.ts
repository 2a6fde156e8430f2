import type { KubernetesChange, LiveFilter, LiveServerMessage } from '@podtrail/contracts/api';

/** A message the hub numbered (ticks, transitions, cluster changes): kept for `since` replay. */
export type Seqd = Extract<LiveServerMessage, { seq: number }> & { seq: number };

export function matches(
  f: LiveFilter | undefined,
  x: { serviceName: string; namespace: string; workload: string; podName: string },
): boolean {
  if (!f) return true;
  if (f.service !== undefined && f.service !== x.serviceName) return false;
  if (f.namespace !== undefined && f.namespace !== x.namespace) return false;
  if (f.workload !== undefined && f.workload !== x.workload) return false;
  if (f.pod !== undefined && f.pod !== x.podName) return false;
  return true;
}

/** A cluster change has no service: a filter on one excludes it; an empty field is no match. */
function matchesChange(f: LiveFilter, c: KubernetesChange): boolean {
  if (f.service !== undefined) return false;
  if (f.namespace !== undefined && f.namespace !== c.namespace) return false;
  if (f.workload !== undefined && f.workload !== c.workload) return false;
  if (f.pod !== undefined && f.pod !== c.podName) return false;
  return true;
}

export interface SubscriberSink {
  /** false when the transport is congested: messages stay queued */
  canSend(): boolean;
  send(msg: LiveServerMessage): void;
}

/** One client: a bounded queue (drop oldest, then say so with a `dropped` message). */
export class Subscriber {
  private readonly queue: LiveServerMessage[] = [];
  private head = 0;
  dropped = 0;
  droppedTotal = 0;
  /** messages handed to the socket */
  sent = 0;
  closed = false;

  constructor(
    readonly filter: LiveFilter | undefined,
    private readonly maxBuffer: number,
    private readonly sink: SubscriberSink,
  ) {}

  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Filters, queues and tries to deliver. */
  offer(msg: Seqd): void {
    if (this.closed) return;
    const m = this.filtered(msg);
    if (!m) return;
    this.queue.push(m);
    if (this.queued > this.maxBuffer) {
      this.head++;
      this.dropped++;
      this.droppedTotal++;
    }
    this.drain();
  }

  /** Queues a message that bypasses filtering (hello, dropped notices). */
  offerRaw(msg: LiveServerMessage): void {
    if (this.closed) return;
    this.queue.push(msg);
    this.drain();
  }

  drain(): void {
    while (!this.closed && this.queued > 0 && this.sink.canSend()) {
      if (this.dropped > 0) {
        const count = this.dropped;
        this.dropped = 0;
        this.sink.send({ type: 'dropped', count });
        this.sent++;
        continue;
      }
      const m = this.queue[this.head]!;
      this.head++;
      this.sink.send(m);
      this.sent++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private filtered(msg: Seqd): LiveServerMessage | null {
    if (!this.filter) return msg;
    if (msg.type === 'tick') {
      const pods = msg.pods.filter((p) => matches(this.filter, p));
      return pods.length === msg.pods.length ? msg : { ...msg, pods };
    }
    if (msg.type === 'transition') return matches(this.filter, msg.event) ? msg : null;
    if (msg.type === 'kubernetes') return matchesChange(this.filter, msg.change) ? msg : null;
    return msg;
  }
}
