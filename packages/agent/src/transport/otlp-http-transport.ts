import http from 'node:http';
import https from 'node:https';
import { CONTENT_TYPE_PROTOBUF, HEADERS, WIRE_SCHEMA_VERSION } from '@podtrail/contracts/constants';
import type { OutboundMessage, Signal } from './bounded-buffer.js';
import { type DeliveryResult, QueueingTransport, type QueueingTransportOptions } from './transport.js';

export interface OtlpHttpTransportOptions extends QueueingTransportOptions {
  /** base URL, e.g. http://127.0.0.1:4318; paths /v1/traces|metrics|logs are appended */
  endpoint: string;
  token?: string | undefined;
  instanceId: string;
  timeoutMs?: number;
}

const PATHS: Record<Signal, string> = {
  spans: '/v1/traces',
  metrics: '/v1/metrics',
  lifecycle: '/v1/logs',
  logs: '/v1/logs',
};

/** Direct OTLP/HTTP (protobuf) to the collector, for setups without Kafka. Same buffer and drop rules. */
export class OtlpHttpTransport extends QueueingTransport {
  private readonly base: URL;
  private readonly headers: Record<string, string>;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;

  constructor(opts: OtlpHttpTransportOptions) {
    super({ ...opts, batchMaxBytes: 1 });
    this.base = new URL(opts.endpoint);
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.headers = {
      'content-type': CONTENT_TYPE_PROTOBUF,
      [HEADERS.schemaVersion]: String(WIRE_SCHEMA_VERSION),
      [HEADERS.instanceId]: opts.instanceId,
    };
    if (opts.token) this.headers.authorization = `Bearer ${opts.token}`;
    const AgentCtor = this.base.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new AgentCtor({ keepAlive: true, maxSockets: 2 });
  }

  protected async connect(): Promise<void> {}

  protected async disconnect(): Promise<void> {
    this.agent.destroy();
  }

  protected async deliver(batch: OutboundMessage[]): Promise<DeliveryResult> {
    const refused: OutboundMessage[] = [];
    for (let i = 0; i < batch.length; i++) {
      try {
        if ((await this.post(batch[i]!)) === 'refused') refused.push(batch[i]!);
      } catch (error) {
        return { failed: batch.slice(i), error, refused };
      }
    }
    return { failed: [], refused };
  }

  private post(msg: OutboundMessage): Promise<'delivered' | 'refused'> {
    const url = new URL(this.base.pathname.replace(/\/+$/, '') + PATHS[msg.signal], this.base);
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { ...this.headers, 'content-length': String(msg.value.byteLength) },
          timeout: this.timeoutMs,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve('delivered');
            // 4xx other than throttling will not get better by retrying: drop, but say so.
            else if (status >= 400 && status < 500 && status !== 429 && status !== 408) {
              this.debug(`OTLP/HTTP ${url.pathname} rejected with ${status}; message dropped`);
              resolve('refused');
            } else reject(new Error(`OTLP/HTTP ${url.pathname} answered ${status}`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('OTLP/HTTP request timed out')));
      req.on('error', reject);
      req.on('socket', (s) => s.unref());
      req.end(Buffer.from(msg.value.buffer, msg.value.byteOffset, msg.value.byteLength));
    });
  }
}
