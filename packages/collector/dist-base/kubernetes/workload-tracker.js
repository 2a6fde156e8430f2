import { ms } from './pod-facts.js';
/** How long a scale-down of an owner explains the deletion of its pods. */
const SCALE_DOWN_EXPLAINS_MS = 120_000;
const SUFFIX = {
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    Pi: 1024 ** 5,
    Ei: 1024 ** 6,
};
/** A Kubernetes quantity ("500m", "128Mi", "2") as a number; NaN when it is not one. */
export function parseQuantity(q) {
    if (typeof q === 'number')
        return q;
    if (!q)
        return Number.NaN;
    const m = /^([+-]?[\d.]+(?:[eE][+-]?\d+)?)([a-zA-Z]{0,2})$/.exec(q.trim());
    if (!m)
        return Number.NaN;
    const f = m[2] ? SUFFIX[m[2]] : 1;
    return f === undefined ? Number.NaN : Number(m[1]) * f;
}
function metricOf(s) {
    const t = s.resource ?? s.containerResource ?? s.pods ?? s.object ?? s.external;
    const name = s.resource?.name ??
        s.containerResource?.name ??
        s.pods?.metric?.name ??
        s.object?.metric?.name ??
        s.external?.metric?.name ??
        '';
    return { name, t };
}
function targetValue(t) {
    if (!t)
        return { type: '', value: Number.NaN };
    if (t.averageUtilization !== undefined)
        return { type: 'Utilization', value: t.averageUtilization };
    if (t.averageValue !== undefined)
        return { type: 'AverageValue', value: parseQuantity(t.averageValue) };
    return { type: t.type ?? 'Value', value: parseQuantity(t.value) };
}
function currentValue(t, type) {
    if (!t)
        return null;
    const v = type === 'Utilization'
        ? t.averageUtilization
        : type === 'AverageValue'
            ? parseQuantity(t.averageValue)
            : parseQuantity(t.value);
    return v === undefined || Number.isNaN(v) ? null : v;
}
const key = (o) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
const fmt = (type, v) => (type === 'Utilization' ? `${v}%` : String(Math.round(v * 1000) / 1000));
/**
 * Owners and scalers: ReplicaSet -> Deployment and Job -> CronJob (the workload a pod belongs to),
 * Deployment and StatefulSet replica changes with their cause, and HPA spec and status history.
 * Keeps a few numbers per object; rows go to the sink.
 */
export class WorkloadTracker {
    sink;
    now;
    replicaSets = new Map();
    jobs = new Map();
    scalables = new Map();
    hpas = new Map();
    /** replica changes waiting for the HPA status that explains them (other watch streams) */
    pendingCauses = [];
    constructor(sink, now = Date.now) {
        this.sink = sink;
        this.now = now;
    }
    /** The workload (kind, name) a pod's controller owner stands for. */
    workloadOf(namespace, ownerKind, ownerName) {
        if (ownerKind === 'ReplicaSet') {
            const rs = this.replicaSets.get(`${namespace}/${ownerName}`);
            if (rs?.deployment)
                return { kind: 'Deployment', name: rs.deployment };
            if (rs)
                return { kind: 'ReplicaSet', name: ownerName };
            // not listed yet: a Deployment's ReplicaSet is named <deployment>-<pod-template-hash>
            const cut = ownerName.lastIndexOf('-');
            return cut > 0 ? { kind: 'Deployment', name: ownerName.slice(0, cut) } : { kind: 'ReplicaSet', name: ownerName };
        }
        if (ownerKind === 'Job') {
            const cron = this.jobs.get(`${namespace}/${ownerName}`);
            return cron ? { kind: 'CronJob', name: cron } : { kind: 'Job', name: ownerName };
        }
        return { kind: ownerKind, name: ownerName };
    }
    /** Why a pod of this owner was deleted, if its owner scaled down recently (else ''). */
    deletionCause(namespace, ownerKind, ownerName) {
        const now = this.now();
        if (ownerKind === 'ReplicaSet') {
            const rs = this.replicaSets.get(`${namespace}/${ownerName}`);
            if (!rs || now - rs.scaledDownAt > SCALE_DOWN_EXPLAINS_MS)
                return '';
            const scaled = `ReplicaSet ${ownerName} scaled ${rs.scaledFrom}→${rs.replicas}`;
            if (rs.deployment) {
                for (const [k, other] of this.replicaSets)
                    if (other !== rs &&
                        other.deployment === rs.deployment &&
                        other.revision > rs.revision &&
                        k.startsWith(`${namespace}/`))
                        return `rollout of Deployment ${rs.deployment}: ${scaled}, replaced by ReplicaSet ${k.slice(namespace.length + 1)}`;
                const d = this.scalables.get(`${namespace}/${rs.deployment}`);
                const hpa = this.hpaFor(namespace, 'Deployment', rs.deployment);
                const by = hpa && d && hpa.memo.desired === d.replicas ? ` (HPA ${hpa.name}: ${hpa.memo.metric})` : '';
                return `scale-in: ${scaled}${by}`;
            }
            return `scale-in: ${scaled}`;
        }
        if (ownerKind === 'StatefulSet') {
            const s = this.scalables.get(`${namespace}/${ownerName}`);
            if (s && now - s.scaledDownAt <= SCALE_DOWN_EXPLAINS_MS)
                return `scale-in: StatefulSet ${ownerName} scaled ${s.scaledFrom}→${s.replicas}`;
        }
        return '';
    }
    hpaFor(namespace, kind, name) {
        for (const [k, memo] of this.hpas)
            if (k.startsWith(`${namespace}/`) && memo.targetKind === kind && memo.targetName === name)
                return { name: k.slice(namespace.length + 1), memo };
        return undefined;
    }
    // ---- owners -----------------------------------------------------------------------------------
    replicaSet(o, deleted) {
        const k = key(o);
        if (deleted) {
            this.replicaSets.delete(k);
            return;
        }
        const owner = o.metadata?.ownerReferences?.find((r) => r.kind === 'Deployment');
        const replicas = o.spec?.replicas ?? 1;
        const revision = Number(o.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0) || 0;
        const prev = this.replicaSets.get(k);
        const memo = {
            deployment: owner?.name ?? '',
            replicas,
            revision,
            scaledFrom: prev?.scaledFrom ?? replicas,
            scaledDownAt: prev?.scaledDownAt ?? 0,
        };
        if (prev && replicas < prev.replicas) {
            memo.scaledFrom = prev.replicas;
            memo.scaledDownAt = this.now();
        }
        this.replicaSets.set(k, memo);
    }
    job(o, deleted) {
        const k = key(o);
        const cron = o.metadata?.ownerReferences?.find((r) => r.kind === 'CronJob')?.name;
        if (deleted || !cron)
            this.jobs.delete(k);
        else
            this.jobs.set(k, cron);
    }
    /** A Deployment or StatefulSet. */
    scalable(kind, o, deleted) {
        const k = key(o);
        if (deleted) {
            this.scalables.delete(k);
            return;
        }
        const s = o;
        const next = {
            kind,
            replicas: s.spec?.replicas ?? 1,
            ready: s.status?.readyReplicas ?? 0,
            updated: s.status?.updatedReplicas ?? 0,
            available: s.status?.availableReplicas ?? 0,
            generation: o.metadata?.generation ?? 0,
            scaledFrom: 0,
            scaledDownAt: 0,
        };
        const prev = this.scalables.get(k);
        next.scaledFrom = prev?.scaledFrom ?? next.replicas;
        next.scaledDownAt = prev?.scaledDownAt ?? 0;
        if (prev && next.replicas < prev.replicas) {
            next.scaledFrom = prev.replicas;
            next.scaledDownAt = this.now();
        }
        this.scalables.set(k, next);
        const changed = !prev ||
            prev.replicas !== next.replicas ||
            prev.ready !== next.ready ||
            prev.updated !== next.updated ||
            prev.available !== next.available;
        if (!changed)
            return;
        const row = {
            Timestamp: this.now(),
            Namespace: o.metadata?.namespace ?? '',
            Kind: kind,
            Name: o.metadata?.name ?? '',
            Replicas: next.replicas,
            FromReplicas: prev?.replicas ?? next.replicas,
            ReadyReplicas: next.ready,
            UpdatedReplicas: next.updated,
            AvailableReplicas: next.available,
            Generation: next.generation,
            Cause: !prev ? 'observed' : prev.replicas === next.replicas ? 'status' : '',
        };
        if (row.Cause)
            this.sink.put('k8s_workload_replicas', row);
        // a spec change: the HPA status that explains it may arrive a moment later on its own stream
        else
            this.pendingCauses.push({ at: this.now(), row });
    }
    /** Writes the replica changes whose cause can be told by now (called on a timer). */
    settle(minAgeMs) {
        const now = this.now();
        while (this.pendingCauses.length > 0 && now - this.pendingCauses[0].at >= minAgeMs) {
            const r = this.pendingCauses.shift().row;
            const hpa = this.hpaFor(r.Namespace, r.Kind, r.Name);
            const dir = r.Replicas > r.FromReplicas ? 'up' : 'down';
            r.Cause =
                hpa && hpa.memo.desired === r.Replicas
                    ? `HPA ${hpa.name}: scaled ${dir} to ${r.Replicas}${hpa.memo.metric ? `: ${hpa.memo.metric}` : ''}`
                    : `spec.replicas ${r.FromReplicas}→${r.Replicas} (not by an HPA: kubectl scale, apply or another controller)`;
            this.sink.put('k8s_workload_replicas', r);
        }
    }
    // ---- HPAs -------------------------------------------------------------------------------------
    hpa(o, deleted) {
        const k = key(o);
        if (deleted) {
            this.hpas.delete(k);
            return;
        }
        const h = o;
        const names = [];
        const targets = [];
        const currents = [];
        const types = [];
        for (const m of h.spec?.metrics ?? []) {
            const { name, t } = metricOf(m);
            const target = targetValue(t?.target);
            const cur = (h.status?.currentMetrics ?? []).find((c) => c.type === m.type && metricOf(c).name === name);
            names.push(name);
            types.push(target.type);
            targets.push(Number.isNaN(target.value) ? 0 : target.value);
            currents.push(currentValue(cur ? metricOf(cur).t?.current : undefined, target.type));
        }
        const row = {
            Timestamp: this.now(),
            Namespace: o.metadata?.namespace ?? '',
            Name: o.metadata?.name ?? '',
            TargetKind: h.spec?.scaleTargetRef?.kind ?? '',
            TargetName: h.spec?.scaleTargetRef?.name ?? '',
            MinReplicas: h.spec?.minReplicas ?? 1,
            MaxReplicas: h.spec?.maxReplicas ?? 0,
            CurrentReplicas: h.status?.currentReplicas ?? 0,
            DesiredReplicas: h.status?.desiredReplicas ?? 0,
            MetricNames: names,
            MetricTargets: targets,
            MetricCurrents: currents,
            MetricTypes: types,
            LastScaleTime: ms(h.status?.lastScaleTime),
        };
        const { Timestamp: _t, ...rest } = row;
        const sig = JSON.stringify(rest);
        let metric = '';
        if (names.length > 0 && currents[0] !== null && currents[0] !== undefined) {
            const c = currents[0];
            const t = targets[0];
            metric = `${names[0]} ${fmt(types[0], c)} ${c > t ? 'above' : c < t ? 'below' : 'at'} target ${fmt(types[0], t)}`;
        }
        const prev = this.hpas.get(k);
        this.hpas.set(k, {
            sig,
            targetKind: row.TargetKind,
            targetName: row.TargetName,
            desired: row.DesiredReplicas,
            metric,
        });
        if (prev?.sig !== sig)
            this.sink.put('k8s_hpa_history', row);
    }
    counts() {
        return {
            replicaSets: this.replicaSets.size,
            jobs: this.jobs.size,
            scalables: this.scalables.size,
            hpas: this.hpas.size,
        };
    }
}
//# sourceMappingURL=workload-tracker.js.map