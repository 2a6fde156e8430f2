import net from 'node:net';
import tls from 'node:tls';
import { apiName, connectionError, type KafkaError, ResponseReader } from './protocol.js';

const MAX_FRAME_BYTES = 16 * 1024 * 1024;

interface PendingRequest {
  apiKey: number;
  resolve: (r: ResponseReader) => void;
  reject: (e: KafkaError) => void;
}

export interface BrokerConnectionOptions {
  host: string;
  port: number;
  clientId: string;
  connectTimeoutMs: number;
  /** TLS to the broker; `ca` (PEM) replaces the system's trusted roots when given */
  tls?: { ca?: string; rejectUnauthorized: boolean } | undefined;
  /** called once when the connection is gone, whatever the reason */
  onClose?: () => void;
}

/**
 * One TCP connection to one broker: size-prefixed frames, requests matched to answers by
 * correlation id. The socket is unref'd so the agent never keeps an app alive that would otherwise
 * exit; a flush at stop holds the process with its own deadline-bounded timer instead.
 */
export class BrokerConnection {
  readonly address: string;
  private readonly socket: net.Socket;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly clientIdHeader: Buffer;
  private nextCorrelationId = 1;
  private partial: Buffer | undefined;
  private closed = false;
  private readonly onClose: (() => void) | undefined;

  private constructor(socket: net.Socket, opts: BrokerConnectionOptions) {
    this.socket = socket;
    this.address = `${opts.host}:${opts.port}`;
    this.onClose = opts.onClose;
    const id = Buffer.from(opts.clientId);
    this.clientIdHeader = Buffer.allocUnsafe(2 + id.length);
    this.clientIdHeader.writeInt16BE(id.length, 0);
    id.copy(this.clientIdHeader, 2);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.close(`${err.message}`));
    socket.on('close', () => this.close('connection closed by the broker'));
  }

  static connect(opts: BrokerConnectionOptions): Promise<BrokerConnection> {
    return new Promise((resolve, reject) => {
      const socket = opts.tls
        ? tls.connect({
            host: opts.host,
            port: opts.port,
            // certificates name hosts; an IP address is checked against the certificate's IP entries
            ...(net.isIP(opts.host) ? {} : { servername: opts.host }),
            ...(opts.tls.ca ? { ca: opts.tls.ca } : {}),
            rejectUnauthorized: opts.tls.rejectUnauthorized,
          })
        : net.connect({ host: opts.host, port: opts.port });
      socket.unref();
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 60_000);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(connectionError(`connecting to Kafka broker ${opts.host}:${opts.port} timed out`));
      }, opts.connectTimeoutMs);
      timer.unref();
      const onError = (err: Error) => {
        clearTimeout(timer);
        reject(connectionError(`Kafka broker ${opts.host}:${opts.port}: ${err.message}`));
      };
      socket.once('error', onError);
      socket.once(opts.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve(new BrokerConnection(socket, opts));
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Sends one request whose body is `body` (chunks written in order) and resolves with its answer. */
  request(apiKey: number, apiVersion: number, body: readonly Buffer[]): Promise<ResponseReader> {
    if (this.closed) return Promise.reject(connectionError(`${apiName(apiKey)} to ${this.address}: connection closed`));
    const correlationId = this.nextCorrelationId;
    this.nextCorrelationId = (this.nextCorrelationId + 1) & 0x7fffffff;
    let bodyLength = 0;
    for (const c of body) bodyLength += c.length;
    const head = Buffer.allocUnsafe(12);
    head.writeInt32BE(8 + this.clientIdHeader.length + bodyLength, 0); // frame size after this field
    head.writeInt16BE(apiKey, 4);
    head.writeInt16BE(apiVersion, 6);
    head.writeInt32BE(correlationId, 8);
    return new Promise<ResponseReader>((resolve, reject) => {
      this.pending.set(correlationId, { apiKey, resolve, reject });
      this.socket.cork();
      this.socket.write(head);
      this.socket.write(this.clientIdHeader);
      for (const c of body) this.socket.write(c);
      this.socket.uncork();
    });
  }

  close(reason = 'connection closed'): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    for (const p of this.pending.values())
      p.reject(connectionError(`${apiName(p.apiKey)} to ${this.address}: ${reason}`));
    this.pending.clear();
    this.partial = undefined;
    this.onClose?.();
  }

  private onData(chunk: Buffer): void {
    let buf = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    while (buf.length >= 4) {
      const size = buf.readInt32BE(0);
      // Answers to Metadata and Produce are small; anything this large means the stream is garbled.
      if (size < 4 || size > MAX_FRAME_BYTES) {
        this.close(`malformed Kafka frame of ${size} bytes`);
        return;
      }
      if (buf.length < 4 + size) break;
      const correlationId = buf.readInt32BE(4);
      const p = this.pending.get(correlationId);
      if (p) {
        this.pending.delete(correlationId);
        p.resolve(new ResponseReader(buf.subarray(0, 4 + size), 8));
      }
      buf = buf.subarray(4 + size);
    }
    this.partial = buf.length > 0 ? buf : undefined;
  }
}
