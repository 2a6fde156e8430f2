// Kafka's default partitioner for keyed records (Java client, librdkafka's murmur2_random, kafkajs'
// DefaultPartitioner): murmur2 with Kafka's seed, sign bit cleared, modulo the partition count.
// The agent's producer picks partitions with it (a pod's records land where any Kafka client would
// put them), and the collector uses it to know which pods' lifecycle records a partition holds.
const SEED = 0x9747b28c | 0;
const M = 0x5bd1e995;

export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const end = length & ~3;
  for (let i = 0; i < end; i += 4) {
    let k =
      (data[i] as number) |
      ((data[i + 1] as number) << 8) |
      ((data[i + 2] as number) << 16) |
      ((data[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  switch (length & 3) {
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: murmur2's tail falls through on purpose
    case 3:
      h ^= (data[end + 2] as number) << 16;
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: murmur2's tail falls through on purpose
    case 2:
      h ^= (data[end + 1] as number) << 8;
    case 1:
      h ^= data[end] as number;
      h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

export function partitionForKey(key: Uint8Array | string, partitionCount: number): number {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return (murmur2(bytes) & 0x7fffffff) % partitionCount;
}
