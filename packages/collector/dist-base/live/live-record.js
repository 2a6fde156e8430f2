import { PodTransition } from '@podtrail/contracts/api';
import { LIVE_LATENCY_MAX_BUCKETS } from '@podtrail/contracts/wire';
import { TypeCompiler } from '@sinclair/typebox/compiler';
/**
 * Validation of what arrives on the live topic: any process can write there, so each pod-second
 * row and each transition is checked before the hub merges or forwards it (what fails is counted
 * as a bad record and dropped).
 */
function str(s) {
    return typeof s === 'string' ? s : '';
}
function isCount(n) {
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}
function isAmount(n) {
    return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}
/**
 * A row's latency histogram from the wire: at most one entry per bucket, each
 * `[bucket 0..255, count >= 0, errors <= count]`, adding up to the row's count and errors.
 */
function normalizeLatency(v, count, errors) {
    if (!Array.isArray(v) || v.length > LIVE_LATENCY_MAX_BUCKETS)
        return null;
    const seen = new Set();
    const out = [];
    let c = 0;
    let e = 0;
    for (const entry of v) {
        if (!Array.isArray(entry) || entry.length !== 3)
            return null;
        const [b, n, err] = entry;
        if (!isCount(b) || b > 255 || seen.has(b) || !isCount(n) || !isCount(err) || err > n)
            return null;
        seen.add(b);
        out.push([b, n, err]);
        c += n;
        e += err;
    }
    return c === count && e === errors ? out : null;
}
/**
 * Validates and normalizes one row from the wire: a positive integer second, strings strings
 * (absent ones ''), counts non-negative integers with errors <= count, durations finite and
 * non-negative, a valid histogram. Null when anything is off.
 */
export function normalizeRow(r) {
    if (typeof r !== 'object' || r === null)
        return null;
    const o = r;
    const { ts, count, errors, durationSumMs, durationMaxMs } = o;
    if (typeof ts !== 'number' || !Number.isInteger(ts) || ts <= 0)
        return null;
    if (!isCount(count) || !isCount(errors) || errors > count)
        return null;
    if (!isAmount(durationSumMs) || !isAmount(durationMaxMs))
        return null;
    const latency = normalizeLatency(o.latency, count, errors);
    if (!latency)
        return null;
    return {
        ts,
        serviceName: str(o.serviceName),
        namespace: str(o.namespace),
        workload: str(o.workload),
        podName: str(o.podName),
        instanceId: str(o.instanceId),
        count,
        errors,
        durationSumMs,
        durationMaxMs,
        latency,
    };
}
const isPodTransition = TypeCompiler.Compile(PodTransition);
/** Validates a transition from the wire (the API shape, a readable time); a copy without extra fields. */
export function normalizeTransition(e) {
    if (!isPodTransition.Check(e) || !Number.isFinite(Date.parse(e.ts)))
        return null;
    return {
        ts: e.ts,
        namespace: e.namespace,
        workload: e.workload,
        serviceName: e.serviceName,
        podName: e.podName,
        instanceId: e.instanceId,
        transition: e.transition,
        fromState: e.fromState,
        toState: e.toState,
        reason: e.reason,
        message: e.message,
    };
}
//# sourceMappingURL=live-record.js.map