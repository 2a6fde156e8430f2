import { fields } from './protobuf-wire.js';
const has = (v, k) => Object.hasOwn(v, k) && v[k] !== undefined && v[k] !== null;
/** The scalar type of a decoded value, or the tag of a composite one; '' for a string or no value. */
function objectKind(v) {
    // same precedence as anyValueToString, which makes the string form
    if (!v)
        return '';
    if (has(v, 'stringValue'))
        return 'string';
    if (has(v, 'boolValue'))
        return 'bool';
    if (has(v, 'intValue'))
        return 'int';
    if (has(v, 'doubleValue'))
        return 'double';
    if (has(v, 'bytesValue'))
        return 'bytes';
    if (has(v, 'arrayValue'))
        return 'array';
    if (has(v, 'kvlistValue'))
        return 'kvlist';
    return '';
}
function arrayTag(items) {
    const first = items[0];
    if (first === undefined || first === '' || first === 'bytes' || first === 'kvlist' || first === 'array')
        return 'array';
    return items.every((k) => k === first) ? `${first}[]` : 'array';
}
/** The tag of a decoded AnyValue; undefined for a string (or absent) value. */
export function typeTagOf(v) {
    const k = objectKind(v);
    if (k === '' || k === 'string')
        return undefined;
    if (k === 'array')
        return arrayTag((v?.arrayValue?.values ?? []).map(objectKind));
    return k;
}
/** Tags of the non-string values of decoded KeyValues (the last value of a key wins, as in the string map). */
export function attributeTypesOf(kvs) {
    const out = {};
    for (const kv of kvs ?? []) {
        const tag = typeTagOf(kv.value);
        if (tag)
            out[kv.key] = tag;
        else
            delete out[kv.key];
    }
    return out;
}
/** AnyValue b[s, e) (protobuf bytes): the kind of the field set last, as protobuf decoding keeps it. */
function bytesKind(b, s, e) {
    let k = '';
    fields(b, s, e, (f) => {
        k = BYTES_KINDS[f] ?? k;
    });
    return k;
}
const BYTES_KINDS = {
    1: 'string',
    2: 'bool',
    3: 'int',
    4: 'double',
    5: 'array',
    6: 'kvlist',
    7: 'bytes',
};
/** The tag of an AnyValue from its protobuf bytes b[s, e); undefined for a string (or empty) value. */
export function typeTagOfBytes(b, s, e) {
    const k = bytesKind(b, s, e);
    if (k === '' || k === 'string')
        return undefined;
    if (k !== 'array')
        return k;
    let arrS = -1;
    let arrE = -1;
    fields(b, s, e, (f, _w, vs, ve) => {
        if (f === 5) {
            arrS = vs;
            arrE = ve;
        }
    });
    const items = [];
    fields(b, arrS, arrE, (f, _w, vs, ve) => {
        if (f === 1)
            items.push(bytesKind(b, vs, ve));
    });
    return arrayTag(items);
}
const scalar = (s, tag) => {
    switch (tag) {
        case 'int': {
            // beyond 2^53 a JSON number would not be exact: the decimal string stays
            const n = Number(s);
            return Number.isSafeInteger(n) ? n : s;
        }
        case 'double': {
            const n = Number(s);
            return Number.isFinite(n) ? n : s; // NaN and infinities have no JSON number
        }
        case 'bool':
            return s === 'true';
        default:
            return s;
    }
};
/** A stored string value back in its type. */
export function typedValue(s, tag) {
    if (!tag || tag === 'bytes')
        return s;
    if (tag === 'kvlist' || tag === 'array' || tag.endsWith('[]')) {
        let parsed;
        try {
            parsed = JSON.parse(s);
        }
        catch {
            return s;
        }
        if (tag === 'kvlist')
            return parsed !== null && typeof parsed === 'object' ? parsed : s;
        if (!Array.isArray(parsed))
            return s;
        const item = tag.endsWith('[]') ? tag.slice(0, -2) : 'string';
        return parsed.map((x) => scalar(String(x), item));
    }
    return scalar(s, tag);
}
/** The string map and its tags as typed attributes. */
export function typedAttributes(strings, tags) {
    if (!tags || Object.keys(tags).length === 0)
        return strings;
    const out = {};
    for (const k in strings)
        out[k] = typedValue(strings[k], tags[k]);
    return out;
}
//# sourceMappingURL=attribute-types.js.map