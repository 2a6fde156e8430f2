import { type LiveFilter, LivePing, LiveSubscribe } from '@podtrail/contracts/api';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { LiveSubscription } from './hub.js';

export type ParsedClientMessage =
  | { type: 'ping' }
  /** nulls (accepted for absent fields) dropped */
  | { type: 'subscribe'; subscription: LiveSubscription }
  /** `field`: the offending one, dotted (`filter.pod`), absent when the frame is not a JSON object */
  | { error: string; field?: string };

const checkSubscribe = TypeCompiler.Compile(LiveSubscribe);
const checkPing = TypeCompiler.Compile(LivePing);

/** The first schema error as a field (`/filter/pod` -> `filter.pod`) and a message naming it. */
function firstError(errors: Iterable<{ path: string; message: string }>): { error: string; field?: string } {
  for (const e of errors) {
    const field = e.path.replace(/^\//, '').replaceAll('/', '.');
    return field ? { error: `${field}: ${e.message}`, field } : { error: e.message };
  }
  return { error: 'invalid message' };
}

/** Parses a client message against the contract (`LiveClientMessage`); an error names the bad field. */
export function parseClientMessage(raw: string): ParsedClientMessage {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return { error: 'not JSON' };
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return { error: 'not an object' };
  const type = (m as { type?: unknown }).type;
  if (type === 'ping') return checkPing.Check(m) ? { type: 'ping' } : firstError(checkPing.Errors(m));
  if (type !== 'subscribe') return { error: 'type must be subscribe or ping', field: 'type' };
  if (!checkSubscribe.Check(m)) return firstError(checkSubscribe.Errors(m));
  const out: LiveSubscription = {};
  if (m.filter) {
    const filter: LiveFilter = {};
    for (const k of ['service', 'namespace', 'workload', 'pod'] as const) {
      const v = m.filter[k];
      if (v !== undefined && v !== null) filter[k] = v;
    }
    out.filter = filter;
  }
  if (m.since !== undefined && m.since !== null) out.since = m.since;
  if (m.sinceTs !== undefined && m.sinceTs !== null) out.sinceTs = m.sinceTs;
  if (m.hubId !== undefined && m.hubId !== null) out.hubId = m.hubId;
  return { type: 'subscribe', subscription: out };
}
