// Process and network helpers of `pnpm start` (scripts/start.mjs): children that stop in order,
// line readers, port and HTTP probes, and how paths and URLs are shown.
import http from 'node:http';
import net from 'node:net';
import { relative } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * @typedef {object} Child
 * @property {string} name
 * @property {import('node:child_process').ChildProcess} proc
 * @property {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} exited
 * @property {boolean} done
 */

/**
 * @param {string} name @param {import('node:child_process').ChildProcess} proc
 * @param {(tag: string, msg: string) => void} log @returns {Child}
 */
export function track(name, proc, log) {
  /** @type {Child} */
  const child = { name, proc, done: false, exited: Promise.resolve({ code: null, signal: null }) };
  child.exited = new Promise((res) => {
    proc.on('exit', (code, signal) => {
      child.done = true;
      res({ code, signal });
    });
    proc.on('error', (err) => {
      log('start', `${name}: ${err.message}`);
      child.done = true;
      res({ code: 1, signal: null });
    });
  });
  return child;
}

/**
 * SIGTERM, then SIGKILL (to the child's whole process group) after `graceMs`.
 * @param {Child | undefined} child @param {number} graceMs @param {(tag: string, msg: string) => void} log
 */
export async function stopChild(child, graceMs, log) {
  if (!child || child.done) return;
  signal(child, 'SIGTERM', false);
  const timer = setTimeout(() => {
    log('start', `${child.name} did not stop within ${graceMs / 1000}s, killing it`);
    signal(child, 'SIGKILL', true);
  }, graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** @param {Child} child @param {NodeJS.Signals} sig @param {boolean} group */
export function signal(child, sig, group) {
  const pid = child.proc.pid;
  if (pid === undefined || child.done) return;
  try {
    process.kill(group ? -pid : pid, sig);
  } catch {
    try {
      child.proc.kill(sig);
    } catch {
      // already gone
    }
  }
}

/** @param {import('node:stream').Readable | null} stream @param {(line: string) => void} onLine */
export function lines(stream, onLine) {
  if (stream) createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', onLine);
}

/** @param {string} host @param {number} p */
export function portInUse(host, p) {
  return new Promise((res) => {
    const sock = net.connect({ host: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port: p });
    sock.setTimeout(1000);
    sock.once('connect', () => {
      sock.destroy();
      res(true);
    });
    sock.once('timeout', () => {
      sock.destroy();
      res(false);
    });
    sock.once('error', () => res(false));
  });
}

/** @param {string} url */
export function httpStatus(url) {
  return new Promise((res) => {
    const req = http.get(url, { timeout: 2000 }, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => res(0));
  });
}

export function show(p) {
  const r = relative(process.cwd(), p);
  return r === '' ? '.' : r.startsWith('..') ? p : r;
}

/** @param {string} host */
export function urlHost(host) {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** @param {string} u */
export function redact(u) {
  try {
    const url = new URL(u);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return u;
  }
}
