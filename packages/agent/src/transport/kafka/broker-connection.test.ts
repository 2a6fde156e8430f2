import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerConnection, type BrokerConnectionOptions } from './broker-connection.js';
import { KafkaError } from './protocol.js';

interface SeenRequest {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string;
  body: Buffer;
}

/** A stand-in broker that records each request and lets the test decide how to answer. */
async function fakeBroker(onRequest: (req: SeenRequest, socket: net.Socket) => void) {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        const frame = buf.subarray(4, 4 + buf.readInt32BE(0));
        buf = buf.subarray(4 + frame.length);
        const idLen = frame.readInt16BE(8);
        onRequest(
          {
            apiKey: frame.readInt16BE(0),
            apiVersion: frame.readInt16BE(2),
            correlationId: frame.readInt32BE(4),
            clientId: frame.toString('utf8', 10, 10 + idLen),
            body: frame.subarray(10 + idLen),
          },
          socket,
        );
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** An answer frame whose payload is one Kafka string (int16 length + UTF-8). */
function answer(correlationId: number, text: string): Buffer {
  const str = Buffer.from(text);
  const frame = Buffer.alloc(10);
  frame.writeInt32BE(6 + str.length, 0);
  frame.writeInt32BE(correlationId, 4);
  frame.writeInt16BE(str.length, 8);
  return Buffer.concat([frame, str]);
}

/** Connects to the fake broker on `port`; closed after the test. */
async function connectTo(port: number, extra: Partial<BrokerConnectionOptions> = {}): Promise<BrokerConnection> {
  const conn = await BrokerConnection.connect({
    host: '127.0.0.1',
    port,
    clientId: 'c',
    connectTimeoutMs: 1000,
    ...extra,
  });
  cleanups.push(() => conn.close());
  return conn;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('BrokerConnection', () => {
  it('frames requests and matches answers by correlation id, however the bytes arrive', async () => {
    const seen: SeenRequest[] = [];
    const held: SeenRequest[] = [];
    const broker = await fakeBroker((req, socket) => {
      seen.push(req);
      held.push(req);
      if (held.length < 3) return;
      // all three answers in reverse order, delivered one byte at a time
      const bytes = Buffer.concat(held.reverse().map((r) => answer(r.correlationId, `re:${r.body}`)));
      for (let i = 0; i < bytes.length; i++) socket.write(bytes.subarray(i, i + 1));
    });
    cleanups.push(broker.close);
    const conn = await connectTo(broker.port, { clientId: 'test-client' });
    const answers = await Promise.all(
      ['a', 'bb', 'ccc'].map(async (body, i) => {
        const r = await conn.request(3, 4 + i, [Buffer.from(body.slice(0, 1)), Buffer.from(body.slice(1))]);
        return r.string();
      }),
    );
    expect(answers).toEqual(['re:a', 're:bb', 're:ccc']);
    expect(seen.map((r) => [r.apiKey, r.apiVersion, r.clientId, r.body.toString()])).toEqual([
      [3, 4, 'test-client', 'a'],
      [3, 5, 'test-client', 'bb'],
      [3, 6, 'test-client', 'ccc'],
    ]);
    expect(new Set(seen.map((r) => r.correlationId)).size).toBe(3);
  });

  it('two answers in one chunk are both delivered', async () => {
    const broker = await fakeBroker((req, socket) => {
      if (req.body.toString() === 'second')
        socket.write(Buffer.concat([answer(req.correlationId - 1, 'one'), answer(req.correlationId, 'two')]));
    });
    cleanups.push(broker.close);
    const conn = await connectTo(broker.port);
    const first = conn.request(3, 4, [Buffer.from('first')]);
    const second = conn.request(3, 4, [Buffer.from('second')]);
    expect([(await first).string(), (await second).string()]).toEqual(['one', 'two']);
  });

  it('a broker that hangs up fails every pending request with a retriable error naming the request', async () => {
    const broker = await fakeBroker((_req, socket) => socket.destroy());
    cleanups.push(broker.close);
    let closes = 0;
    const conn = await connectTo(broker.port, { onClose: () => closes++ });
    const err = await conn.request(0, 3, [Buffer.from('x')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaError);
    expect((err as KafkaError).retriable).toBe(true);
    expect((err as KafkaError).message).toBe(`Produce to 127.0.0.1:${broker.port}: connection closed by the broker`);
    expect(conn.isOpen).toBe(false);
    const again = await conn.request(3, 4, []).catch((e: unknown) => e);
    expect((again as Error).message).toBe(`Metadata to 127.0.0.1:${broker.port}: connection closed`);
    expect(closes).toBe(1);
  });

  it('a garbled answer (impossible frame size) closes the connection and fails what was pending', async () => {
    const broker = await fakeBroker((_req, socket) => socket.write(Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 1])));
    cleanups.push(broker.close);
    const conn = await connectTo(broker.port);
    const err = await conn.request(0, 3, [Buffer.from('x')]).catch((e: unknown) => e);
    expect((err as KafkaError).message).toBe(
      `Produce to 127.0.0.1:${broker.port}: malformed Kafka frame of 2147483647 bytes`,
    );
    expect((err as KafkaError).retriable).toBe(true);
    expect(conn.isOpen).toBe(false);
  });

  it('a port nobody listens on fails the connect with the address in the message', async () => {
    const broker = await fakeBroker(() => {});
    const { port } = broker;
    await broker.close();
    const err = await connectTo(port).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaError);
    expect((err as Error).message).toMatch(new RegExp(`^Kafka broker 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`));
  });
});
