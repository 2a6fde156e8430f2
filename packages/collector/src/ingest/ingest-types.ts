import type { OtlpRequestBySignal, OtlpSignal } from '@podtrail/contracts';
import type { LifecycleEvent } from './logs.js';
import type { InstanceSighting } from './spans.js';

/**
 * The interfaces between the parts of ingest (decoding, the pipeline, the Kafka side, the pod
 * lifecycle tracker). A leaf: it imports only the record types it names, so decode.ts,
 * pipeline.ts, producers.ts and the Kafka modules can all depend on it without depending on
 * each other.
 */

/** Why a record went to the dead-letter topic. */
export type DeadLetterReason =
  | 'undecodable'
  | 'schema-version'
  | 'oversized'
  | 'empty'
  | 'content-type'
  | 'rejected-by-store';

/** A protobuf traces request kept as bytes (validated, spans counted) for the transcoder. */
export interface RawTraces {
  raw: Uint8Array;
  spans: number;
}

/** What a sink accepts: a decoded request, or raw validated protobuf traces. */
export type Decoded<S extends OtlpSignal> = OtlpRequestBySignal[S] | (S extends 'traces' ? RawTraces : never);

export function isRawTraces(d: unknown): d is RawTraces {
  return typeof d === 'object' && d !== null && 'raw' in d;
}

export type DecodeResult<S extends OtlpSignal> =
  | { ok: true; req: Decoded<S> }
  | { ok: false; reason: DeadLetterReason; error: string };

/** Receives what ingest stored, after the insert succeeded. */
export interface LifecycleSink {
  /** lifecycle events in partition order; must be idempotent (re-delivery re-applies them) */
  apply(events: LifecycleEvent[]): Promise<void>;
  /** pods seen in spans (last seen) */
  observe(sightings: Iterable<InstanceSighting>): void;
}

/** Who owns the pods of a lifecycle partition (the pod lifecycle tracker). */
export interface LifecycleOwnership {
  onAssignment(partitions: number[], numPartitions: number): Promise<void>;
  setCaughtUp(partition: number, caughtUp: boolean): void;
  /** the consumer stops (shutdown, crash): nothing is caught up until the next assignment */
  stopConsuming(): void;
}
