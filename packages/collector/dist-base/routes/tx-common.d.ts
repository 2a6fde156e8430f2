import type { Pod, PodState, Span, Transaction } from '@podtrail/contracts/api';
/**
 * Rows of the column lists in `store/sql/parts/` (`{part:NAME}`) and their API shapes: one
 * mapping per list, shared by every statement that selects it.
 */
/** `{part:tx_columns}` */
export interface TxRow {
    traceId: string;
    spanId: string;
    startMs: string;
    endMs: string;
    durNs: string;
    name: string;
    route: string;
    method: string;
    status: number;
    err: boolean | number;
    s: string;
    ns: string;
    w: string;
    p: string;
    inst: string;
}
export declare function toTransaction(r: TxRow): Transaction;
/** `{part:span_columns}` */
export interface SpanRow {
    traceId: string;
    spanId: string;
    parentSpanId: string;
    name: string;
    kind: string;
    isTx: boolean | number;
    startNs: string;
    durNs: string;
    s: string;
    ns: string;
    w: string;
    p: string;
    inst: string;
    statusCode: string;
    statusMessage: string;
    method: string;
    route: string;
    status: number;
    attrs: Record<string, string>;
    /** type tags of the non-string values (migration 0008) */
    attrTypes?: Record<string, string>;
    res: Record<string, string>;
    evTs: string[];
    evName: string[];
    evAttrs: Array<Record<string, string>>;
}
export declare function toSpan(r: SpanRow): Span;
/** `{part:pod_columns}` */
export interface PodRow {
    ns: string;
    w: string;
    wk: string;
    s: string;
    p: string;
    uid: string;
    node: string;
    ip: string;
    firstSeen: string;
    lastSeen: string;
    endedAt: string | null;
    state: PodState;
    endReason: string;
    instances: number;
    restarts: number;
    current: string;
}
export declare function toPod(r: PodRow): Pod;
//# sourceMappingURL=tx-common.d.ts.map