import { type OtlpSignal } from '@podtrail/contracts';
import type { IHeaders } from 'kafkajs';
import { type DecodeResult } from './ingest-types.js';
export declare function headerString(headers: IHeaders | undefined, name: string): string | undefined;
/**
 * Decodes one Kafka record value (OTLP protobuf, or OTLP/JSON when the content-type header says
 * so). Anything that cannot be stored is returned with the dead-letter reason.
 */
export declare function decodeRecord<S extends OtlpSignal>(signal: S, value: Buffer | null, headers: IHeaders | undefined, maxBytes: number): DecodeResult<S>;
//# sourceMappingURL=decode.d.ts.map