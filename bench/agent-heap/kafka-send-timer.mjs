// Imported into the app under test before the agent to isolate the Kafka path's share of the agent's
// memory: with BENCH_KAFKA_SEND=timer every produce call resolves after 10 ms without encoding a
// record batch or touching the broker (spans are still encoded and batched, then dropped).
// Node resolves the workspace link to the real path, so this is the module instance the agent loads.
if (process.env.BENCH_KAFKA_SEND === 'timer') {
  const { KafkaProducer } = await import(
    new URL('../../packages/agent/dist/transport/kafka/producer.js', import.meta.url)
  );
  KafkaProducer.prototype.send = () => new Promise((resolve) => setTimeout(resolve, 10));
}
