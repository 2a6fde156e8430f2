/**
 * OTLP protobuf ExportTraceServiceRequest -> spans TSV rows, without building JS objects.
 *
 * The object path (protobufjs decode -> mapSpan -> writeSpanRow) allocates an object per span,
 * per attribute and per string; at 50k spans/s that, and the garbage it leaves, is most of the
 * collector's CPU. This transcoder walks the wire format directly: string bytes are copied from
 * the record into the insert buffer (UTF-8 in, UTF-8 out, only the TSV/quote special ASCII bytes
 * escaped), ids are copied raw, and only what drives logic is decoded (kind, parent, flags,
 * timestamps, status, the three HTTP attributes, the resource identity).
 *
 * It produces byte-for-byte the rows the object path produces (tested on randomized requests),
 * and it validates the whole structure first (`scanTraces`), so a malformed record is refused
 * before any row of it is written.
 */
import type { PodIdentity, ResourceContext } from './identity.js';
import { contextFromAttributes } from './identity.js';

export class WireError extends Error {}

const utf8 = new TextDecoder('utf-8');

// ---- low-level reader -------------------------------------------------------------------------

/** Reads a varint at `pos`; returns the value (exact below 2^53) and sets `r.pos`. */
function varint(b: Uint8Array, r: { pos: number }, end: number): number {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= end) throw new WireError('truncated varint');
    const x = b[r.pos++] as number;
    v += (x & 0x7f) * mul;
    if (x < 0x80) return v;
    mul *= 128;
  }
  throw new WireError('varint too long');
}

/** int64 varint as a decimal string (two's complement for negatives). */
function int64String(b: Uint8Array, start: number, end: number): string {
  let v = 0n;
  let shift = 0n;
  for (let p = start; p < end; p++) {
    const x = b[p] as number;
    v |= BigInt(x & 0x7f) << shift;
    if (x < 0x80) break;
    shift += 7n;
  }
  v &= 0xffffffffffffffffn;
  if (v >= 0x8000000000000000n) v -= 0x10000000000000000n;
  return v.toString();
}

function fixed64BigInt(b: Uint8Array, p: number): bigint {
  const lo =
    ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>>
    0;
  const hi =
    ((b[p + 4] as number) |
      ((b[p + 5] as number) << 8) |
      ((b[p + 6] as number) << 16) |
      ((b[p + 7] as number) << 24)) >>>
    0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function fixed64HiLo(b: Uint8Array, p: number, out: number[], at: number): void {
  out[at] =
    ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>>
    0;
  out[at + 1] =
    ((b[p + 4] as number) |
      ((b[p + 5] as number) << 8) |
      ((b[p + 6] as number) << 16) |
      ((b[p + 7] as number) << 24)) >>>
    0;
}

function fixed32(b: Uint8Array, p: number): number {
  return (
    ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0
  );
}

function double(b: Uint8Array, p: number): number {
  return new DataView(b.buffer, b.byteOffset + p, 8).getFloat64(0, true);
}

/**
 * Iterates fields of the message in [start, end). Calls `f(field, wire, valueStart, valueEnd)`;
 * for varints valueStart..valueEnd spans the varint bytes, for LEN the payload.
 */
function fields(
  b: Uint8Array,
  start: number,
  end: number,
  f: (field: number, wire: number, vs: number, ve: number) => void,
): void {
  const r = { pos: start };
  while (r.pos < end) {
    const key = varint(b, r, end);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field === 0) throw new WireError('field number 0');
    const vs = r.pos;
    switch (wire) {
      case 0:
        varint(b, r, end);
        f(field, wire, vs, r.pos);
        break;
      case 1:
        if (r.pos + 8 > end) throw new WireError('truncated fixed64');
        r.pos += 8;
        f(field, wire, vs, r.pos);
        break;
      case 2: {
        const len = varint(b, r, end);
        const s = r.pos;
        if (s + len > end) throw new WireError(`index out of range: ${s} + ${len} > ${end}`);
        r.pos = s + len;
        f(field, wire, s, r.pos);
        break;
      }
      case 5:
        if (r.pos + 4 > end) throw new WireError('truncated fixed32');
        r.pos += 4;
        f(field, wire, vs, r.pos);
        break;
      default:
        throw new WireError(`invalid wire type ${wire} at offset ${vs - 1}`);
    }
  }
}

function expect(wire: number, want: number, what: string): void {
  if (wire !== want) throw new WireError(`${what}: wire type ${wire}, expected ${want}`);
}

// ---- structural validation ----------------------------------------------------------------------

function scanAnyValue(b: Uint8Array, s: number, e: number, depth: number): void {
  if (depth > 32) throw new WireError('AnyValue nested too deep');
  fields(b, s, e, (f, w, vs, ve) => {
    if (f === 1 || f === 7) expect(w, 2, 'AnyValue string/bytes');
    else if (f === 2 || f === 3) expect(w, 0, 'AnyValue bool/int');
    else if (f === 4) expect(w, 1, 'AnyValue double');
    else if (f === 5) {
      expect(w, 2, 'AnyValue array');
      fields(b, vs, ve, (f2, w2, s2, e2) => {
        if (f2 === 1) {
          expect(w2, 2, 'ArrayValue.values');
          scanAnyValue(b, s2, e2, depth + 1);
        }
      });
    } else if (f === 6) {
      expect(w, 2, 'AnyValue kvlist');
      fields(b, vs, ve, (f2, w2, s2, e2) => {
        if (f2 === 1) {
          expect(w2, 2, 'KeyValueList.values');
          scanKeyValue(b, s2, e2, depth + 1);
        }
      });
    }
  });
}

function scanKeyValue(b: Uint8Array, s: number, e: number, depth = 0): void {
  fields(b, s, e, (f, w, vs, ve) => {
    if (f === 1) expect(w, 2, 'KeyValue.key');
    else if (f === 2) {
      expect(w, 2, 'KeyValue.value');
      scanAnyValue(b, vs, ve, depth);
    }
  });
}

function scanAttributesOwner(b: Uint8Array, s: number, e: number, attrField: number, what: string): void {
  fields(b, s, e, (f, w, vs, ve) => {
    if (f === attrField) {
      expect(w, 2, `${what}.attributes`);
      scanKeyValue(b, vs, ve);
    }
  });
}

function scanSpan(b: Uint8Array, s: number, e: number): void {
  fields(b, s, e, (f, w, vs, ve) => {
    switch (f) {
      case 1:
      case 2:
      case 3:
      case 4:
      case 5:
        expect(w, 2, 'Span bytes/string');
        break;
      case 6:
      case 10:
      case 12:
      case 14:
        expect(w, 0, 'Span varint');
        break;
      case 7:
      case 8:
        expect(w, 1, 'Span time');
        break;
      case 9:
        expect(w, 2, 'Span.attributes');
        scanKeyValue(b, vs, ve);
        break;
      case 11:
        expect(w, 2, 'Span.events');
        fields(b, vs, ve, (f2, w2, s2, e2) => {
          if (f2 === 1) expect(w2, 1, 'Event.time');
          else if (f2 === 2) expect(w2, 2, 'Event.name');
          else if (f2 === 3) {
            expect(w2, 2, 'Event.attributes');
            scanKeyValue(b, s2, e2);
          }
        });
        break;
      case 13:
        expect(w, 2, 'Span.links');
        fields(b, vs, ve, (f2, w2, s2, e2) => {
          if (f2 === 1 || f2 === 2 || f2 === 3) expect(w2, 2, 'Link bytes');
          else if (f2 === 4) {
            expect(w2, 2, 'Link.attributes');
            scanKeyValue(b, s2, e2);
          }
        });
        break;
      case 15:
        expect(w, 2, 'Span.status');
        fields(b, vs, ve, (f2, w2) => {
          if (f2 === 2) expect(w2, 2, 'Status.message');
          else if (f2 === 3) expect(w2, 0, 'Status.code');
        });
        break;
      case 16:
        expect(w, 5, 'Span.flags');
        break;
    }
  });
}

/**
 * Validates the structure of an ExportTraceServiceRequest (every nested message, wire types,
 * lengths) and counts its spans. Throws WireError on malformed input.
 */
export function scanTraces(b: Uint8Array): { spans: number; resources: number } {
  let spans = 0;
  let resources = 0;
  fields(b, 0, b.length, (f, w, vs, ve) => {
    if (f !== 1) return;
    expect(w, 2, 'resource_spans');
    resources++;
    fields(b, vs, ve, (f1, w1, s1, e1) => {
      if (f1 === 1) {
        expect(w1, 2, 'ResourceSpans.resource');
        scanAttributesOwner(b, s1, e1, 1, 'Resource');
      } else if (f1 === 2) {
        expect(w1, 2, 'ResourceSpans.scope_spans');
        fields(b, s1, e1, (f2, w2, s2, e2) => {
          if (f2 === 1) {
            expect(w2, 2, 'ScopeSpans.scope');
            fields(b, s2, e2, (f3, w3, s3, e3) => {
              if (f3 === 1 || f3 === 2) expect(w3, 2, 'InstrumentationScope name/version');
              else if (f3 === 3) {
                expect(w3, 2, 'InstrumentationScope.attributes');
                scanKeyValue(b, s3, e3);
              }
            });
          } else if (f2 === 2) {
            expect(w2, 2, 'ScopeSpans.spans');
            scanSpan(b, s2, e2);
            spans++;
          }
        });
      }
    });
  });
  return { spans, resources };
}

// ---- value formatting (object-path compatible) -----------------------------------------------

/** AnyValue as the string stored in Map(String, String) columns (same rules as anyValueToString). */
export function anyValueString(b: Uint8Array, s: number, e: number): string {
  let out = '';
  fields(b, s, e, (f, _w, vs, ve) => {
    switch (f) {
      case 1:
        out = utf8.decode(b.subarray(vs, ve));
        break;
      case 2:
        out = String(varint(b, { pos: vs }, ve) !== 0);
        break;
      case 3:
        out = int64String(b, vs, ve);
        break;
      case 4:
        out = String(double(b, vs));
        break;
      case 5: {
        const items: string[] = [];
        fields(b, vs, ve, (f2, _w2, s2, e2) => {
          if (f2 === 1) items.push(anyValueString(b, s2, e2));
        });
        out = JSON.stringify(items);
        break;
      }
      case 6:
        out = JSON.stringify(keyValuesRecord(b, vs, ve, 1));
        break;
      case 7:
        out = Buffer.from(b.buffer, b.byteOffset + vs, ve - vs).toString('base64');
        break;
    }
  });
  return out;
}

function keyValuesRecord(b: Uint8Array, s: number, e: number, field: number): Record<string, string> {
  const rec: Record<string, string> = {};
  fields(b, s, e, (f, _w, vs, ve) => {
    if (f !== field) return;
    let key = '';
    let value = '';
    fields(b, vs, ve, (f2, _w2, s2, e2) => {
      if (f2 === 1) key = utf8.decode(b.subarray(s2, e2));
      else if (f2 === 2) value = anyValueString(b, s2, e2);
    });
    rec[key] = value;
  });
  return rec;
}

/** Resource attributes of a ResourceSpans, as a record. */
function resourceAttributes(b: Uint8Array, s: number, e: number): Record<string, string> {
  return keyValuesRecord(b, s, e, 1);
}

// ---- output -----------------------------------------------------------------------------------

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

export const SPAN_KIND_NAMES = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
const STATUS_NAMES = ['Unset', 'Ok', 'Error'];

const enc = new TextEncoder();
const K_METHOD_NEW = enc.encode('http.request.method');
const K_METHOD_OLD = enc.encode('http.method');
const K_ROUTE = enc.encode('http.route');
const K_STATUS_NEW = enc.encode('http.response.status_code');
const K_STATUS_OLD = enc.encode('http.status_code');

function keyIs(b: Uint8Array, s: number, e: number, k: Uint8Array): boolean {
  if (e - s !== k.length) return false;
  for (let i = 0; i < k.length; i++) if (b[s + i] !== k[i]) return false;
  return true;
}

function allZero(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (b[i] !== 0) return false;
  return true;
}

/** What the caller accumulates per stored span (live aggregates, last seen). */
export interface SpanVisitor {
  /** a span was written; endMs for last-seen/live buckets */
  span(ctx: ResourceContext, endMs: number, durationNs: number, isTransaction: boolean, error: boolean): void;
  /** a span was refused */
  refused(reason: string): void;
  /** the per-resource tail (identity columns + per-span resource map), encoded once */
  tail(ctx: ResourceContext): Buffer;
}

const MAX_START_NS = 9_000_000_000_000_000_000n;

/**
 * Writes one TSV row per valid span of a validated request (call scanTraces first).
 * Returns the number of rows written.
 */
export function transcodeTraces(b: Uint8Array, out: ByteSink, visit: SpanVisitor): number {
  let rows = 0;
  const hl: number[] = [0, 0, 0, 0];
  fields(b, 0, b.length, (f, _w, rs, re) => {
    if (f !== 1) return;
    // resource first (it may come after the scope spans on the wire)
    let attrs: Record<string, string> = {};
    fields(b, rs, re, (f1, _w1, s1, e1) => {
      if (f1 === 1) attrs = resourceAttributes(b, s1, e1);
    });
    const ctx = contextFromAttributes(attrs);
    let tail: Buffer | undefined;
    fields(b, rs, re, (f1, _w1, ss, se) => {
      if (f1 !== 2) return;
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
        if (f2 !== 2) return;
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
        let flags: number | undefined;
        const attrRanges: number[] = [];
        const eventRanges: number[] = [];
        const linkRanges: number[] = [];
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
        if (tid < 0 || tidE - tid !== 16 || allZero(b, tid, tidE)) return visit.refused('invalid trace id');
        if (sid < 0 || sidE - sid !== 8 || allZero(b, sid, sidE)) return visit.refused('invalid span id');
        const hasParent = pid >= 0 && pidE > pid;
        if (hasParent && pidE - pid !== 8) return visit.refused('invalid parent span id');
        if (startP < 0) return visit.refused('invalid timestamps');
        fixed64HiLo(b, startP, hl, 0);
        if (endP >= 0) fixed64HiLo(b, endP, hl, 2);
        else {
          hl[2] = 0;
          hl[3] = 0;
        }
        if (hl[0] === 0 && hl[1] === 0) return visit.refused('invalid timestamps');
        const startNs = fixed64BigInt(b, startP);
        if (startNs >= MAX_START_NS) return visit.refused('invalid timestamps');
        let durationNs = ((hl[3] as number) - (hl[1] as number)) * 4294967296 + ((hl[2] as number) - (hl[0] as number));
        if (!Number.isFinite(durationNs) || durationNs < 0) durationNs = 0;
        const k = kind >= 0 && kind <= 5 ? kind : 0;
        // transaction rule (isTransactionSpan)
        const noParent = !hasParent || allZero(b, pid, pidE);
        const remote = flags !== undefined && (flags & 0x100) !== 0 && (flags & 0x200) !== 0;
        const isTx =
          kind === 2 || (kind === 5 ? noParent || remote : kind === 1 || kind === 0 ? !noParent && remote : false);
        let statusCode = 0;
        let msgS = -1;
        let msgE = -1;
        if (statusS >= 0)
          fields(b, statusS, statusE, (f3, _w3, s3, e3) => {
            if (f3 === 2) {
              msgS = s3;
              msgE = e3;
            } else if (f3 === 3) statusCode = varint(b, { pos: s3 }, e3);
          });
        if (statusCode < 0 || statusCode > 2) statusCode = 0;
        // HTTP attributes (new semantic conventions win over old; last occurrence wins)
        let mNew = -1;
        let mNewE = -1;
        let mOld = -1;
        let mOldE = -1;
        let route = -1;
        let routeE = -1;
        let scNew = -1;
        let scNewE = -1;
        let scOld = -1;
        let scOldE = -1;
        for (let i = 0; i < attrRanges.length; i += 2) {
          let ks = -1;
          let ke = -1;
          let vs2 = -2;
          let ve2 = -2;
          fields(b, attrRanges[i] as number, attrRanges[i + 1] as number, (fk, _wk, s3, e3) => {
            if (fk === 1) {
              ks = s3;
              ke = e3;
            } else if (fk === 2) {
              vs2 = s3;
              ve2 = e3;
            }
          });
          if (ks < 0) ks = ke = 0;
          if (vs2 === -2) vs2 = ve2 = 0; // absent value: ''
          if (keyIs(b, ks, ke, K_METHOD_NEW)) [mNew, mNewE] = [vs2, ve2];
          else if (keyIs(b, ks, ke, K_METHOD_OLD)) [mOld, mOldE] = [vs2, ve2];
          else if (keyIs(b, ks, ke, K_ROUTE)) [route, routeE] = [vs2, ve2];
          else if (keyIs(b, ks, ke, K_STATUS_NEW)) [scNew, scNewE] = [vs2, ve2];
          else if (keyIs(b, ks, ke, K_STATUS_OLD)) [scOld, scOldE] = [vs2, ve2];
        }
        const method = mNew >= 0 ? anyValueString(b, mNew, mNewE) : mOld >= 0 ? anyValueString(b, mOld, mOldE) : '';
        const routeStr = route >= 0 ? anyValueString(b, route, routeE) : '';
        const scStr =
          scNew >= 0 ? anyValueString(b, scNew, scNewE) : scOld >= 0 ? anyValueString(b, scOld, scOldE) : undefined;
        let httpStatus = 0;
        if (scStr !== undefined) {
          const n = Number(scStr);
          httpStatus = Number.isFinite(n) && n >= 0 && n <= 65535 ? Math.trunc(n) : 0;
        }

        // ---- write the row (column order: SPAN_COLUMNS)
        out.ascii(startNs.toString());
        out.tab();
        out.bytes(b.subarray(tid, tidE));
        out.tab();
        out.bytes(b.subarray(sid, sidE));
        out.tab();
        if (hasParent) out.bytes(b.subarray(pid, pidE));
        out.tab();
        if (tsS >= 0) out.copyTsv(b, tsS, tsE);
        out.tab();
        if (nameS >= 0) out.copyTsv(b, nameS, nameE);
        out.tab();
        out.ascii(SPAN_KIND_NAMES[k] as string);
        out.tab();
        out.bool(isTx);
        out.tab();
        out.int(durationNs);
        out.tab();
        out.ascii(STATUS_NAMES[statusCode] as string);
        out.tab();
        if (msgS >= 0) out.copyTsv(b, msgS, msgE);
        out.tab();
        out.str(method);
        out.tab();
        out.str(routeStr);
        out.tab();
        out.int(httpStatus);
        out.tab();
        writeMap(b, attrRanges, 0, attrRanges.length, out);
        out.tab();
        if (eventRanges.length === 0) out.ascii('[]\t[]\t[]\t');
        else writeEvents(b, eventRanges, out);
        if (linkRanges.length === 0) out.ascii('[]\t[]\t');
        else writeLinks(b, linkRanges, out);
        if (scopeS >= 0) out.copyTsv(b, scopeS, scopeE);
        tail ??= visit.tail(ctx);
        out.raw(tail);
        rows++;
        const startMs = Number(startNs / 1000n) / 1000;
        visit.span(ctx, startMs + durationNs / 1e6, durationNs, isTx, statusCode === 2 || httpStatus >= 500);
      });
    });
  });
  return rows;
}

/**
 * Map(String,String) from KeyValue ranges: `{'k':'v',...}`. Duplicate keys keep the last value at
 * the position of the first (the object path builds a record the same way).
 */
function writeMap(b: Uint8Array, kvs: number[], from: number, to: number, out: ByteSink): void {
  const n = (to - from) / 2;
  const ks: number[] = new Array(n * 2);
  const vs: number[] = new Array(n * 2);
  for (let i = 0; i < n; i++) {
    let k0 = 0;
    let k1 = 0;
    let v0 = -1;
    let v1 = -1;
    fields(b, kvs[from + 2 * i] as number, kvs[from + 2 * i + 1] as number, (f, _w, s, e) => {
      if (f === 1) {
        k0 = s;
        k1 = e;
      } else if (f === 2) {
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
    const a0 = ks[2 * i] as number;
    const a1 = ks[2 * i + 1] as number;
    if (a1 > a0 && (b[a0] as number) >= 0x30 && (b[a0] as number) <= 0x39) simple = false;
    for (let j = 0; j < i && simple; j++) {
      const c0 = ks[2 * j] as number;
      const c1 = ks[2 * j + 1] as number;
      if (c1 - c0 === a1 - a0 && keyIs(b, a0, a1, b.subarray(c0, c1))) simple = false;
    }
  }
  if (!simple) {
    // rare: build the record like the object path does
    const rec: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      const key = utf8.decode(b.subarray(ks[2 * i] as number, ks[2 * i + 1] as number));
      const v0 = vs[2 * i] as number;
      rec[key] = v0 < 0 ? '' : anyValueString(b, v0, vs[2 * i + 1] as number);
    }
    out.byte(0x7b);
    let first = true;
    for (const key in rec) {
      if (!first) out.byte(0x2c);
      first = false;
      out.quoted(key);
      out.byte(0x3a);
      out.quoted(rec[key] as string);
    }
    out.byte(0x7d);
    return;
  }
  out.byte(0x7b);
  for (let i = 0; i < n; i++) {
    if (i > 0) out.byte(0x2c);
    out.copyQuoted(b, ks[2 * i] as number, ks[2 * i + 1] as number);
    out.byte(0x3a);
    const v0 = vs[2 * i] as number;
    const v1 = vs[2 * i + 1] as number;
    if (v0 < 0) out.quoted('');
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
        } else other = true;
      });
      if (strS >= 0 && !other) out.copyQuoted(b, strS, strE);
      else out.quoted(anyValueString(b, v0, v1));
    }
  }
  out.byte(0x7d);
}

function writeEvents(b: Uint8Array, ranges: number[], out: ByteSink): void {
  const times: string[] = [];
  const names: [number, number][] = [];
  const attrs: number[][] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    let t = 0n;
    let n0 = -1;
    let n1 = -1;
    const a: number[] = [];
    fields(b, ranges[i] as number, ranges[i + 1] as number, (f, _w, s, e) => {
      if (f === 1) t = fixed64BigInt(b, s);
      else if (f === 2) {
        n0 = s;
        n1 = e;
      } else if (f === 3) a.push(s, e);
    });
    times.push(t.toString());
    names.push([n0, n1]);
    attrs.push(a);
  }
  out.byte(0x5b);
  times.forEach((t, i) => {
    if (i > 0) out.byte(0x2c);
    out.ascii(t);
  });
  out.ascii(']\t[');
  names.forEach(([s, e], i) => {
    if (i > 0) out.byte(0x2c);
    if (s < 0) out.quoted('');
    else out.copyQuoted(b, s, e);
  });
  out.ascii(']\t[');
  attrs.forEach((a, i) => {
    if (i > 0) out.byte(0x2c);
    writeMap(b, a, 0, a.length, out);
  });
  out.ascii(']\t');
}

function writeLinks(b: Uint8Array, ranges: number[], out: ByteSink): void {
  const tids: Uint8Array[] = [];
  const sids: Uint8Array[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    let t: Uint8Array | undefined;
    let s: Uint8Array | undefined;
    fields(b, ranges[i] as number, ranges[i + 1] as number, (f, _w, vs, ve) => {
      if (f === 1) t = b.subarray(vs, ve);
      else if (f === 2) s = b.subarray(vs, ve);
    });
    if (t?.length === 16 && s?.length === 8) {
      tids.push(t);
      sids.push(s);
    }
  }
  out.byte(0x5b);
  tids.forEach((t, i) => {
    if (i > 0) out.byte(0x2c);
    out.quotedBytes(t);
  });
  out.ascii(']\t[');
  sids.forEach((s, i) => {
    if (i > 0) out.byte(0x2c);
    out.quotedBytes(s);
  });
  out.ascii(']\t');
}

export type { PodIdentity };
