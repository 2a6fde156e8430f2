export * from './heartbeat.js';
export * from './lifecycle.js';
export * from './live.js';
export * from './otlp-codec.js';
export { OTLP_PROTO } from './otlp-proto.js';
export * from './resource-keys.js';
export * from './semconv.js';
export * from './topics.js';
