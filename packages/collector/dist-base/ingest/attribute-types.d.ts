/**
 * The OTLP type of span attribute values, kept beside their string forms. `spans.SpanAttributes`
 * (Map(String, String)) holds every value as a string (what filters and SQL read);
 * `spans.SpanAttributeTypes` (migration 0008) holds a type tag for each value that was not a string,
 * and the API turns the pair back into typed JSON. String values, the vast majority, cost nothing.
 *
 * Tags: int, double, bool, bytes (base64 string), kvlist (object of strings), int[], double[],
 * bool[], string[] (arrays whose items share one type, as OTLP attribute arrays do), array (mixed,
 * nested or empty: items as strings).
 */
import type { OtlpAnyValue, OtlpKeyValue } from '@podtrail/contracts/wire';
export type AttributeTypeTag = 'int' | 'double' | 'bool' | 'bytes' | 'kvlist' | 'array' | 'int[]' | 'double[]' | 'bool[]' | 'string[]';
/** A typed attribute value as the API answers it. */
export type TypedAttributeValue = string | number | boolean | (string | number | boolean)[] | Record<string, string>;
/** The tag of a decoded AnyValue; undefined for a string (or absent) value. */
export declare function typeTagOf(v: OtlpAnyValue | undefined): AttributeTypeTag | undefined;
/** Tags of the non-string values of decoded KeyValues (the last value of a key wins, as in the string map). */
export declare function attributeTypesOf(kvs: OtlpKeyValue[] | undefined): Record<string, string>;
/** The tag of an AnyValue from its protobuf bytes b[s, e); undefined for a string (or empty) value. */
export declare function typeTagOfBytes(b: Uint8Array, s: number, e: number): AttributeTypeTag | undefined;
/** A stored string value back in its type. */
export declare function typedValue(s: string, tag: string | undefined): TypedAttributeValue;
/** The string map and its tags as typed attributes. */
export declare function typedAttributes(strings: Record<string, string>, tags: Record<string, string> | undefined): Record<string, TypedAttributeValue>;
//# sourceMappingURL=attribute-types.d.ts.map