import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './murmur2.js';

const require = createRequire(import.meta.url);
// kafkajs' own implementation (Java client compatible), the one the agent's producer uses
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (k: Buffer) => number;

describe('murmur2 partitioning', () => {
  it('matches kafkajs DefaultPartitioner for every tail length', () => {
    const keys = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', crypto.randomUUID(), 'pod-ü-ñ', 'x'.repeat(257)];
    for (let i = 0; i < 200; i++) keys.push(crypto.randomUUID().slice(0, i % 36));
    for (const k of keys) expect(murmur2(Buffer.from(k))).toBe(kafkajsMurmur2(Buffer.from(k)));
  });

  it('maps a key to the same partition as the producer', () => {
    const key = '3f2b1c9e-2d4a-4b7e-9a51-0c1d2e3f4a5b';
    expect(partitionForKey(key, 4)).toBe((kafkajsMurmur2(Buffer.from(key)) & 0x7fffffff) % 4);
  });
});
