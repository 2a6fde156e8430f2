import { type BackoffPolicy as BackoffOptions, backoffDelay } from '@podtrail/contracts/retry';
import { apiUrl } from './client.js';
import { parseServerMessage } from './live-messages.js';
import { getToken } from './token.js';
import type { LiveClientMessage, LiveFilter, LiveMessage } from './types.js';

export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'auth' | 'stopped';

export type ResetReason = 'server-restart' | 'dropped';

/** The subset of the browser WebSocket the client uses (a fake one in unit tests). */
export interface SocketLike {
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LiveClientOptions {
  filter?: LiveFilter;
  onMessage: (msg: LiveMessage) => void;
  onStatus?: (status: LiveStatus, info: { attempt: number; retryInMs?: number }) => void;
  /** the stream cannot be resumed without a gap: re-read the state over REST */
  onReset?: (reason: ResetReason) => void;
  /** a message that is not a valid `LiveServerMessage` was ignored (default: logged, the first few) */
  onBadMessage?: (reason: string, count: number) => void;
  /** no message for this long on an open socket = dead connection, reconnect (default 10 s) */
  staleMs?: number;
  backoff?: BackoffOptions;
  url?: () => string;
  createSocket?: (url: string) => SocketLike;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

/** Bad messages logged to the console by default; later ones are only counted. */
const BAD_MESSAGES_LOGGED = 5;

function logBadMessage(reason: string, count: number): void {
  if (count <= BAD_MESSAGES_LOGGED) console.warn(`podtrail live: ignored a malformed message (${reason})`);
}

/** WebSocket close codes meaning "your token is not good": no fast retry. */
const AUTH_CLOSE_CODES = new Set([1008, 4001, 4003, 4401, 4403]);

export function liveUrl(): string {
  const http = apiUrl('/api/v1/live');
  const u = new URL(http);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = getToken();
  if (token) u.searchParams.set('token', token);
  return u.toString();
}

/**
 * The live stream client: subscribes with the filter and `since` = the last seq it saw, so a
 * reconnect resumes without a gap; reconnects forever with capped exponential backoff; treats a
 * silent socket as dead (half-open TCP after a network blip); ignores replayed duplicates.
 */
export class LiveClient {
  lastSeq: number | null = null;
  /** hub that numbered lastSeq */
  hubId: string | null = null;
  /** newest closed second seen (epoch s; partial ticks of open seconds do not count) */
  lastTickTs = 0;
  lastMessageAt = 0;
  /** messages ignored because they do not match the contract */
  badMessages = 0;
  private checkGapAfter: number | null = null;
  status: LiveStatus = 'stopped';
  private socket: SocketLike | null = null;
  private attempt = 0;
  private retryTimer: unknown = null;
  private watchdog: unknown = null;
  private stopped = true;
  private readonly o: Required<Omit<LiveClientOptions, 'filter' | 'onStatus' | 'onReset' | 'backoff'>> &
    LiveClientOptions;

  constructor(opts: LiveClientOptions) {
    this.o = {
      staleMs: 10_000,
      url: liveUrl,
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      now: () => Date.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
      onBadMessage: logBadMessage,
      ...opts,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = null;
      s.onmessage = null;
      s.onerror = null;
      try {
        s.close(1000, 'bye');
      } catch {
        // already closed
      }
    }
    this.setStatus('stopped');
  }

  /** Drop the current socket and connect again now (e.g. after the token changed). */
  reconnectNow(): void {
    if (this.stopped) return;
    this.attempt = 0;
    this.socket?.close(4000, 'reconnect');
  }

  private connect(): void {
    if (this.stopped) return;
    this.setStatus(this.attempt === 0 && this.lastSeq === null ? 'connecting' : 'reconnecting');
    let socket: SocketLike;
    try {
      socket = this.o.createSocket(this.o.url());
    } catch {
      this.scheduleReconnect(false);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.lastMessageAt = this.o.now();
      // resume: `since` on the same hub; `hubId` + `sinceTs` let another hub replay by time
      const sub: LiveClientMessage = { type: 'subscribe' };
      if (this.o.filter && Object.keys(this.o.filter).length) sub.filter = this.o.filter;
      if (this.lastSeq !== null) sub.since = this.lastSeq;
      if (this.hubId !== null) sub.hubId = this.hubId;
      if (this.lastTickTs > 0) sub.sinceTs = this.lastTickTs;
      socket.send(JSON.stringify(sub));
      this.armWatchdog();
    };
    socket.onmessage = (ev) => this.receive(ev.data);
    socket.onerror = () => {
      // onclose follows and schedules the retry
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      this.scheduleReconnect(AUTH_CLOSE_CODES.has(ev.code));
    };
  }

  private receive(data: unknown): void {
    this.lastMessageAt = this.o.now();
    const parsed = parseServerMessage(typeof data === 'string' ? data : String(data));
    if ('error' in parsed) {
      this.badMessages++;
      this.o.onBadMessage(parsed.error, this.badMessages);
      return;
    }
    const msg = parsed.msg;
    switch (msg.type) {
      case 'hello': {
        const newHub = this.hubId !== null && msg.hubId !== this.hubId;
        if (newHub) {
          // another hub (collector restarted, or another replica): its seqs are its own; it replays
          // by time after `sinceTs`; the first tick tells whether that covered the gap
          this.lastSeq = null;
          this.checkGapAfter = this.lastTickTs;
        } else if (this.lastSeq !== null && msg.seq < this.lastSeq) {
          // a hub without an id that numbers from scratch: cannot resume
          this.lastSeq = null;
          this.o.onReset?.('server-restart');
        }
        this.hubId = msg.hubId;
        this.attempt = 0;
        this.setStatus('open');
        this.o.onMessage(msg);
        return;
      }
      case 'dropped':
        this.o.onMessage(msg);
        this.o.onReset?.('dropped');
        return;
      case 'tick':
      case 'transition':
      case 'kubernetes': {
        if (this.lastSeq !== null && msg.seq <= this.lastSeq) return; // replayed twice
        this.lastSeq = msg.seq;
        if (msg.type === 'tick' && !msg.partial) {
          if (this.checkGapAfter !== null && !msg.late) {
            const gap = this.checkGapAfter > 0 && msg.ts > this.checkGapAfter + 1;
            this.checkGapAfter = null;
            if (gap) this.o.onReset?.('server-restart');
          }
          if (msg.ts > this.lastTickTs) this.lastTickTs = msg.ts;
        }
        if (this.status !== 'open') {
          this.attempt = 0;
          this.setStatus('open');
        }
        this.o.onMessage(msg);
        return;
      }
      default:
        this.o.onMessage(msg);
    }
  }

  private scheduleReconnect(authFailure: boolean): void {
    if (this.stopped) return;
    const delay = authFailure ? 30_000 : backoffDelay(this.attempt, { baseMs: 500, capMs: 15_000, ...this.o.backoff });
    this.attempt++;
    this.setStatus(authFailure ? 'auth' : 'reconnecting', delay);
    this.retryTimer = this.o.setTimer(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private armWatchdog(): void {
    const tick = () => {
      this.watchdog = null;
      const s = this.socket;
      if (!s || this.stopped) return;
      if (this.o.now() - this.lastMessageAt > this.o.staleMs) {
        // half-open connection: nothing arrives any more; drop it and reconnect
        s.onclose?.({ code: 4000, reason: 'stale' });
        s.onclose = null;
        try {
          s.close(4000, 'stale');
        } catch {
          // ignore
        }
        return;
      }
      this.watchdog = this.o.setTimer(tick, 1000);
    };
    this.watchdog = this.o.setTimer(tick, 1000);
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) this.o.clearTimer(this.retryTimer);
    if (this.watchdog !== null) this.o.clearTimer(this.watchdog);
    this.retryTimer = null;
    this.watchdog = null;
  }

  private setStatus(s: LiveStatus, retryInMs?: number): void {
    this.status = s;
    this.o.onStatus?.(s, retryInMs === undefined ? { attempt: this.attempt } : { attempt: this.attempt, retryInMs });
  }
}
