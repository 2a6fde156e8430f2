import { INSTANCE_STATES, POD_TRANSITIONS } from '@podtrail/contracts/wire';
function oneOf(list, value, column) {
    if (list.includes(value))
        return value;
    throw new Error(`pod_transitions.${column} holds ${JSON.stringify(value)}, not one of ${list.join(', ')}`);
}
const FROM_STATES = ['', ...INSTANCE_STATES];
/** The API shape of a stored transition (a value outside the contract's lists is an error). */
export function toPodTransition(r) {
    const ms = 'TimestampMs' in r ? Number(r.TimestampMs) : r.Timestamp;
    return {
        ts: new Date(ms).toISOString(),
        namespace: r.Namespace,
        workload: r.Workload,
        serviceName: r.ServiceName,
        podName: r.PodName,
        instanceId: r.InstanceId,
        transition: oneOf(POD_TRANSITIONS, r.Transition, 'Transition'),
        fromState: oneOf(FROM_STATES, r.FromState, 'FromState'),
        toState: oneOf(INSTANCE_STATES, r.ToState, 'ToState'),
        reason: r.Reason,
        message: r.Message,
    };
}
//# sourceMappingURL=pod-transition.js.map