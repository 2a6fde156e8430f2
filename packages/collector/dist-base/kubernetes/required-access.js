const READ = ['get', 'list', 'watch'];
export const REQUIRED_ACCESS = [
    { group: '', resource: 'pods', verbs: READ, scope: 'cluster' },
    { group: '', resource: 'events', verbs: READ, scope: 'cluster' },
    { group: 'apps', resource: 'replicasets', verbs: READ, scope: 'cluster' },
    { group: 'apps', resource: 'deployments', verbs: READ, scope: 'cluster' },
    { group: 'apps', resource: 'statefulsets', verbs: READ, scope: 'cluster' },
    { group: 'apps', resource: 'daemonsets', verbs: READ, scope: 'cluster' },
    { group: 'batch', resource: 'jobs', verbs: READ, scope: 'cluster' },
    { group: 'batch', resource: 'cronjobs', verbs: READ, scope: 'cluster' },
    { group: 'autoscaling', resource: 'horizontalpodautoscalers', verbs: READ, scope: 'cluster' },
    { group: 'coordination.k8s.io', resource: 'leases', verbs: ['get', 'create', 'update'], scope: 'lease-namespace' },
];
//# sourceMappingURL=required-access.js.map