import { KubeClient, loadKubeConfig } from '../kubernetes/kube-client.js';
import { REQUIRED_ACCESS } from '../kubernetes/required-access.js';
/**
 * Writes to a real API server the way controllers and kubelet would (tests): namespaces, owners,
 * pods and their `/status`, HPAs and their status, Events. Built on the watcher's own client.
 */
export class KubeObjects {
    client;
    constructor(adminKubeconfig) {
        this.client = new KubeClient(loadKubeConfig(adminKubeconfig));
    }
    async namespace(name) {
        await this.client.request('POST', '/api/v1/namespaces', { metadata: { name } });
    }
    /**
     * Gives a user what REQUIRED_ACCESS says beyond get/list/watch (the test server's reader has
     * those): the Lease verbs in the lease namespace.
     */
    async grantLease(user, namespace) {
        const rules = REQUIRED_ACCESS.filter((r) => r.scope === 'lease-namespace').map((r) => ({
            apiGroups: [r.group],
            resources: [r.resource],
            verbs: [...r.verbs],
        }));
        const name = `podtrail-lease-${user}`;
        await this.client.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`, {
            metadata: { name },
            rules,
        });
        await this.client.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
            metadata: { name },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
        });
    }
    create(ns, api, resource, body) {
        return this.client.request('POST', `${api}/namespaces/${ns}/${resource}`, body);
    }
    patch(ns, api, resource, name, body, sub = '') {
        return this.client.patch(`${api}/namespaces/${ns}/${resource}/${name}${sub ? `/${sub}` : ''}`, body);
    }
    async deployment(ns, name, replicas) {
        const labels = { app: name };
        return this.create(ns, '/apis/apps/v1', 'deployments', {
            metadata: { name },
            spec: {
                replicas,
                selector: { matchLabels: labels },
                template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'demo:1' }] } },
            },
        });
    }
    async replicaSet(ns, name, owner, replicas, revision) {
        const labels = { app: owner.metadata.name, rs: name };
        return this.create(ns, '/apis/apps/v1', 'replicasets', {
            metadata: {
                name,
                annotations: { 'deployment.kubernetes.io/revision': String(revision) },
                ownerReferences: [ownerRef('apps/v1', 'Deployment', owner)],
            },
            spec: {
                replicas,
                selector: { matchLabels: labels },
                template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'demo:1' }] } },
            },
        });
    }
    /** A pod; `owner` a ReplicaSet; `node` bound to a node (else it stays unscheduled). */
    pod(ns, name, opts = {}) {
        return this.create(ns, '/api/v1', 'pods', {
            metadata: {
                name,
                labels: { app: 'web' },
                ...(opts.owner ? { ownerReferences: [ownerRef('apps/v1', 'ReplicaSet', opts.owner)] } : {}),
            },
            spec: {
                ...(opts.node ? { nodeName: opts.node } : {}),
                containers: (opts.containers ?? ['app']).map((c) => ({ name: c, image: 'demo:1' })),
            },
        });
    }
    /** Writes pod status as kubelet would. */
    podStatus(ns, name, status) {
        return this.patch(ns, '/api/v1', 'pods', name, { status }, 'status');
    }
    deletePod(ns, name) {
        return this.client.request('DELETE', `/api/v1/namespaces/${ns}/pods/${name}?gracePeriodSeconds=0`);
    }
    /** An Event about an object, as kubelet or a controller records it. */
    event(ns, involved, e) {
        const t = e.at.toISOString().replace(/\.\d{3}Z$/, 'Z');
        return this.create(ns, '/api/v1', 'events', {
            metadata: { name: e.name ?? `${involved.metadata.name}.${Math.random().toString(36).slice(2, 10)}` },
            involvedObject: {
                kind: involved.kind,
                name: involved.metadata.name,
                namespace: ns,
                uid: involved.metadata.uid,
                apiVersion: involved.kind === 'Pod' ? 'v1' : 'apps/v1',
            },
            reason: e.reason,
            message: e.message,
            type: e.type ?? 'Normal',
            count: e.count ?? 1,
            firstTimestamp: t,
            lastTimestamp: t,
            source: { component: e.component ?? 'kubelet' },
        });
    }
}
function ownerRef(apiVersion, kind, o) {
    return { apiVersion, kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
}
/** A container status for `podStatus` (kubelet's shape). */
export function containerStatus(name, restartCount, state, lastState = {}, ready = false) {
    return { name, image: 'demo:1', imageID: '', restartCount, ready, started: ready, state, lastState };
}
export const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
//# sourceMappingURL=kube-objects.js.map