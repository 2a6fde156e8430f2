import type {
  CompareQuery,
  EventsQuery,
  HeatmapQuery,
  LogsQuery,
  LogsResponse,
  PodKubernetesResponse,
  PodsQuery,
  ServiceMapQuery,
  ServiceMapResponse,
  SpansQuery,
  TransactionsQuery,
  VelocityQuery,
  WorkloadHistoryQuery,
  WorkloadHpaQuery,
  WorkloadHpaResponse,
} from '@podtrail/contracts/api';
import { backoffDelay } from '@podtrail/contracts/retry';
import { auth, getToken } from './token.js';
import type {
  CompareResponse,
  EventsResponse,
  HeatmapResponse,
  PodsResponse,
  PostMortemResponse,
  ServicesResponse,
  SpansResponse,
  TraceResponse,
  TransactionsResponse,
  VelocityResponse,
  WorkloadHistoryResponse,
} from './types.js';

/** An error answer of the API (`{statusCode, code, message}`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  get retriable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export type Params = Record<string, string | number | boolean | null | undefined>;

export function queryString(params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v))) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Base URL of the collector: the page's own directory (the collector serves the UI at `/`). */
export function apiUrl(path: string): string {
  const rel = path.replace(/^\//, '');
  if (typeof location === 'undefined') return `/${rel}`;
  return new URL(rel, new URL('.', location.href)).toString();
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });

export interface GetOptions {
  signal?: AbortSignal;
  /** extra attempts on network errors, 429 and 5xx (default 2) */
  retries?: number;
  timeoutMs?: number;
}

/** GET a JSON document of the API with the token; retries transient failures with backoff. */
export async function apiGet<T>(path: string, params?: Params, opts: GetOptions = {}): Promise<T> {
  const url = apiUrl(path) + queryString(params);
  const retries = opts.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchOnce<T>(url, opts);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', String((err as Error)?.message ?? err));
      if (opts.signal?.aborted) throw opts.signal.reason ?? e;
      if (!e.retriable || attempt >= retries) throw e;
      await sleep(backoffDelay(attempt, { baseMs: 400, capMs: 5000 }), opts.signal);
    }
  }
}

async function fetchOnce<T>(url: string, opts: GetOptions): Promise<T> {
  const token = getToken();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => ctl.abort(new Error('timeout')), opts.timeoutMs ?? 20_000);
  try {
    const res = await fetch(url, { headers, signal: ctl.signal, cache: 'no-store' });
    if (res.status === 401 || res.status === 403) auth.set('required');
    if (!res.ok) {
      let body: { code?: string; message?: string; field?: string } = {};
      try {
        body = (await res.json()) as typeof body;
      } catch {
        // not JSON (a proxy's page): keep the status
      }
      throw new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? res.statusText, body.field);
    }
    if (auth.state !== 'ok') auth.set('ok');
    return (await res.json()) as T;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

const enc = encodeURIComponent;

/**
 * A route's query parameters as the UI passes them: the contract's query type (so the compiler
 * catches drift between the UI and the API), with its time parameters (`TimeParam` strings on
 * the wire) also accepted as epoch milliseconds.
 */
export type Query<Q, TimeKeys extends keyof Q = never> = Omit<Q, TimeKeys> & {
  [K in keyof Pick<Q, TimeKeys>]: Pick<Q, TimeKeys>[K] | number;
};

/** The query API, one function per route of docs/api.md. */
export const api = {
  velocity: (p: Query<VelocityQuery, 'from' | 'to'>, o?: GetOptions) =>
    apiGet<VelocityResponse>('/api/v1/velocity', { groupBy: 'pod', ...p }, o),
  heatmap: (p: Query<HeatmapQuery, 'from' | 'to'>, o?: GetOptions) => apiGet<HeatmapResponse>('/api/v1/heatmap', p, o),
  transactions: (p: Query<TransactionsQuery, 'from' | 'to'>, o?: GetOptions) =>
    apiGet<TransactionsResponse>('/api/v1/transactions', p, o),
  trace: (traceId: string, o?: GetOptions) => apiGet<TraceResponse>(`/api/v1/traces/${enc(traceId)}`, undefined, o),
  spans: (p: Query<SpansQuery, 'from' | 'to'>, o?: GetOptions) => apiGet<SpansResponse>('/api/v1/spans', p, o),
  pods: (p: Query<PodsQuery, 'from' | 'to'>, o?: GetOptions) => apiGet<PodsResponse>('/api/v1/pods', p, o),
  postMortem: (namespace: string, podName: string, o?: GetOptions) =>
    apiGet<PostMortemResponse>(`/api/v1/pods/${enc(namespace)}/${enc(podName)}`, undefined, o),
  workloadHistory: (
    namespace: string,
    workload: string,
    p: Query<WorkloadHistoryQuery, 'from' | 'to'>,
    o?: GetOptions,
  ) => apiGet<WorkloadHistoryResponse>(`/api/v1/workloads/${enc(namespace)}/${enc(workload)}/history`, p, o),
  workloadHpa: (namespace: string, workload: string, p: Query<WorkloadHpaQuery, 'from' | 'to'>, o?: GetOptions) =>
    apiGet<WorkloadHpaResponse>(`/api/v1/workloads/${enc(namespace)}/${enc(workload)}/hpa`, p, o),
  podKubernetes: (podUid: string, o?: GetOptions) =>
    apiGet<PodKubernetesResponse>(`/api/v1/pods/${enc(podUid)}/kubernetes`, undefined, o),
  events: (p: Query<EventsQuery, 'from' | 'to'>, o?: GetOptions) => apiGet<EventsResponse>('/api/v1/events', p, o),
  compare: (p: Query<CompareQuery, 'aFrom' | 'aTo' | 'bFrom' | 'bTo'>, o?: GetOptions) =>
    apiGet<CompareResponse>('/api/v1/compare', p, o),
  services: (o?: GetOptions) => apiGet<ServicesResponse>('/api/v1/services', undefined, o),
  serviceMap: (p: Query<ServiceMapQuery, 'from' | 'to'>, o?: GetOptions) =>
    apiGet<ServiceMapResponse>('/api/v1/service-map', p, o),
  logs: (p: Query<LogsQuery, 'from' | 'to'>, o?: GetOptions) => apiGet<LogsResponse>('/api/v1/logs', p, o),
  traceLogs: (traceId: string, o?: GetOptions) =>
    apiGet<LogsResponse>(`/api/v1/traces/${enc(traceId)}/logs`, undefined, o),
};
