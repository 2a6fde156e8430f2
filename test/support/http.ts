import { request } from 'node:http';
import { waitForValue } from '@podtrail/collector/testing/wait-for';

/** GET returning status and parsed JSON body (or text when not JSON). */
export async function getJson<T = unknown>(url: string, token?: string): Promise<{ status: number; body: T }> {
  // bounded: a process that stopped answering fails the test with its output, not a bare test timeout
  const res = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body: body as T };
}

/** Sends exactly `count` GET requests with bounded concurrency; every one must answer 2xx. */
export async function fireRequests(url: string, count: number, concurrency = 8): Promise<void> {
  let next = 0;
  const failures: string[] = [];
  const worker = async () => {
    while (next < count) {
      next++;
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(url, { agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
      if (status < 200 || status >= 300) failures.push(`${url} -> ${status}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (failures.length) throw new Error(`${failures.length} requests failed, first: ${failures[0]}`);
}

/**
 * Polls `fn` until it returns a truthy value or the deadline passes; a throw counts as not yet (the
 * process may still be starting). The failure names `what`, the last value and the last error.
 */
export async function waitUntil<T>(
  fn: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const value = await waitForValue(fn, Boolean, { what, timeoutMs, intervalMs: 250, retryErrors: true });
  return value as T;
}
