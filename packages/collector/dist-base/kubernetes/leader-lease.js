import { KubeApiError } from './kube-client.js';
/** MicroTime as the API server writes it (RFC 3339 with microseconds). */
const microTime = (ms) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: the holder renews every
 * retry period; another replica takes the lease over once it has seen the same lease record unchanged
 * for a whole lease duration on its own clock (no clock agreement needed); writes are optimistic
 * (resourceVersion), so two candidates never both win. A holder that cannot renew within the lease
 * duration stops being leader before anyone else can take over.
 */
export class LeaderLease {
    o;
    leader = false;
    timer;
    observedRv = '';
    observedAtLocal = 0;
    lastRenewLocal = 0;
    running = false;
    durationMs;
    periodMs;
    now;
    constructor(o) {
        this.o = o;
        this.durationMs = o.leaseDurationMs ?? 15_000;
        this.periodMs = o.retryPeriodMs ?? Math.max(200, Math.floor(this.durationMs / 3));
        this.now = o.now ?? Date.now;
    }
    get isLeader() {
        return this.leader;
    }
    start() {
        this.running = true;
        void this.tick();
    }
    /** Stops; `release` gives the lease up at once (a clean shutdown) instead of letting it expire. */
    async stop(release = true) {
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
            }
            catch (err) {
                this.o.onError?.(err);
            }
        }
    }
    path(name) {
        const base = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.o.namespace)}/leases`;
        return name ? `${base}/${encodeURIComponent(name)}` : base;
    }
    async get() {
        try {
            return await this.o.client.request('GET', this.path(this.o.name));
        }
        catch (err) {
            if (err instanceof KubeApiError && err.status === 404)
                return null;
            throw err;
        }
    }
    setLeader(v) {
        if (v === this.leader)
            return;
        this.leader = v;
        this.o.onChange(v);
    }
    async tick() {
        if (!this.running)
            return;
        try {
            await this.tryAcquireOrRenew();
        }
        catch (err) {
            this.o.onError?.(err);
        }
        // a holder that could not renew for a whole lease duration is no longer leader
        if (this.leader && this.now() - this.lastRenewLocal > this.durationMs)
            this.setLeader(false);
        if (this.running)
            this.timer = setTimeout(() => void this.tick(), this.periodMs);
    }
    async tryAcquireOrRenew() {
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
            }
            catch (err) {
                if (err instanceof KubeApiError && err.status === 409)
                    return; // another replica created it first
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
        const next = {
            ...lease,
            spec: {
                ...lease.spec,
                ...spec,
                ...(mine ? {} : { acquireTime: microTime(nowMs), leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + 1 }),
            },
        };
        try {
            const written = await this.o.client.request('PUT', this.path(this.o.name), next);
            this.observedRv = written.metadata?.resourceVersion ?? '';
            this.observedAtLocal = this.now();
            this.renewed();
        }
        catch (err) {
            if (err instanceof KubeApiError && err.status === 409) {
                this.setLeader(false);
                return;
            }
            throw err;
        }
    }
    renewed() {
        this.lastRenewLocal = this.now();
        this.setLeader(true);
    }
}
//# sourceMappingURL=leader-lease.js.map