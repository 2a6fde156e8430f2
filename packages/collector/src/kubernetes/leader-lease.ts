import { KubeApiError, type KubeClient } from './kube-client.js';

export interface LeaderLeaseOptions {
  client: KubeClient;
  namespace: string;
  name: string;
  /** this replica's identity (pod name + process) */
  identity: string;
  /** how long a lease lasts without renewal (default 15 s) */
  leaseDurationMs?: number;
  /** how often the holder renews and the others try (default lease / 3) */
  retryPeriodMs?: number;
  onChange: (leader: boolean) => void;
  onError?: (err: unknown) => void;
  now?: () => number;
}

interface Lease {
  metadata?: { resourceVersion?: string; name?: string; namespace?: string };
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** MicroTime as the API server writes it (RFC 3339 with microseconds). */
const microTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: the holder renews every
 * retry period; another replica takes the lease over once it has seen the same lease record unchanged
 * for a whole lease duration on its own clock (no clock agreement needed); writes are optimistic
 * (resourceVersion), so two candidates never both win. A holder that cannot renew within the lease
 * duration stops being leader before anyone else can take over.
 */
export class LeaderLease {
  private leader = false;
  private timer: NodeJS.Timeout | undefined;
  private observedRv = '';
  private observedAtLocal = 0;
  private lastRenewLocal = 0;
  private running = false;
  private readonly durationMs: number;
  private readonly periodMs: number;
  private readonly now: () => number;

  constructor(private readonly o: LeaderLeaseOptions) {
    this.durationMs = o.leaseDurationMs ?? 15_000;
    this.periodMs = o.retryPeriodMs ?? Math.max(200, Math.floor(this.durationMs / 3));
    this.now = o.now ?? Date.now;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    this.running = true;
    void this.tick();
  }

  /** Stops; `release` gives the lease up at once (a clean shutdown) instead of letting it expire. */
  async stop(release = true): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    const wasLeader = this.leader;
    this.setLeader(false);
    if (release && wasLeader) {
      try {
        const lease = await this.get();
        if (lease?.spec?.holderIdentity === this.o.identity) {
          lease.spec.holderIdentity = '';
          lease.spec.renewTime = microTime(this.now() - this.durationMs * 2);
          await this.o.client.request('PUT', this.path(this.o.name), lease);
        }
      } catch (err) {
        this.o.onError?.(err);
      }
    }
  }

  private path(name?: string): string {
    const base = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.o.namespace)}/leases`;
    return name ? `${base}/${encodeURIComponent(name)}` : base;
  }

  private async get(): Promise<Lease | null> {
    try {
      return await this.o.client.request<Lease>('GET', this.path(this.o.name));
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return null;
      throw err;
    }
  }

  private setLeader(v: boolean): void {
    if (v === this.leader) return;
    this.leader = v;
    this.o.onChange(v);
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    try {
      await this.tryAcquireOrRenew();
    } catch (err) {
      this.o.onError?.(err);
    }
    // a holder that could not renew for a whole lease duration is no longer leader
    if (this.leader && this.now() - this.lastRenewLocal > this.durationMs) this.setLeader(false);
    if (this.running) this.timer = setTimeout(() => void this.tick(), this.periodMs);
  }

  private async tryAcquireOrRenew(): Promise<void> {
    const nowMs = this.now();
    const spec = {
      holderIdentity: this.o.identity,
      leaseDurationSeconds: Math.max(1, Math.ceil(this.durationMs / 1000)),
      renewTime: microTime(nowMs),
    };
    const lease = await this.get();
    if (!lease) {
      try {
        await this.o.client.request('POST', this.path(), {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.o.name, namespace: this.o.namespace },
          spec: { ...spec, acquireTime: microTime(nowMs), leaseTransitions: 0 },
        });
        this.renewed();
      } catch (err) {
        if (err instanceof KubeApiError && err.status === 409) return; // another replica created it first
        throw err;
      }
      return;
    }
    const rv = lease.metadata?.resourceVersion ?? '';
    if (rv !== this.observedRv) {
      this.observedRv = rv;
      this.observedAtLocal = nowMs;
    }
    const holder = lease.spec?.holderIdentity ?? '';
    const mine = holder === this.o.identity;
    const expired = !holder || nowMs - this.observedAtLocal > this.durationMs;
    if (!mine && !expired) {
      this.setLeader(false);
      return;
    }
    const next: Lease = {
      ...lease,
      spec: {
        ...lease.spec,
        ...spec,
        ...(mine ? {} : { acquireTime: microTime(nowMs), leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + 1 }),
      },
    };
    try {
      const written = await this.o.client.request<Lease>('PUT', this.path(this.o.name), next);
      this.observedRv = written.metadata?.resourceVersion ?? '';
      this.observedAtLocal = this.now();
      this.renewed();
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 409) {
        this.setLeader(false);
        return;
      }
      throw err;
    }
  }

  private renewed(): void {
    this.lastRenewLocal = this.now();
    this.setLeader(true);
  }
}
