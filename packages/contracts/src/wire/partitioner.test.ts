import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partitioner.js';

// kafkajs' port of the Java client's murmur2 is the oracle: same key, same partition.
const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number;

describe('murmur2', () => {
  it("matches the Java client's test vectors", () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    const cases: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key)), key).toBe(hash);
  });

  it('picks the partition kafkajs would for keys of every length', () => {
    for (let len = 0; len < 64; len++) {
      const key = randomBytes(len);
      const expected = (kafkajsMurmur2(key) & 0x7fffffff) % 7;
      expect(partitionForKey(key, 7), key.toString('hex')).toBe(expected);
    }
  });

  it('a string key is hashed as its UTF-8 bytes', () => {
    for (const key of ['', 'pod-ü-ñ', '3f2b1c9e-2d4a-4b7e-9a51-0c1d2e3f4a5b', 'x'.repeat(257)]) {
      expect(partitionForKey(key, 4), key).toBe((kafkajsMurmur2(Buffer.from(key, 'utf8')) & 0x7fffffff) % 4);
    }
  });
});
