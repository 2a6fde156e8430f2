import { CONTENT_TYPE_JSON, CONTENT_TYPE_PROTOBUF, decodeOtlp, decodeOtlpJson, HEADERS, WIRE_SCHEMA_VERSION, } from '@podtrail/contracts';
import { isRawTraces } from './ingest-types.js';
import { scanTraces } from './traces-transcoder.js';
export function headerString(headers, name) {
    const v = headers?.[name];
    if (v === undefined)
        return undefined;
    const first = Array.isArray(v) ? v[0] : v;
    if (first === undefined)
        return undefined;
    return typeof first === 'string' ? first : first.toString('utf8');
}
function hasData(signal, req) {
    if (isRawTraces(req))
        return true;
    const r = req;
    const key = signal === 'traces' ? 'resourceSpans' : signal === 'metrics' ? 'resourceMetrics' : 'resourceLogs';
    return (r[key]?.length ?? 0) > 0;
}
/**
 * Decodes one Kafka record value (OTLP protobuf, or OTLP/JSON when the content-type header says
 * so). Anything that cannot be stored is returned with the dead-letter reason.
 */
export function decodeRecord(signal, value, headers, maxBytes) {
    if (value === null || value.length === 0)
        return { ok: false, reason: 'empty', error: 'record has no value' };
    if (value.length > maxBytes)
        return { ok: false, reason: 'oversized', error: `record is ${value.length} bytes, limit ${maxBytes}` };
    const version = headerString(headers, HEADERS.schemaVersion);
    if (version !== undefined && version.trim() !== String(WIRE_SCHEMA_VERSION))
        return {
            ok: false,
            reason: 'schema-version',
            error: `unsupported ${HEADERS.schemaVersion} ${JSON.stringify(version)} (this collector reads ${WIRE_SCHEMA_VERSION})`,
        };
    const ct = (headerString(headers, HEADERS.contentType) ?? CONTENT_TYPE_PROTOBUF).split(';')[0]?.trim().toLowerCase();
    let req;
    try {
        if (ct === CONTENT_TYPE_JSON)
            req = decodeOtlpJson(signal, JSON.parse(value.toString('utf8')));
        else if (ct === CONTENT_TYPE_PROTOBUF || ct === 'application/protobuf') {
            if (signal === 'traces') {
                const { spans, resources } = scanTraces(value);
                if (resources === 0)
                    return { ok: false, reason: 'undecodable', error: 'decoded an OTLP traces request with no data' };
                return { ok: true, req: { raw: value, spans } };
            }
            req = decodeOtlp(signal, value);
        }
        else
            return { ok: false, reason: 'content-type', error: `unsupported content-type ${JSON.stringify(ct)}` };
    }
    catch (err) {
        return { ok: false, reason: 'undecodable', error: `not a valid OTLP ${signal} request: ${err.message}` };
    }
    if (!hasData(signal, req))
        return { ok: false, reason: 'undecodable', error: `decoded an OTLP ${signal} request with no data` };
    return { ok: true, req };
}
//# sourceMappingURL=decode.js.map