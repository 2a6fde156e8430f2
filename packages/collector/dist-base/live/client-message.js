import { LivePing, LiveSubscribe } from '@podtrail/contracts/api';
import { TypeCompiler } from '@sinclair/typebox/compiler';
const checkSubscribe = TypeCompiler.Compile(LiveSubscribe);
const checkPing = TypeCompiler.Compile(LivePing);
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A copy without the null-valued fields (clients may send an absent field as null). */
function withoutNulls(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}
/** The first schema error as a field (`/filter/pod` -> `filter.pod`) and a message naming it. */
function firstError(errors) {
    for (const e of errors) {
        const field = e.path.replace(/^\//, '').replaceAll('/', '.');
        return field ? { error: `${field}: ${e.message}`, field } : { error: e.message };
    }
    return { error: 'invalid message' };
}
/** Parses a client message against the contract (`LiveClientMessage`); an error names the bad field. */
export function parseClientMessage(raw) {
    let parsed;
    try {
        parsed = JSON.parse(raw);
    }
    catch {
        return { error: 'not JSON' };
    }
    if (!isObject(parsed))
        return { error: 'not an object' };
    const m = withoutNulls(parsed);
    if (isObject(m.filter))
        m.filter = withoutNulls(m.filter);
    if (m.type === 'ping')
        return checkPing.Check(m) ? { type: 'ping' } : firstError(checkPing.Errors(m));
    if (m.type !== 'subscribe')
        return { error: 'type must be subscribe or ping', field: 'type' };
    if (!checkSubscribe.Check(m))
        return firstError(checkSubscribe.Errors(m));
    const { filter, since, hubId, sinceTs } = m;
    const subscription = {};
    if (filter) {
        // only the filter's own keys: anything else a client adds is ignored
        const { service, namespace, workload, pod } = filter;
        subscription.filter = Object.fromEntries(Object.entries({ service, namespace, workload, pod }).filter(([, v]) => v !== undefined));
    }
    if (since !== undefined)
        subscription.since = since;
    if (hubId !== undefined)
        subscription.hubId = hubId;
    if (sinceTs !== undefined)
        subscription.sinceTs = sinceTs;
    return { type: 'subscribe', subscription };
}
//# sourceMappingURL=client-message.js.map