import type { HrTime, Link, SpanStatus } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

/**
 * OTLP protobuf for spans, written one span at a time as each span ends.
 *
 * The stock serializer needs the whole batch of `ReadableSpan` objects at once, so a batch of 512
 * spans keeps 512 span objects (attributes, contexts, closures: a few KB each) alive until it is
 * sent. Objects that outlive a few young-generation collections make V8 grow its new space up to
 * its maximum (2 × 16 MB on 64-bit Node 20) and promote the rest to the old generation: under load
 * that was most of the agent's added memory. Here each span is encoded into a reusable off-heap
 * byte buffer (about 300 bytes a span) the moment it ends, and the span object dies young.
 *
 * The bytes are the same as `ProtobufTraceSerializer.serializeRequest` writes for the same spans
 * (same field order and defaults; tested byte for byte).
 */

const MIN_I64 = -(2 ** 63);
const MAX_I64 = 2 ** 63;
const SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE = 0x100;
const SPAN_FLAGS_CONTEXT_IS_REMOTE = 0x200;

/** Growable little protobuf writer over one reused Buffer. */
export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(initial = 16 * 1024) {
    this.buf = Buffer.allocUnsafeSlow(initial);
  }

  reset(maxKeep: number): void {
    this.pos = 0;
    // a rare huge batch must not pin its buffer forever
    if (this.buf.length > maxKeep) this.buf = Buffer.allocUnsafeSlow(maxKeep);
  }

  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafeSlow(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    if (value >= 0 && value <= 0xffffffff) {
      let v = value >>> 0;
      while (v > 0x7f) {
        buf[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      buf[this.pos++] = v;
      return;
    }
    let low: number;
    let high: number;
    if (value >= 0) {
      low = value >>> 0;
      high = (value / 0x100000000) >>> 0;
    } else {
      const abs = Math.abs(value);
      low = ~(abs >>> 0) >>> 0;
      high = ~((abs / 0x100000000) >>> 0) >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    while (high > 0 || low > 0x7f) {
      buf[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buf[this.pos++] = low & 0x7f;
  }

  tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  string(s: string): void {
    const len = s.length;
    let ascii = true;
    for (let i = 0; i < len; i++) {
      if (s.charCodeAt(i) > 127) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      this.varint(len);
      this.ensure(len);
      const buf = this.buf;
      for (let i = 0; i < len; i++) buf[this.pos++] = s.charCodeAt(i);
      return;
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.varint(n);
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos, n, 'utf8');
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** hex id (trace/span id) as bytes, without an intermediate array */
  hexBytes(hex: string): void {
    const n = hex.length >>> 1;
    this.varint(n);
    this.ensure(n);
    const k = this.buf.write(hex, this.pos, n, 'hex');
    if (k < n) this.buf.fill(0, this.pos + k, this.pos + n);
    this.pos += n;
  }

  fixed32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }

  double(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /** HrTime as fixed64 nanoseconds (exact, no BigInt) */
  hrTime(t: HrTime): void {
    const seconds = t[0];
    const nanos = t[1];
    const lo16 = (seconds & 0xffff) * 1e9;
    const hi = ((seconds / 0x10000) >>> 0) * 1e9;
    const low = (lo16 >>> 0) + ((((hi & 0xffff) * 0x10000) >>> 0) >>> 0) + nanos;
    const high = (Math.floor(lo16 / 0x100000000) + ((hi / 0x10000) >>> 0) + Math.floor(low / 0x100000000)) >>> 0;
    this.ensure(8);
    this.buf.writeUInt32LE(low >>> 0, this.pos);
    this.buf.writeUInt32LE(high, this.pos + 4);
    this.pos += 8;
  }

  /** Reserves one byte for a length; finish with end(start). */
  start(): number {
    this.ensure(1);
    return this.pos++;
  }

  end(start: number): void {
    const len = this.pos - start - 1;
    const size = len < 0x80 ? 1 : len < 0x4000 ? 2 : len < 0x200000 ? 3 : len < 0x10000000 ? 4 : 5;
    if (size > 1) {
      this.ensure(size - 1);
      this.buf.copyWithin(start + size, start + 1, this.pos);
      this.pos += size - 1;
    }
    let v = len;
    let p = start;
    while (v > 0x7f) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p] = v;
  }

  /** copies the raw bytes of another writer */
  append(other: ByteWriter): void {
    this.ensure(other.pos);
    other.buf.copy(this.buf, this.pos, 0, other.pos);
    this.pos += other.pos;
  }
}

type AttrValue = unknown;

function anyValue(w: ByteWriter, value: AttrValue): void {
  const t = typeof value;
  if (t === 'string') {
    w.tag(1, 2);
    w.string(value as string);
  } else if (t === 'boolean') {
    w.tag(2, 0);
    w.varint(value ? 1 : 0);
  } else if (t === 'number') {
    const n = value as number;
    if (Number.isInteger(n) && n >= MIN_I64 && n < MAX_I64) {
      w.tag(3, 0);
      w.varint(n);
    } else {
      w.tag(4, 1);
      w.double(n);
    }
  } else if (value instanceof Uint8Array) {
    w.tag(7, 2);
    w.bytes(value);
  } else if (Array.isArray(value)) {
    w.tag(5, 2);
    const s = w.start();
    for (const item of value) {
      w.tag(1, 2);
      const is = w.start();
      anyValue(w, item);
      w.end(is);
    }
    w.end(s);
  } else if (t === 'object' && value != null) {
    w.tag(6, 2);
    const s = w.start();
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      if (!Object.hasOwn(obj, k)) continue;
      w.tag(1, 2);
      keyValue(w, k, obj[k]);
    }
    w.end(s);
  }
}

/** KeyValue message body, length-prefixed (the caller wrote the tag) */
function keyValue(w: ByteWriter, key: string, value: AttrValue): void {
  const s = w.start();
  w.tag(1, 2);
  w.string(key);
  w.tag(2, 2);
  const vs = w.start();
  anyValue(w, value);
  w.end(vs);
  w.end(s);
}

function attributes(w: ByteWriter, attrs: Record<string, unknown> | undefined, field: number): void {
  if (!attrs) return;
  for (const k in attrs) {
    if (!Object.hasOwn(attrs, k)) continue;
    w.tag(field, 2);
    keyValue(w, k, attrs[k]);
  }
}

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  let flags = (traceFlags & 0xff) | SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE;
  if (isRemote) flags |= SPAN_FLAGS_CONTEXT_IS_REMOTE;
  return flags;
}

function event(w: ByteWriter, e: TimedEvent): void {
  const s = w.start();
  w.tag(1, 1);
  w.hrTime(e.time);
  w.tag(2, 2);
  w.string(e.name);
  attributes(w, e.attributes, 3);
  w.tag(4, 0);
  w.varint(e.droppedAttributesCount || 0);
  w.end(s);
}

function link(w: ByteWriter, l: Link): void {
  const s = w.start();
  const c = l.context;
  w.tag(1, 2);
  w.hexBytes(c.traceId);
  w.tag(2, 2);
  w.hexBytes(c.spanId);
  const ts = c.traceState?.serialize();
  if (ts) {
    w.tag(3, 2);
    w.string(ts);
  }
  attributes(w, l.attributes, 4);
  w.tag(5, 0);
  w.varint(l.droppedAttributesCount || 0);
  w.tag(6, 5);
  w.fixed32(spanFlags(c.traceFlags, c.isRemote));
  w.end(s);
}

function status(w: ByteWriter, st: SpanStatus): void {
  const s = w.start();
  if (st.message) {
    w.tag(2, 2);
    w.string(st.message);
  }
  w.tag(3, 0);
  w.varint(st.code);
  w.end(s);
}

/** Writes `spans` (field 2 of ScopeSpans): tag, length and the Span message. */
export function writeSpan(w: ByteWriter, span: ReadableSpan): void {
  w.tag(2, 2);
  const s = w.start();
  const ctx = span.spanContext();
  w.tag(1, 2);
  w.hexBytes(ctx.traceId);
  w.tag(2, 2);
  w.hexBytes(ctx.spanId);
  const ts = ctx.traceState?.serialize();
  if (ts) {
    w.tag(3, 2);
    w.string(ts);
  }
  const parent = span.parentSpanContext;
  if (parent?.spanId) {
    w.tag(4, 2);
    w.hexBytes(parent.spanId);
  }
  w.tag(5, 2);
  w.string(span.name);
  const kind = span.kind == null ? 0 : span.kind + 1;
  if (kind !== 0) {
    w.tag(6, 0);
    w.varint(kind);
  }
  w.tag(7, 1);
  w.hrTime(span.startTime);
  w.tag(8, 1);
  w.hrTime(span.endTime);
  attributes(w, span.attributes, 9);
  w.tag(10, 0);
  w.varint(span.droppedAttributesCount);
  for (const e of span.events) {
    w.tag(11, 2);
    event(w, e);
  }
  w.tag(12, 0);
  w.varint(span.droppedEventsCount);
  for (const l of span.links) {
    w.tag(13, 2);
    link(w, l);
  }
  w.tag(14, 0);
  w.varint(span.droppedLinksCount);
  w.tag(15, 2);
  status(w, span.status);
  w.tag(16, 5);
  w.fixed32(spanFlags(ctx.traceFlags, parent?.isRemote));
  w.end(s);
}

interface ScopeBatch {
  scope: InstrumentationScope;
  spans: ByteWriter;
  count: number;
}

interface ResourceBatch {
  resource: Resource;
  scopes: Map<InstrumentationScope, ScopeBatch>;
}

/** buffers larger than this are given back after their batch */
const KEEP_BYTES = 1024 * 1024;

/**
 * Spans encoded as they end, grouped by resource and scope, assembled into one
 * `ExportTraceServiceRequest` at the end of the batch. Buffers are reused from batch to batch.
 */
export class SpanBatchEncoder {
  private readonly resources = new Map<Resource, ResourceBatch>();
  private readonly out = new ByteWriter(64 * 1024);
  /** spans in the current batch */
  count = 0;
  /** encoded bytes in the current batch */
  bytes = 0;

  /** Encodes one span into the batch; a span that cannot be encoded is left out (returns false). */
  add(span: ReadableSpan): boolean {
    let rb = this.resources.get(span.resource);
    if (!rb) {
      rb = { resource: span.resource, scopes: new Map() };
      this.resources.set(span.resource, rb);
    }
    let sb = rb.scopes.get(span.instrumentationScope);
    if (!sb) {
      sb = { scope: span.instrumentationScope, spans: new ByteWriter(), count: 0 };
      rb.scopes.set(span.instrumentationScope, sb);
    }
    const w = sb.spans;
    const before = w.pos;
    try {
      writeSpan(w, span);
    } catch {
      w.pos = before;
      return false;
    }
    sb.count++;
    this.count++;
    this.bytes += w.pos - before;
    return true;
  }

  /** The batch as one serialized request (a copy the caller owns); the encoder starts a new batch. */
  finish(): Uint8Array | undefined {
    if (this.count === 0) return undefined;
    const w = this.out;
    for (const rb of this.resources.values()) {
      let any = false;
      for (const sb of rb.scopes.values()) if (sb.count > 0) any = true;
      if (!any) continue;
      w.tag(1, 2);
      const rs = w.start();
      w.tag(1, 2);
      const r = w.start();
      attributes(w, rb.resource.attributes as Record<string, unknown>, 1);
      w.tag(2, 0);
      w.varint(0);
      w.end(r);
      for (const sb of rb.scopes.values()) {
        if (sb.count === 0) continue;
        w.tag(2, 2);
        const ss = w.start();
        const scope = sb.scope as InstrumentationScope & {
          attributes?: Record<string, unknown>;
          droppedAttributesCount?: number;
        };
        w.tag(1, 2);
        const sc = w.start();
        w.tag(1, 2);
        w.string(scope.name);
        if (scope.version) {
          w.tag(2, 2);
          w.string(scope.version);
        }
        attributes(w, scope.attributes, 3);
        if (scope.droppedAttributesCount) {
          w.tag(4, 0);
          w.varint(scope.droppedAttributesCount);
        }
        w.end(sc);
        w.append(sb.spans);
        if (scope.schemaUrl) {
          w.tag(3, 2);
          w.string(scope.schemaUrl);
        }
        w.end(ss);
        sb.count = 0;
        sb.spans.reset(KEEP_BYTES);
      }
      if (rb.resource.schemaUrl) {
        w.tag(3, 2);
        w.string(rb.resource.schemaUrl);
      }
      w.end(rs);
    }
    const value = new Uint8Array(w.pos);
    value.set(w.buf.subarray(0, w.pos));
    w.reset(4 * KEEP_BYTES);
    this.count = 0;
    this.bytes = 0;
    return value;
  }
}
