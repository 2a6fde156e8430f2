/**
 * A span's duration and end time from its start and end timestamps as uint32 halves (how both
 * ingest paths hold a fixed64 without BigInt), so the protobuf transcoder and the object path
 * compute the same numbers.
 */
const TWO_32 = 4294967296;
/** end - start in ns; 0 when the end is missing or before the start. */
export function spanDurationNs(startHi, startLo, endHi, endLo) {
    const d = (endHi - startHi) * TWO_32 + (endLo - startLo);
    return Number.isFinite(d) && d >= 0 ? d : 0;
}
/**
 * The millisecond the span ended in, floor((start + duration) / 1e6), exact: so that the second
 * of `endMs` is the second tx_1s files the span under (`END_SECOND_SQL`), down to the nanosecond.
 * (start as a double would lose the low bits: 2^32 = 4294 * 1e6 + 967296 keeps every term below
 * 2^53.)
 */
export function spanEndMs(startHi, startLo, durationNs) {
    const rest = startHi * 967_296 + startLo + durationNs;
    const sub = rest % 1_000_000;
    return startHi * 4294 + (rest - sub) / 1_000_000;
}
/** `spanEndMs` of a start held as a bigint. */
export function spanEndMsOf(startNs, durationNs) {
    return spanEndMs(Number(startNs >> 32n), Number(startNs & 0xffffffffn), durationNs);
}
//# sourceMappingURL=span-time.js.map