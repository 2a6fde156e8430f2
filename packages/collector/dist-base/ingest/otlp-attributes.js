/**
 * Decoding of OTLP attributes (KeyValue / AnyValue) straight from protobuf bytes, with the same
 * string forms as the object path (`attributesToRecord`), and the lookup of the HTTP attributes
 * a span row carries in columns.
 */
import { SEMCONV, SEMCONV_LEGACY } from '@podtrail/contracts/semconv';
import { bytesEqual, double, fields, int64String, varint } from './protobuf-wire.js';
const utf8 = new TextDecoder('utf-8');
/** UTF-8 bytes b[s, e) as a string. */
export function utf8String(b, s, e) {
    return utf8.decode(b.subarray(s, e));
}
/** AnyValue as the string stored in Map(String, String) columns (same rules as anyValueToString). */
export function anyValueString(b, s, e) {
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
                const items = [];
                fields(b, vs, ve, (f2, _w2, s2, e2) => {
                    if (f2 === 1)
                        items.push(anyValueString(b, s2, e2));
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
/** KeyValue messages at `field` of the message b[s, e), as a record (the last value of a key wins). */
export function keyValuesRecord(b, s, e, field) {
    const rec = {};
    fields(b, s, e, (f, _w, vs, ve) => {
        if (f !== field)
            return;
        let key = '';
        let value = '';
        fields(b, vs, ve, (f2, _w2, s2, e2) => {
            if (f2 === 1)
                key = utf8.decode(b.subarray(s2, e2));
            else if (f2 === 2)
                value = anyValueString(b, s2, e2);
        });
        rec[key] = value;
    });
    return rec;
}
/** Resource attributes of a ResourceSpans, as a record. */
export function resourceAttributes(b, s, e) {
    return keyValuesRecord(b, s, e, 1);
}
/** `http.response.status_code` as the HttpStatusCode column stores it: 0 unless a number in 0..65535. */
export function httpStatusCodeOf(value) {
    if (value === undefined)
        return 0;
    const n = Number(value);
    return Number.isFinite(n) && n >= 0 && n <= 65535 ? Math.trunc(n) : 0;
}
const enc = new TextEncoder();
const K_METHOD = enc.encode(SEMCONV.httpRequestMethod);
const K_METHOD_LEGACY = enc.encode(SEMCONV_LEGACY.httpMethod);
const K_ROUTE = enc.encode(SEMCONV.httpRoute);
const K_STATUS = enc.encode(SEMCONV.httpResponseStatusCode);
const K_STATUS_LEGACY = enc.encode(SEMCONV_LEGACY.httpStatusCode);
/** The HTTP columns of a span row. One instance is reused for every span of a request. */
export class SpanHttpColumns {
    method = '';
    route = '';
    statusCode = 0;
}
/**
 * Reads the HTTP columns from a span's KeyValue ranges (`kvs`: start, end pairs): current
 * semantic conventions win over the legacy keys; of repeated keys the last occurrence wins.
 */
export function readHttpColumns(b, kvs, out) {
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
    for (let i = 0; i < kvs.length; i += 2) {
        let ks = -1;
        let ke = -1;
        let vs = -2;
        let ve = -2;
        fields(b, kvs[i], kvs[i + 1], (fk, _wk, s, e) => {
            if (fk === 1) {
                ks = s;
                ke = e;
            }
            else if (fk === 2) {
                vs = s;
                ve = e;
            }
        });
        if (ks < 0)
            ks = ke = 0;
        if (vs === -2)
            vs = ve = 0; // absent value: ''
        if (bytesEqual(b, ks, ke, K_METHOD))
            [mNew, mNewE] = [vs, ve];
        else if (bytesEqual(b, ks, ke, K_METHOD_LEGACY))
            [mOld, mOldE] = [vs, ve];
        else if (bytesEqual(b, ks, ke, K_ROUTE))
            [route, routeE] = [vs, ve];
        else if (bytesEqual(b, ks, ke, K_STATUS))
            [scNew, scNewE] = [vs, ve];
        else if (bytesEqual(b, ks, ke, K_STATUS_LEGACY))
            [scOld, scOldE] = [vs, ve];
    }
    out.method = mNew >= 0 ? anyValueString(b, mNew, mNewE) : mOld >= 0 ? anyValueString(b, mOld, mOldE) : '';
    out.route = route >= 0 ? anyValueString(b, route, routeE) : '';
    out.statusCode = httpStatusCodeOf(scNew >= 0 ? anyValueString(b, scNew, scNewE) : scOld >= 0 ? anyValueString(b, scOld, scOldE) : undefined);
}
//# sourceMappingURL=otlp-attributes.js.map