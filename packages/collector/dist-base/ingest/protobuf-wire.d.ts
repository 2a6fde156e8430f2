/**
 * Protobuf wire-format reader over a byte array: varints, fixed-width numbers and a field walker
 * that hands each field's value range to a callback. No message objects are built; callers keep
 * offsets into the record and decode only what they need.
 */
export declare class WireError extends Error {
}
/** Read position of `varint`, reused by the caller to avoid an allocation per value. */
export interface WireCursor {
    pos: number;
}
/** Reads a varint at `r.pos`; returns the value (exact below 2^53) and advances `r.pos`. */
export declare function varint(b: Uint8Array, r: WireCursor, end: number): number;
/** int64 varint as a decimal string (two's complement for negatives). */
export declare function int64String(b: Uint8Array, start: number, end: number): string;
export declare function fixed64BigInt(b: Uint8Array, p: number): bigint;
/** fixed64 as two uint32 halves: `out[at]` = low, `out[at + 1]` = high. */
export declare function fixed64HiLo(b: Uint8Array, p: number, out: number[], at: number): void;
export declare function fixed32(b: Uint8Array, p: number): number;
export declare function double(b: Uint8Array, p: number): number;
/**
 * Iterates fields of the message in [start, end). Calls `f(field, wire, valueStart, valueEnd)`;
 * for varints valueStart..valueEnd spans the varint bytes, for LEN the payload.
 */
export declare function fields(b: Uint8Array, start: number, end: number, f: (field: number, wire: number, vs: number, ve: number) => void): void;
export declare function expectWireType(wire: number, want: number, what: string): void;
/** True when b[s, e) holds exactly the bytes of `k`. */
export declare function bytesEqual(b: Uint8Array, s: number, e: number, k: Uint8Array): boolean;
export declare function allZero(b: Uint8Array, s: number, e: number): boolean;
//# sourceMappingURL=protobuf-wire.d.ts.map