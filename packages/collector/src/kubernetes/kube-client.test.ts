import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeClient } from './kube-client.js';

function clientFor(port: number): KubeClient {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    // plain HTTP is refused by client-node unless TLS verification is off (nothing to verify)
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return new KubeClient(kc);
}

describe('KubeClient.stream', () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  });

  it('ends a watch aborted while its response headers were awaited, and closes the connection', async () => {
    let answer: ((res: ServerResponse) => void) | undefined;
    let closed = false;
    const pending = new Promise<ServerResponse>((r) => {
      answer = r;
    });
    const server = createServer((req, res) => {
      req.socket.on('close', () => {
        closed = true;
      });
      answer?.(res);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = clientFor((server.address() as AddressInfo).port);
    const abort = new AbortController();
    const lines: string[] = [];
    const streaming = client.stream('/api/v1/pods?watch=1', (l) => lines.push(l), abort.signal);
    const res = await pending; // the request reached the server; no headers sent yet
    abort.abort();
    // the server answers afterwards and keeps the watch open, as an API server does for minutes
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"type":"ADDED","object":{}}\n');
    await streaming;
    expect(lines).toEqual([]);
    await new Promise<void>((r) => {
      const check = () => (closed ? r() : setTimeout(check, 10));
      check();
    });
    expect(closed).toBe(true);
    res.destroy();
  });
});
