/** UTF-8 bytes b[s, e) as a string. */
export declare function utf8String(b: Uint8Array, s: number, e: number): string;
/** AnyValue as the string stored in Map(String, String) columns (same rules as anyValueToString). */
export declare function anyValueString(b: Uint8Array, s: number, e: number): string;
/** KeyValue messages at `field` of the message b[s, e), as a record (the last value of a key wins). */
export declare function keyValuesRecord(b: Uint8Array, s: number, e: number, field: number): Record<string, string>;
/** Resource attributes of a ResourceSpans, as a record. */
export declare function resourceAttributes(b: Uint8Array, s: number, e: number): Record<string, string>;
/** `http.response.status_code` as the HttpStatusCode column stores it: 0 unless a number in 0..65535. */
export declare function httpStatusCodeOf(value: string | undefined): number;
/** The HTTP columns of a span row. One instance is reused for every span of a request. */
export declare class SpanHttpColumns {
    method: string;
    route: string;
    statusCode: number;
}
/**
 * Reads the HTTP columns from a span's KeyValue ranges (`kvs`: start, end pairs): current
 * semantic conventions win over the legacy keys; of repeated keys the last occurrence wins.
 */
export declare function readHttpColumns(b: Uint8Array, kvs: number[], out: SpanHttpColumns): void;
//# sourceMappingURL=otlp-attributes.d.ts.map