import type { LiveServerMessage } from '@podtrail/contracts/api';
import { LiveHub, type LiveHubOptions } from '../live/hub.js';

/**
 * The LiveHub's unit tests: a hub (grace 2 s, buffer 100, replay 600 s, Apdex T 500 ms unless the
 * test says otherwise) on a clock the test moves (from `startMs`, by default on a second boundary),
 * and subscribers that keep what they are sent.
 */
export function hubOnClock(opts: Partial<Omit<LiveHubOptions, 'now'>> = {}, startMs = 1_000_000_000) {
  let now = startMs;
  const hub = new LiveHub({
    graceMs: 2000,
    bufferSize: 100,
    replaySeconds: 600,
    apdex: { apdexThresholdMs: 500, apdexThresholdMsByService: {} },
    ...opts,
    now: () => now,
  });
  return {
    hub,
    client: recordingClient,
    /** moves the clock `ms` on and runs the hub's cycle */
    advance: (ms: number) => {
      now += ms;
      hub.cycle(now);
    },
    nowSec: () => Math.floor(now / 1000),
  };
}

/** A subscriber's sink that keeps every message; `block()` refuses more (a full socket buffer). */
export function recordingClient() {
  const got: LiveServerMessage[] = [];
  let open = true;
  return {
    got,
    sink: { canSend: () => open, send: (m: LiveServerMessage) => got.push(m) },
    block: () => {
      open = false;
    },
    unblock: () => {
      open = true;
    },
  };
}

export type Tick = Extract<LiveServerMessage, { type: 'tick' }>;

/** The ticks among `messages`. */
export const ticks = (messages: LiveServerMessage[]): Tick[] => messages.filter((m): m is Tick => m.type === 'tick');
