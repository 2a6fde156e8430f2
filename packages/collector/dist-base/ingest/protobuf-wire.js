/**
 * Protobuf wire-format reader over a byte array: varints, fixed-width numbers and a field walker
 * that hands each field's value range to a callback. No message objects are built; callers keep
 * offsets into the record and decode only what they need.
 */
export class WireError extends Error {
}
/** Reads a varint at `r.pos`; returns the value (exact below 2^53) and advances `r.pos`. */
export function varint(b, r, end) {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
        if (r.pos >= end)
            throw new WireError('truncated varint');
        const x = b[r.pos++];
        v += (x & 0x7f) * mul;
        if (x < 0x80)
            return v;
        mul *= 128;
    }
    throw new WireError('varint too long');
}
/** int64 varint as a decimal string (two's complement for negatives). */
export function int64String(b, start, end) {
    let v = 0n;
    let shift = 0n;
    for (let p = start; p < end; p++) {
        const x = b[p];
        v |= BigInt(x & 0x7f) << shift;
        if (x < 0x80)
            break;
        shift += 7n;
    }
    v &= 0xffffffffffffffffn;
    if (v >= 0x8000000000000000n)
        v -= 0x10000000000000000n;
    return v.toString();
}
export function fixed64BigInt(b, p) {
    const lo = (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>>
        0;
    const hi = (b[p + 4] |
        (b[p + 5] << 8) |
        (b[p + 6] << 16) |
        (b[p + 7] << 24)) >>>
        0;
    return (BigInt(hi) << 32n) | BigInt(lo);
}
/** fixed64 as two uint32 halves: `out[at]` = low, `out[at + 1]` = high. */
export function fixed64HiLo(b, p, out, at) {
    out[at] =
        (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>>
            0;
    out[at + 1] =
        (b[p + 4] |
            (b[p + 5] << 8) |
            (b[p + 6] << 16) |
            (b[p + 7] << 24)) >>>
            0;
}
export function fixed32(b, p) {
    return ((b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0);
}
export function double(b, p) {
    return new DataView(b.buffer, b.byteOffset + p, 8).getFloat64(0, true);
}
/**
 * Iterates fields of the message in [start, end). Calls `f(field, wire, valueStart, valueEnd)`;
 * for varints valueStart..valueEnd spans the varint bytes, for LEN the payload.
 */
export function fields(b, start, end, f) {
    const r = { pos: start };
    while (r.pos < end) {
        const key = varint(b, r, end);
        const field = Math.floor(key / 8);
        const wire = key & 7;
        if (field === 0)
            throw new WireError('field number 0');
        const vs = r.pos;
        switch (wire) {
            case 0:
                varint(b, r, end);
                f(field, wire, vs, r.pos);
                break;
            case 1:
                if (r.pos + 8 > end)
                    throw new WireError('truncated fixed64');
                r.pos += 8;
                f(field, wire, vs, r.pos);
                break;
            case 2: {
                const len = varint(b, r, end);
                const s = r.pos;
                if (s + len > end)
                    throw new WireError(`index out of range: ${s} + ${len} > ${end}`);
                r.pos = s + len;
                f(field, wire, s, r.pos);
                break;
            }
            case 5:
                if (r.pos + 4 > end)
                    throw new WireError('truncated fixed32');
                r.pos += 4;
                f(field, wire, vs, r.pos);
                break;
            default:
                throw new WireError(`invalid wire type ${wire} at offset ${vs - 1}`);
        }
    }
}
export function expectWireType(wire, want, what) {
    if (wire !== want)
        throw new WireError(`${what}: wire type ${wire}, expected ${want}`);
}
/** True when b[s, e) holds exactly the bytes of `k`. */
export function bytesEqual(b, s, e, k) {
    if (e - s !== k.length)
        return false;
    for (let i = 0; i < k.length; i++)
        if (b[s + i] !== k[i])
            return false;
    return true;
}
export function allZero(b, s, e) {
    for (let i = s; i < e; i++)
        if (b[i] !== 0)
            return false;
    return true;
}
//# sourceMappingURL=protobuf-wire.js.map