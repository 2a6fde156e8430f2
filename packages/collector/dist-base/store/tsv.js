/**
 * Hand-written TabSeparated encoder for inserts.
 *
 * Why TSV and not JSONEachRow or RowBinary: chDB's zero-copy raw insert (the path that lets queries
 * run alongside an insert) accepts text formats only, JSON cannot carry the raw bytes of the
 * FixedString TraceId/SpanId columns, and TSV can: FixedString/String values are raw bytes with
 * only `\\`, TAB, LF and CR escaped. The same buffer goes to a ClickHouse server over HTTP.
 *
 * Composite values (Map, Array) use ClickHouse's text form (`{'k':'v'}`, `['a','b']`) with quoted
 * escaping; nothing inside them can be a raw TAB or LF, so the row framing stays intact.
 */
const BS = 0x5c;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const ZERO = 0x30;
/**
 * Byte -> escape letter (written after a backslash), 0 = copied as is. FixedString bytes escape
 * `\\`, TAB, LF, CR; String values also NUL; inside a composite value (`'...'`) also the quote.
 */
function escapeTable(extra = []) {
    const t = new Uint8Array(256);
    t[BS] = BS;
    t[TAB] = 0x74;
    t[LF] = 0x6e;
    t[CR] = 0x72;
    for (const c of extra)
        t[c] = c === 0 ? ZERO : c;
    return t;
}
const BYTES_ESC = escapeTable();
const QUOTED_BYTES_ESC = escapeTable([0x27]);
const STRING_ESC = escapeTable([0]);
const QUOTED_STRING_ESC = escapeTable([0, 0x27]);
const NEEDS_ESCAPE = /[\\\t\n\r\0]/;
const NEEDS_QUOTE_ESCAPE = /[\\'\t\n\r\0]/;
export class TsvWriter {
    buf;
    pos = 0;
    rows = 0;
    constructor(initialBytes = 1 << 20) {
        this.buf = Buffer.allocUnsafe(initialBytes);
    }
    get length() {
        return this.pos;
    }
    ensure(n) {
        if (this.pos + n <= this.buf.length)
            return;
        let size = this.buf.length * 2;
        while (size < this.pos + n)
            size *= 2;
        const next = Buffer.allocUnsafe(size);
        this.buf.copy(next, 0, 0, this.pos);
        this.buf = next;
    }
    tab() {
        this.ensure(1);
        this.buf[this.pos++] = TAB;
        return this;
    }
    /** Pre-encoded TSV bytes copied as is (a resource tail ending in LF counts as a row end). */
    raw(b) {
        this.ensure(b.length);
        b.copy(this.buf, this.pos);
        this.pos += b.length;
        if (b.length > 0 && b[b.length - 1] === LF)
            this.rows++;
        return this;
    }
    /** one raw byte (structure characters of composite values) */
    byte(c) {
        this.ensure(1);
        this.buf[this.pos++] = c;
        return this;
    }
    /** Copies UTF-8 bytes of a String value, TSV-escaped. */
    copyTsv(b, s, e) {
        this.ensure((e - s) * 2);
        this.escaped(b, s, e, STRING_ESC);
        return this;
    }
    /** Copies UTF-8 bytes as a quoted element of a composite value: `'...'`. */
    copyQuoted(b, s, e) {
        this.ensure((e - s) * 2 + 2);
        this.buf[this.pos++] = 0x27;
        this.escaped(b, s, e, QUOTED_STRING_ESC);
        this.buf[this.pos++] = 0x27;
        return this;
    }
    /** current write position (to undo a partially written row) */
    mark() {
        return this.pos;
    }
    rewind(pos) {
        this.pos = pos;
    }
    /** ends a row */
    nl() {
        this.ensure(1);
        this.buf[this.pos++] = LF;
        this.rows++;
        return this;
    }
    /** ASCII-only text written as is (numbers, enum names, keywords). */
    ascii(s) {
        this.ensure(s.length);
        this.pos += this.buf.write(s, this.pos, 'latin1');
        return this;
    }
    int(n) {
        return this.ascii(String(n));
    }
    bool(b) {
        this.ensure(1);
        this.buf[this.pos++] = b ? 0x31 : ZERO;
        return this;
    }
    /** A String value with TSV escaping. */
    str(s) {
        if (s.length === 0)
            return this;
        if (NEEDS_ESCAPE.test(s))
            s = escapeTsv(s);
        this.ensure(s.length * 3);
        this.pos += this.buf.write(s, this.pos, 'utf8');
        return this;
    }
    /** Raw bytes for a FixedString(n): TSV-escaped; shorter input is zero-padded by ClickHouse. */
    bytes(b) {
        if (!b || b.length === 0)
            return this;
        this.ensure(b.length * 2);
        this.escaped(b, 0, b.length, BYTES_ESC);
        return this;
    }
    /** A quoted string inside a composite value: `'...'` with quote escaping. */
    quoted(s) {
        if (NEEDS_QUOTE_ESCAPE.test(s))
            s = escapeQuoted(s);
        this.ensure(s.length * 3 + 2);
        this.buf[this.pos++] = 0x27;
        this.pos += this.buf.write(s, this.pos, 'utf8');
        this.buf[this.pos++] = 0x27;
        return this;
    }
    /** Raw bytes inside a composite value (`'...'`), e.g. link trace ids. */
    quotedBytes(b) {
        this.ensure(b.length * 2 + 2);
        this.buf[this.pos++] = 0x27;
        this.escaped(b, 0, b.length, QUOTED_BYTES_ESC);
        this.buf[this.pos++] = 0x27;
        return this;
    }
    /** Map(String, String) from a record. */
    map(m) {
        this.ensure(1);
        this.buf[this.pos++] = 0x7b;
        let first = true;
        for (const k in m) {
            if (!first) {
                this.ensure(1);
                this.buf[this.pos++] = 0x2c;
            }
            first = false;
            this.quoted(k);
            this.ensure(1);
            this.buf[this.pos++] = 0x3a;
            this.quoted(m[k]);
        }
        this.ensure(1);
        this.buf[this.pos++] = 0x7d;
        return this;
    }
    /** Array(String) (or LowCardinality(String)). */
    strArray(items) {
        this.open();
        for (let i = 0; i < items.length; i++) {
            if (i > 0)
                this.comma();
            this.quoted(items[i]);
        }
        return this.close();
    }
    /** Array of numbers written as integer text (Array(UInt64), Array(DateTime64(9)) ticks ...). */
    numArray(items) {
        this.open();
        for (let i = 0; i < items.length; i++) {
            if (i > 0)
                this.comma();
            this.ascii(String(items[i]));
        }
        return this.close();
    }
    /** Array(Map(String,String)) */
    mapArray(items) {
        this.open();
        for (let i = 0; i < items.length; i++) {
            if (i > 0)
                this.comma();
            this.map(items[i]);
        }
        return this.close();
    }
    /** Array(FixedString(n)) */
    bytesArray(items) {
        this.open();
        for (let i = 0; i < items.length; i++) {
            if (i > 0)
                this.comma();
            this.quotedBytes(items[i]);
        }
        return this.close();
    }
    open() {
        this.ensure(1);
        this.buf[this.pos++] = 0x5b;
    }
    comma() {
        this.ensure(1);
        this.buf[this.pos++] = 0x2c;
    }
    close() {
        this.ensure(1);
        this.buf[this.pos++] = 0x5d;
        return this;
    }
    /** The encoded rows (a view over the internal buffer: do not reuse the writer while it is in use). */
    toBuffer() {
        return this.buf.subarray(0, this.pos);
    }
    /** Copies b[s, e) escaped with `esc` (see escapeTable); the caller has ensured 2 bytes per input byte. */
    escaped(b, s, e, esc) {
        const buf = this.buf;
        let p = this.pos;
        for (let i = s; i < e; i++) {
            const c = b[i];
            const x = esc[c];
            if (x === 0)
                buf[p++] = c;
            else {
                buf[p++] = BS;
                buf[p++] = x;
            }
        }
        this.pos = p;
    }
}
const STRING_ESCAPES = {
    '\\': '\\\\',
    "'": "\\'",
    '\t': '\\t',
    '\n': '\\n',
    '\r': '\\r',
    '\0': '\\0',
};
const escapeChar = (c) => STRING_ESCAPES[c];
const escapeTsv = (s) => s.replace(/[\\\t\n\r\0]/g, escapeChar);
const escapeQuoted = (s) => s.replace(/[\\'\t\n\r\0]/g, escapeChar);
//# sourceMappingURL=tsv.js.map