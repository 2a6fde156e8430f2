import {
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isRetriableKafkaError, retryKafka } from './kafka-retry.js';

/*
 * kafkajs 2.2.4's types/index.d.ts declares narrower constructors than its src/errors.js takes.
 * These are the runtime signatures, used the way kafkajs builds its own errors.
 */

/** An entry of kafkajs' protocol error-code table, which KafkaJSProtocolError reads type/code/retriable from. */
interface ProtocolErrorCode {
  message: string;
  type: string;
  code: number;
  retriable: boolean;
}
// The .d.ts says `(e: Error | string)`, which does not overlap the error-code entry, hence via unknown.
const ProtocolError = KafkaJSProtocolError as unknown as new (e: ProtocolErrorCode) => KafkaJSProtocolError;
const NonRetriableError: new (e: Error | string, options?: { cause?: Error }) => KafkaJSNonRetriableError =
  KafkaJSNonRetriableError;
const SASLAuthenticationError: new (message: string) => KafkaJSSASLAuthenticationError = KafkaJSSASLAuthenticationError;

/** What kafkajs' admin.fetchTopicOffsets throws on a fresh broker: the protocol error, bailed. */
function notLeader(): Error {
  const cause = new ProtocolError({
    message: 'This server is not the leader for that topic-partition',
    type: 'NOT_LEADER_FOR_PARTITION',
    code: 6,
    retriable: true,
  });
  return new NonRetriableError(cause, { cause });
}

describe('isRetriableKafkaError', () => {
  it('sees a transient condition through the non-retriable wrapper kafkajs admin calls throw', () => {
    expect(isRetriableKafkaError(notLeader())).toBe(true);
    const leader = new ProtocolError({
      message: 'There is no leader for this topic-partition as we are in the middle of a leadership election',
      type: 'LEADER_NOT_AVAILABLE',
      code: 5,
      retriable: true,
    });
    expect(isRetriableKafkaError(leader)).toBe(true);
    expect(isRetriableKafkaError(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED'))).toBe(true);
  });

  it('an aggregate is transient when every part is (or says the topic exists already)', () => {
    // as kafkajs builds them from the error code table (retriable: false for both)
    const exists = new ProtocolError({
      message: 'Topic with this name already exists',
      type: 'TOPIC_ALREADY_EXISTS',
      code: 36,
      retriable: false,
    });
    const auth = new ProtocolError({
      message: 'Not authorized to access topics',
      type: 'TOPIC_AUTHORIZATION_FAILED',
      code: 29,
      retriable: false,
    });
    expect(isRetriableKafkaError(new KafkaJSAggregateError('x', [exists, notLeader()]))).toBe(true);
    expect(isRetriableKafkaError(new KafkaJSAggregateError('x', [exists, auth]))).toBe(false);
  });

  it('does not retry what will not get better', () => {
    expect(isRetriableKafkaError(new SASLAuthenticationError('bad password'))).toBe(false);
    expect(isRetriableKafkaError(new KafkaJSNonRetriableError('Invalid topic undefined'))).toBe(false);
    expect(isRetriableKafkaError(new Error('boom'))).toBe(false);
    expect(isRetriableKafkaError(undefined)).toBe(false);
  });
});

describe('retryKafka', () => {
  it('retries transient errors with a growing, bounded backoff until the call succeeds', async () => {
    let calls = 0;
    const waits: number[] = [];
    const v = await retryKafka(
      async () => {
        if (++calls < 4) throw notLeader();
        return 'offsets';
      },
      { baseMs: 4, capMs: 10, random: () => 0.5, onRetry: (_e, _a, ms) => void waits.push(ms) },
    );
    expect(v).toBe('offsets');
    expect(calls).toBe(4);
    // 4, 8, 10 (capped), each with equal jitter at its midpoint
    expect(waits).toEqual([3, 6, 8]);
  });

  it('throws a non-transient error at once, and the last error after the attempts', async () => {
    let calls = 0;
    await expect(
      retryKafka(async () => {
        calls++;
        throw new SASLAuthenticationError('bad password');
      }),
    ).rejects.toThrow('bad password');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      retryKafka(
        async () => {
          calls++;
          throw notLeader();
        },
        { attempts: 3, baseMs: 1 },
      ),
    ).rejects.toThrow('not the leader');
    expect(calls).toBe(3);
  });
});
