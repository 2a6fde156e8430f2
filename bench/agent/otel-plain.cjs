// Variant "otel": the plain OpenTelemetry Node SDK with the HTTP instrumentation and a batch span
// processor into an exporter that drops everything (no serialization, no network).
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');

const noopExporter = {
  export(_spans, done) {
    done({ code: 0 });
  },
  shutdown: async () => {},
  forceFlush: async () => {},
};

const sdk = new NodeSDK({
  serviceName: 'bench-otel',
  instrumentations: [new HttpInstrumentation()],
  spanProcessors: [new BatchSpanProcessor(noopExporter)],
  metricReaders: [],
  logRecordProcessors: [],
});
sdk.start();
process.on('SIGTERM', () => sdk.shutdown().finally(() => process.exit(0)));
