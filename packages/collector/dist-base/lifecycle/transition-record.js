/** The `pod_transitions` row of a transition of `inst`. */
export function transitionRow(inst, t) {
    return {
        Timestamp: Math.floor(t.tsMs),
        Namespace: inst.namespace,
        Workload: inst.workload,
        ServiceName: inst.serviceName,
        PodName: inst.podName,
        InstanceId: inst.instanceId,
        Transition: t.transition,
        FromState: t.fromState,
        ToState: t.toState,
        Reason: t.reason,
        Message: t.message,
    };
}
//# sourceMappingURL=transition-record.js.map