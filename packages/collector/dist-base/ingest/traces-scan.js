/**
 * Structural validation of a protobuf ExportTraceServiceRequest, so that a malformed record is
 * refused before any row of it is written: every nested message is walked and its wire types and
 * lengths checked.
 */
import { expectWireType as expect, fields, WireError } from './protobuf-wire.js';
function scanAnyValue(b, s, e, depth) {
    if (depth > 32)
        throw new WireError('AnyValue nested too deep');
    fields(b, s, e, (f, w, vs, ve) => {
        if (f === 1 || f === 7)
            expect(w, 2, 'AnyValue string/bytes');
        else if (f === 2 || f === 3)
            expect(w, 0, 'AnyValue bool/int');
        else if (f === 4)
            expect(w, 1, 'AnyValue double');
        else if (f === 5) {
            expect(w, 2, 'AnyValue array');
            fields(b, vs, ve, (f2, w2, s2, e2) => {
                if (f2 === 1) {
                    expect(w2, 2, 'ArrayValue.values');
                    scanAnyValue(b, s2, e2, depth + 1);
                }
            });
        }
        else if (f === 6) {
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
function scanKeyValue(b, s, e, depth = 0) {
    fields(b, s, e, (f, w, vs, ve) => {
        if (f === 1)
            expect(w, 2, 'KeyValue.key');
        else if (f === 2) {
            expect(w, 2, 'KeyValue.value');
            scanAnyValue(b, vs, ve, depth);
        }
    });
}
function scanAttributesOwner(b, s, e, attrField, what) {
    fields(b, s, e, (f, w, vs, ve) => {
        if (f === attrField) {
            expect(w, 2, `${what}.attributes`);
            scanKeyValue(b, vs, ve);
        }
    });
}
function scanSpan(b, s, e) {
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
                    if (f2 === 1)
                        expect(w2, 1, 'Event.time');
                    else if (f2 === 2)
                        expect(w2, 2, 'Event.name');
                    else if (f2 === 3) {
                        expect(w2, 2, 'Event.attributes');
                        scanKeyValue(b, s2, e2);
                    }
                });
                break;
            case 13:
                expect(w, 2, 'Span.links');
                fields(b, vs, ve, (f2, w2, s2, e2) => {
                    if (f2 === 1 || f2 === 2 || f2 === 3)
                        expect(w2, 2, 'Link bytes');
                    else if (f2 === 4) {
                        expect(w2, 2, 'Link.attributes');
                        scanKeyValue(b, s2, e2);
                    }
                });
                break;
            case 15:
                expect(w, 2, 'Span.status');
                fields(b, vs, ve, (f2, w2) => {
                    if (f2 === 2)
                        expect(w2, 2, 'Status.message');
                    else if (f2 === 3)
                        expect(w2, 0, 'Status.code');
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
export function scanTraces(b) {
    let spans = 0;
    let resources = 0;
    fields(b, 0, b.length, (f, w, vs, ve) => {
        if (f !== 1)
            return;
        expect(w, 2, 'resource_spans');
        resources++;
        fields(b, vs, ve, (f1, w1, s1, e1) => {
            if (f1 === 1) {
                expect(w1, 2, 'ResourceSpans.resource');
                scanAttributesOwner(b, s1, e1, 1, 'Resource');
            }
            else if (f1 === 2) {
                expect(w1, 2, 'ResourceSpans.scope_spans');
                fields(b, s1, e1, (f2, w2, s2, e2) => {
                    if (f2 === 1) {
                        expect(w2, 2, 'ScopeSpans.scope');
                        fields(b, s2, e2, (f3, w3, s3, e3) => {
                            if (f3 === 1 || f3 === 2)
                                expect(w3, 2, 'InstrumentationScope name/version');
                            else if (f3 === 3) {
                                expect(w3, 2, 'InstrumentationScope.attributes');
                                scanKeyValue(b, s3, e3);
                            }
                        });
                    }
                    else if (f2 === 2) {
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
//# sourceMappingURL=traces-scan.js.map