// Preloaded into the app under test to isolate the Kafka client's share of the agent's memory:
//   BENCH_KAFKA_SEND=timer  every produce call resolves after 10 ms without touching the broker
//                           (spans are still encoded and batched, then dropped)
//   BENCH_KAFKA_SEND=acks0  every produce call asks for acks 0 (no broker answer to wait for)
// kafkajs is CommonJS and pnpm links one copy per version, so the agent loads this same instance.
const mode = process.env.BENCH_KAFKA_SEND;
if (mode === 'timer' || mode === 'acks0') {
  const { Kafka } = require('kafkajs');
  const producer = Kafka.prototype.producer;
  Kafka.prototype.producer = function patchedProducer(...args) {
    const p = producer.apply(this, args);
    const send = p.send.bind(p);
    p.send =
      mode === 'timer'
        ? () => new Promise((resolve) => setTimeout(() => resolve([]), 10))
        : (record) => send({ ...record, acks: 0 });
    return p;
  };
}
