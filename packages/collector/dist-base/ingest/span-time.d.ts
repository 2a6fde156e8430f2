/**
 * A span's duration and end time from its start and end timestamps as uint32 halves (how both
 * ingest paths hold a fixed64 without BigInt), so the protobuf transcoder and the object path
 * compute the same numbers.
 */
/** end - start in ns; 0 when the end is missing or before the start. */
export declare function spanDurationNs(startHi: number, startLo: number, endHi: number, endLo: number): number;
/**
 * The millisecond the span ended in, floor((start + duration) / 1e6), exact: so that the second
 * of `endMs` is the second tx_1s files the span under (`END_SECOND_SQL`), down to the nanosecond.
 * (start as a double would lose the low bits: 2^32 = 4294 * 1e6 + 967296 keeps every term below
 * 2^53.)
 */
export declare function spanEndMs(startHi: number, startLo: number, durationNs: number): number;
/** `spanEndMs` of a start held as a bigint. */
export declare function spanEndMsOf(startNs: bigint, durationNs: number): number;
//# sourceMappingURL=span-time.d.ts.map