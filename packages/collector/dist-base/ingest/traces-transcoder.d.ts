import type { ResourceContext } from './identity.js';
export { WireError } from './protobuf-wire.js';
export { scanTraces } from './traces-scan.js';
/** The subset of TsvWriter the transcoder needs, plus raw byte copies with escaping. */
export interface ByteSink {
    tab(): unknown;
    ascii(s: string): unknown;
    int(n: number): unknown;
    bool(b: boolean): unknown;
    str(s: string): unknown;
    bytes(b: Uint8Array | undefined): unknown;
    raw(b: Buffer): unknown;
    /** copy UTF-8 bytes with TSV escaping (String column) */
    copyTsv(b: Uint8Array, s: number, e: number): unknown;
    /** copy UTF-8 bytes as a quoted composite element: 'x' */
    copyQuoted(b: Uint8Array, s: number, e: number): unknown;
    quoted(s: string): unknown;
    quotedBytes(b: Uint8Array): unknown;
    byte(c: number): unknown;
    mark(): number;
    rewind(pos: number): void;
}
/** What the caller accumulates per stored span (live aggregates, last seen). */
export interface SpanVisitor {
    /**
     * a span was written; startMs / endMs (the whole ms it started / ended in) for the pod's
     * first / last seen and the live buckets
     */
    span(ctx: ResourceContext, startMs: number, endMs: number, durationNs: number, isTransaction: boolean, error: boolean): void;
    /** a span was refused */
    refused(reason: string): void;
    /** the per-resource tail (identity columns + per-span resource map), encoded once */
    tail(ctx: ResourceContext): Buffer;
}
/**
 * Writes one TSV row per valid span of a validated request (call scanTraces first).
 * Returns the number of rows written.
 */
export declare function transcodeTraces(b: Uint8Array, out: ByteSink, visit: SpanVisitor): number;
//# sourceMappingURL=traces-transcoder.d.ts.map