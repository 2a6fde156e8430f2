export declare class TsvWriter {
    private buf;
    private pos;
    rows: number;
    constructor(initialBytes?: number);
    get length(): number;
    private ensure;
    tab(): this;
    /** Pre-encoded TSV bytes copied as is (a resource tail ending in LF counts as a row end). */
    raw(b: Buffer): this;
    /** one raw byte (structure characters of composite values) */
    byte(c: number): this;
    /** Copies UTF-8 bytes of a String value, TSV-escaped. */
    copyTsv(b: Uint8Array, s: number, e: number): this;
    /** Copies UTF-8 bytes as a quoted element of a composite value: `'...'`. */
    copyQuoted(b: Uint8Array, s: number, e: number): this;
    /** current write position (to undo a partially written row) */
    mark(): number;
    rewind(pos: number): void;
    /** ends a row */
    nl(): this;
    /** ASCII-only text written as is (numbers, enum names, keywords). */
    ascii(s: string): this;
    int(n: number): this;
    bool(b: boolean): this;
    /** A String value with TSV escaping. */
    str(s: string): this;
    /** Raw bytes for a FixedString(n): TSV-escaped; shorter input is zero-padded by ClickHouse. */
    bytes(b: Uint8Array | undefined): this;
    /** A quoted string inside a composite value: `'...'` with quote escaping. */
    quoted(s: string): this;
    /** Raw bytes inside a composite value (`'...'`), e.g. link trace ids. */
    quotedBytes(b: Uint8Array): this;
    /** Map(String, String) from a record. */
    map(m: Record<string, string>): this;
    /** Array(String) (or LowCardinality(String)). */
    strArray(items: readonly string[]): this;
    /** Array of numbers written as integer text (Array(UInt64), Array(DateTime64(9)) ticks ...). */
    numArray(items: readonly (number | bigint | string)[]): this;
    /** Array(Map(String,String)) */
    mapArray(items: readonly Record<string, string>[]): this;
    /** Array(FixedString(n)) */
    bytesArray(items: readonly Uint8Array[]): this;
    private open;
    private comma;
    private close;
    /** The encoded rows (a view over the internal buffer: do not reuse the writer while it is in use). */
    toBuffer(): Buffer;
    /** Copies b[s, e) escaped with `esc` (see escapeTable); the caller has ensured 2 bytes per input byte. */
    private escaped;
}
//# sourceMappingURL=tsv.d.ts.map