/**
 * OTLP protobuf ExportTraceServiceRequest -> spans TSV rows, without building JS objects.
 *
 * The object path (protobufjs decode -> mapSpan -> writeSpanRow) allocates an object per span,
 * per attribute and per string; at 50k spans/s that, and the garbage it leaves, is most of the
 * collector's CPU. This transcoder walks the wire format directly (`protobuf-wire.ts`): string
 * bytes are copied from the record into the insert buffer (UTF-8 in, UTF-8 out, only the TSV/quote
 * special ASCII bytes escaped), ids are copied raw, and only what drives logic is decoded (kind,
 * parent, flags, timestamps, status, the three HTTP attributes, the resource identity).
 *
 * It produces byte-for-byte the rows the object path produces (tested on randomized requests).
 * Callers validate the whole structure first (`scanTraces`, `traces-scan.ts`), so a malformed
 * record is refused before any row of it is written.
 */
import { isFailedTransaction, isTransactionSpan, OTLP_STATUS_CODE, SPAN_KIND_NAMES, STATUS_CODE_NAMES, } from '@podtrail/contracts/rules';
import { typeTagOfBytes } from './attribute-types.js';
import { contextFromAttributes } from './identity.js';
import { anyValueString, readHttpColumns, resourceAttributes, SpanHttpColumns, utf8String } from './otlp-attributes.js';
import { allZero, bytesEqual, fields, fixed32, fixed64BigInt, fixed64HiLo, varint } from './protobuf-wire.js';
import { spanDurationNs, spanEndMs } from './span-time.js';
// The transcoder's entry points are validate-then-write; callers import both from here.
export { WireError } from './protobuf-wire.js';
export { scanTraces } from './traces-scan.js';
const MAX_START_NS = 9000000000000000000n;
/**
 * Writes one TSV row per valid span of a validated request (call scanTraces first).
 * Returns the number of rows written.
 */
export function transcodeTraces(b, out, visit) {
    let rows = 0;
    const hl = [0, 0, 0, 0];
    const http = new SpanHttpColumns();
    fields(b, 0, b.length, (f, _w, rs, re) => {
        if (f !== 1)
            return;
        // resource first (it may come after the scope spans on the wire)
        let attrs = {};
        fields(b, rs, re, (f1, _w1, s1, e1) => {
            if (f1 === 1)
                attrs = resourceAttributes(b, s1, e1);
        });
        const ctx = contextFromAttributes(attrs);
        let tail;
        fields(b, rs, re, (f1, _w1, ss, se) => {
            if (f1 !== 2)
                return;
            let scopeS = -1;
            let scopeE = -1;
            fields(b, ss, se, (f2, _w2, s2, e2) => {
                if (f2 === 1)
                    fields(b, s2, e2, (f3, _w3, s3, e3) => {
                        if (f3 === 1) {
                            scopeS = s3;
                            scopeE = e3;
                        }
                    });
            });
            fields(b, ss, se, (f2, _w2, sp, ep) => {
                if (f2 !== 2)
                    return;
                // ---- collect the span's fields
                let tid = -1;
                let tidE = -1;
                let sid = -1;
                let sidE = -1;
                let pid = -1;
                let pidE = -1;
                let tsS = -1;
                let tsE = -1;
                let nameS = -1;
                let nameE = -1;
                let kind = 0;
                let startP = -1;
                let endP = -1;
                let statusS = -1;
                let statusE = -1;
                let flags;
                const attrRanges = [];
                const eventRanges = [];
                const linkRanges = [];
                fields(b, sp, ep, (fs, _ws, vs, ve) => {
                    switch (fs) {
                        case 1:
                            tid = vs;
                            tidE = ve;
                            break;
                        case 2:
                            sid = vs;
                            sidE = ve;
                            break;
                        case 3:
                            tsS = vs;
                            tsE = ve;
                            break;
                        case 4:
                            pid = vs;
                            pidE = ve;
                            break;
                        case 5:
                            nameS = vs;
                            nameE = ve;
                            break;
                        case 6:
                            kind = varint(b, { pos: vs }, ve);
                            break;
                        case 7:
                            startP = vs;
                            break;
                        case 8:
                            endP = vs;
                            break;
                        case 9:
                            attrRanges.push(vs, ve);
                            break;
                        case 11:
                            eventRanges.push(vs, ve);
                            break;
                        case 13:
                            linkRanges.push(vs, ve);
                            break;
                        case 15:
                            statusS = vs;
                            statusE = ve;
                            break;
                        case 16:
                            flags = fixed32(b, vs);
                            break;
                    }
                });
                // ---- validate (same rules and reasons as mapSpan)
                if (tid < 0 || tidE - tid !== 16 || allZero(b, tid, tidE))
                    return visit.refused('invalid trace id');
                if (sid < 0 || sidE - sid !== 8 || allZero(b, sid, sidE))
                    return visit.refused('invalid span id');
                const hasParent = pid >= 0 && pidE > pid;
                if (hasParent && pidE - pid !== 8)
                    return visit.refused('invalid parent span id');
                if (startP < 0)
                    return visit.refused('invalid timestamps');
                fixed64HiLo(b, startP, hl, 0);
                if (endP >= 0)
                    fixed64HiLo(b, endP, hl, 2);
                else {
                    hl[2] = 0;
                    hl[3] = 0;
                }
                if (hl[0] === 0 && hl[1] === 0)
                    return visit.refused('invalid timestamps');
                const startNs = fixed64BigInt(b, startP);
                if (startNs >= MAX_START_NS)
                    return visit.refused('invalid timestamps');
                const durationNs = spanDurationNs(hl[1], hl[0], hl[3], hl[2]);
                const k = kind < SPAN_KIND_NAMES.length ? kind : 0;
                // an all-zero parent id is no parent
                const isTx = isTransactionSpan(kind, hasParent && !allZero(b, pid, pidE), flags);
                let statusCode = OTLP_STATUS_CODE.unset;
                let msgS = -1;
                let msgE = -1;
                if (statusS >= 0)
                    fields(b, statusS, statusE, (f3, _w3, s3, e3) => {
                        if (f3 === 2) {
                            msgS = s3;
                            msgE = e3;
                        }
                        else if (f3 === 3)
                            statusCode = varint(b, { pos: s3 }, e3);
                    });
                if (statusCode >= STATUS_CODE_NAMES.length)
                    statusCode = OTLP_STATUS_CODE.unset;
                readHttpColumns(b, attrRanges, http);
                // ---- write the row (column order: SPAN_COLUMNS)
                out.ascii(startNs.toString());
                out.tab();
                out.bytes(b.subarray(tid, tidE));
                out.tab();
                out.bytes(b.subarray(sid, sidE));
                out.tab();
                if (hasParent)
                    out.bytes(b.subarray(pid, pidE));
                out.tab();
                if (tsS >= 0)
                    out.copyTsv(b, tsS, tsE);
                out.tab();
                if (nameS >= 0)
                    out.copyTsv(b, nameS, nameE);
                out.tab();
                out.ascii(SPAN_KIND_NAMES[k]);
                out.tab();
                out.bool(isTx);
                out.tab();
                out.int(durationNs);
                out.tab();
                out.ascii(STATUS_CODE_NAMES[statusCode]);
                out.tab();
                if (msgS >= 0)
                    out.copyTsv(b, msgS, msgE);
                out.tab();
                out.str(http.method);
                out.tab();
                out.str(http.route);
                out.tab();
                out.int(http.statusCode);
                out.tab();
                const typed = writeMap(b, attrRanges, 0, attrRanges.length, out);
                out.tab();
                if (typed === MAP_TYPED_SIMPLE)
                    writeTypeTagsInOrder(b, attrRanges, out);
                else if (typed === MAP_TYPED)
                    writeTypeTags(b, attrRanges, out);
                else
                    out.ascii('{}');
                out.tab();
                if (eventRanges.length === 0)
                    out.ascii('[]\t[]\t[]\t');
                else
                    writeEvents(b, eventRanges, out);
                if (linkRanges.length === 0)
                    out.ascii('[]\t[]\t');
                else
                    writeLinks(b, linkRanges, out);
                if (scopeS >= 0)
                    out.copyTsv(b, scopeS, scopeE);
                tail ??= visit.tail(ctx);
                out.raw(tail);
                rows++;
                const startMs = spanEndMs(hl[1], hl[0], 0);
                const endMs = spanEndMs(hl[1], hl[0], durationNs);
                visit.span(ctx, startMs, endMs, durationNs, isTx, isFailedTransaction(statusCode, http.statusCode));
            });
        });
    });
    return rows;
}
/** Writes a record as Map(String,String): `{'k':'v',...}`. */
function writeRecord(rec, out) {
    out.byte(0x7b);
    let first = true;
    for (const key in rec) {
        if (!first)
            out.byte(0x2c);
        first = false;
        out.quoted(key);
        out.byte(0x3a);
        out.quoted(rec[key]);
    }
    out.byte(0x7d);
}
/** writeMap's answer: only strings; typed values (keys unique, none integer-like); typed values. */
const MAP_STRINGS = 0;
const MAP_TYPED_SIMPLE = 1;
const MAP_TYPED = 2;
/**
 * SpanAttributeTypes when the keys are unique and none is integer-like (a record then keeps them in
 * order): key bytes copied, no strings built. Most spans with an int attribute take this path.
 */
function writeTypeTagsInOrder(b, kvs, out) {
    out.byte(0x7b);
    let first = true;
    for (let i = 0; i < kvs.length; i += 2) {
        let k0 = 0;
        let k1 = 0;
        let tag;
        fields(b, kvs[i], kvs[i + 1], (f, _w, s, e) => {
            if (f === 1) {
                k0 = s;
                k1 = e;
            }
            else if (f === 2)
                tag = typeTagOfBytes(b, s, e);
        });
        if (!tag)
            continue;
        if (!first)
            out.byte(0x2c);
        first = false;
        out.copyQuoted(b, k0, k1);
        out.byte(0x3a);
        out.quoted(tag);
    }
    out.byte(0x7d);
}
/** SpanAttributeTypes from KeyValue ranges: the tags of the non-string values (see attribute-types.ts). */
function writeTypeTags(b, kvs, out) {
    const rec = {};
    for (let i = 0; i < kvs.length; i += 2) {
        let key = '';
        let tag;
        fields(b, kvs[i], kvs[i + 1], (f, _w, s, e) => {
            if (f === 1)
                key = utf8String(b, s, e);
            else if (f === 2)
                tag = typeTagOfBytes(b, s, e);
        });
        if (tag)
            rec[key] = tag;
        else
            delete rec[key];
    }
    writeRecord(rec, out);
}
/**
 * Map(String,String) from KeyValue ranges: `{'k':'v',...}`. Duplicate keys keep the last value at
 * the position of the first (the object path builds a record the same way). Returns whether a
 * value was not a string (then the span has type tags to write), and whether the keys were simple.
 */
function writeMap(b, kvs, from, to, out) {
    const n = (to - from) / 2;
    const ks = new Array(n * 2);
    const vs = new Array(n * 2);
    for (let i = 0; i < n; i++) {
        let k0 = 0;
        let k1 = 0;
        let v0 = -1;
        let v1 = -1;
        fields(b, kvs[from + 2 * i], kvs[from + 2 * i + 1], (f, _w, s, e) => {
            if (f === 1) {
                k0 = s;
                k1 = e;
            }
            else if (f === 2) {
                v0 = s;
                v1 = e;
            }
        });
        ks[2 * i] = k0;
        ks[2 * i + 1] = k1;
        vs[2 * i] = v0;
        vs[2 * i + 1] = v1;
    }
    // a record keeps one entry per key (the last value) and puts integer-like keys first
    let simple = true;
    for (let i = 0; i < n && simple; i++) {
        const a0 = ks[2 * i];
        const a1 = ks[2 * i + 1];
        if (a1 > a0 && b[a0] >= 0x30 && b[a0] <= 0x39)
            simple = false;
        for (let j = 0; j < i && simple; j++) {
            const c0 = ks[2 * j];
            const c1 = ks[2 * j + 1];
            if (c1 - c0 === a1 - a0 && bytesEqual(b, a0, a1, b.subarray(c0, c1)))
                simple = false;
        }
    }
    if (!simple) {
        // rare: build the record like the object path does
        const rec = {};
        let typed = false;
        for (let i = 0; i < n; i++) {
            const key = utf8String(b, ks[2 * i], ks[2 * i + 1]);
            const v0 = vs[2 * i];
            rec[key] = v0 < 0 ? '' : anyValueString(b, v0, vs[2 * i + 1]);
            if (v0 >= 0 && typeTagOfBytes(b, v0, vs[2 * i + 1]))
                typed = true;
        }
        writeRecord(rec, out);
        return typed ? MAP_TYPED : MAP_STRINGS;
    }
    let typed = false;
    out.byte(0x7b);
    for (let i = 0; i < n; i++) {
        if (i > 0)
            out.byte(0x2c);
        out.copyQuoted(b, ks[2 * i], ks[2 * i + 1]);
        out.byte(0x3a);
        const v0 = vs[2 * i];
        const v1 = vs[2 * i + 1];
        if (v0 < 0)
            out.quoted('');
        else {
            // string values are copied byte for byte; others formatted
            let strS = -1;
            let strE = -1;
            let other = false;
            fields(b, v0, v1, (f, _w, s, e) => {
                if (f === 1) {
                    strS = s;
                    strE = e;
                    other = false;
                }
                else
                    other = true;
            });
            if (strS >= 0 && !other)
                out.copyQuoted(b, strS, strE);
            else {
                out.quoted(anyValueString(b, v0, v1));
                if (other)
                    typed = true;
            }
        }
    }
    out.byte(0x7d);
    return typed ? MAP_TYPED_SIMPLE : MAP_STRINGS;
}
function writeEvents(b, ranges, out) {
    const times = [];
    const names = [];
    const attrs = [];
    for (let i = 0; i < ranges.length; i += 2) {
        let t = 0n;
        let n0 = -1;
        let n1 = -1;
        const a = [];
        fields(b, ranges[i], ranges[i + 1], (f, _w, s, e) => {
            if (f === 1)
                t = fixed64BigInt(b, s);
            else if (f === 2) {
                n0 = s;
                n1 = e;
            }
            else if (f === 3)
                a.push(s, e);
        });
        times.push(t.toString());
        names.push([n0, n1]);
        attrs.push(a);
    }
    out.byte(0x5b);
    times.forEach((t, i) => {
        if (i > 0)
            out.byte(0x2c);
        out.ascii(t);
    });
    out.ascii(']\t[');
    names.forEach(([s, e], i) => {
        if (i > 0)
            out.byte(0x2c);
        if (s < 0)
            out.quoted('');
        else
            out.copyQuoted(b, s, e);
    });
    out.ascii(']\t[');
    attrs.forEach((a, i) => {
        if (i > 0)
            out.byte(0x2c);
        writeMap(b, a, 0, a.length, out);
    });
    out.ascii(']\t');
}
function writeLinks(b, ranges, out) {
    const tids = [];
    const sids = [];
    for (let i = 0; i < ranges.length; i += 2) {
        let t;
        let s;
        fields(b, ranges[i], ranges[i + 1], (f, _w, vs, ve) => {
            if (f === 1)
                t = b.subarray(vs, ve);
            else if (f === 2)
                s = b.subarray(vs, ve);
        });
        if (t?.length === 16 && s?.length === 8) {
            tids.push(t);
            sids.push(s);
        }
    }
    out.byte(0x5b);
    tids.forEach((t, i) => {
        if (i > 0)
            out.byte(0x2c);
        out.quotedBytes(t);
    });
    out.ascii(']\t[');
    sids.forEach((s, i) => {
        if (i > 0)
            out.byte(0x2c);
        out.quotedBytes(s);
    });
    out.ascii(']\t');
}
//# sourceMappingURL=traces-transcoder.js.map