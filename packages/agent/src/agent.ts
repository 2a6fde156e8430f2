import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HEARTBEAT_IN_FLIGHT_MAX } from '@podtrail/contracts/constants';
import { type AgentConfig, type AgentOptions, resolveConfig } from './config.js';
import { AGENT_ERRORS } from './errors.js';
import { buildIdentity, type Identity } from './identity.js';
import { HeartbeatSampler } from './lifecycle/heartbeat-snapshot.js';
import { LifecycleReporter, type StopReason } from './lifecycle/lifecycle.js';
import { registerLogMetrics } from './logs/log-metrics.js';
import { LogShipper } from './logs/log-shipper.js';
import { SEVERITY } from './logs/severity.js';
import { captureStdio, type StdioCapture } from './logs/stdio-capture.js';
import { type RuntimeMetrics, startRuntimeMetrics } from './metrics/runtime-metrics.js';
import type { InFlightTransaction } from './sdk/in-flight.js';
import { createInstrumentations } from './sdk/instrumentations.js';
import { createSdk, SCOPE, type Sdk } from './sdk/setup.js';
import { KafkaTransport } from './transport/kafka-transport.js';
import { OtlpHttpTransport } from './transport/otlp-http-transport.js';
import type { QueueingTransport, TransportStats } from './transport/transport.js';

export const AGENT_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

export interface StartOptions extends AgentOptions {
  /** instrumentations created earlier (the register entry point builds them before anything loads) */
  instrumentations?: Instrumentation[];
  /** environment to read; process.env by default */
  env?: Record<string, string | undefined>;
}

export interface RunningAgent {
  config: AgentConfig;
  identity: Identity;
  /** flushes spans, metrics and events within the deadline; true when everything was delivered */
  flush(timeoutMs?: number): Promise<boolean>;
  /** emits a stopped event, flushes and releases everything; the process keeps running uninstrumented */
  shutdown(): Promise<void>;
  stats(): TransportStats;
  inFlight(): InFlightTransaction[];
}

const STATE = Symbol.for('podtrail.agent');
type GlobalState = { agent?: RunningAgent | null };
const globalState = (): GlobalState => {
  const g = globalThis as unknown as Record<symbol, GlobalState | undefined>;
  g[STATE] ??= {};
  return g[STATE];
};

export function currentAgent(): RunningAgent | undefined {
  return globalState().agent ?? undefined;
}

function warn(line: string): void {
  // One line on stderr; the app keeps running either way.
  try {
    process.stderr.write(`[podtrail] ${line}\n`);
  } catch {
    // nothing else to do
  }
}

/**
 * Starts the agent. Never throws: an invalid configuration prints one line naming each bad field
 * and returns undefined, leaving the app running uninstrumented.
 */
export function startAgent(options: StartOptions = {}): RunningAgent | undefined {
  const state = globalState();
  if (state.agent) return state.agent;
  const resolved = resolveConfig(options, options.env ?? process.env);
  if (!resolved.ok) {
    warn(`${AGENT_ERRORS.config}: invalid configuration, running uninstrumented: ${resolved.errors.join('; ')}`);
    state.agent = null;
    return undefined;
  }
  const config = resolved.config;
  if (config.disabled) {
    state.agent = null;
    return undefined;
  }
  try {
    const agent = boot(config, options);
    state.agent = agent;
    return agent;
  } catch (err) {
    warn(
      `${AGENT_ERRORS.start}: agent failed to start, running uninstrumented: ${(err instanceof Error ? `${err.name}: ${err.message}` : String(err)).split('\n')[0]}`,
    );
    state.agent = null;
    return undefined;
  }
}

function boot(config: AgentConfig, options: StartOptions): RunningAgent {
  const debug = config.debug ? (m: string) => warn(m) : () => {};
  const identity = buildIdentity({
    serviceName: config.serviceName,
    serviceVersion: config.serviceVersion,
    agentVersion: AGENT_VERSION,
    heartbeatMs: config.heartbeatMs,
    env: options.env,
  });
  const transport: QueueingTransport =
    config.export === 'kafka'
      ? new KafkaTransport({
          brokers: config.kafkaBrokers,
          topics: config.topics,
          key: identity.podUid,
          compression: config.kafkaCompression,
          security: config.kafkaSecurity,
          instanceId: identity.instanceId,
          bufferMaxBytes: config.bufferMaxBytes,
          debug,
        })
      : new OtlpHttpTransport({
          endpoint: config.otlpEndpoint!,
          token: config.otlpToken,
          instanceId: identity.instanceId,
          bufferMaxBytes: config.bufferMaxBytes,
          debug,
        });
  const instrumentations =
    options.instrumentations ??
    createInstrumentations({ leanServer: config.httpServer === 'lean', ignoreIncomingPaths: config.ignorePaths });
  const sdk = createSdk(config, identity.attributes, transport, instrumentations);
  const logs = config.logs.enabled
    ? new LogShipper({
        config: config.logs,
        transport,
        resource: sdk.resource,
        scope: { name: `${SCOPE}/logs`, version: AGENT_VERSION },
      })
    : undefined;
  // One capture feeds both the crash-path ring and the continuous shipping.
  const stdio = captureStdio({
    ringLines: config.logLines,
    maxLineBytes: config.logs.maxLineBytes,
    ...(logs ? { onLine: logs.add.bind(logs) } : {}),
  });
  if (logs)
    registerLogMetrics(
      sdk.meterProvider.getMeter(SCOPE, AGENT_VERSION),
      () => logs.stats(),
      () => transport.stats(),
    );
  const runtime = startRuntimeMetrics(sdk.meterProvider.getMeter(SCOPE, AGENT_VERSION), () => sdk.spans.activeCount, {
    intervalMs: config.metricsIntervalMs,
    gcSampleRatio: config.gcSampleRatio,
  });
  const templater = sdk.templater;
  const snapshot = new HeartbeatSampler({
    inFlightThresholdMs: config.inFlightSnapshotMs,
    inFlightMax: HEARTBEAT_IN_FLIGHT_MAX,
    inFlight: (cutoffMs, max) => sdk.spans.startedBefore(cutoffMs, max),
    routeOf: templater ? (path) => templater.template(path) : undefined,
  });
  const lifecycle = new LifecycleReporter({
    logger: sdk.loggerProvider.getLogger(SCOPE, AGENT_VERSION),
    heartbeatMs: config.heartbeatMs,
    identity: identity.attributes,
    inFlight: () => sdk.spans.list(),
    activeRequests: () => sdk.spans.activeCount,
    transportStats: () => transport.stats(),
    lastLogs: () => stdio.snapshot(),
    snapshot,
  });
  // Drops are reported in every heartbeat; after an outage, right away.
  transport.onRecovered(() => {
    const s = transport.stats();
    if (s.dropped.spans + s.dropped.metrics + s.dropped.lifecycle + s.dropped.logs > 0) lifecycle.heartbeat();
  });
  transport.start();
  lifecycle.started();
  lifecycle.startHeartbeat();

  const ctl = new ProcessController(config, sdk, transport, lifecycle, stdio, logs, runtime, snapshot, debug);
  if (config.handleSignals) ctl.install();

  debug(
    `started: service=${config.serviceName} pod=${identity.podName} instance=${identity.instanceId} export=${config.export}`,
  );
  return {
    config,
    identity,
    flush: (timeoutMs = config.flushDeadlineMs) => ctl.flush(timeoutMs),
    shutdown: () => ctl.shutdown(),
    stats: () => transport.stats(),
    inFlight: () => sdk.spans.list(),
  };
}

/**
 * Owns the process-level behaviour: signals, crashes, natural exit. The rule is to report and flush
 * within the deadline, then let the process end exactly as it would have without the agent.
 */
class ProcessController {
  private stopping = false;
  private crashing = false;
  private finalEventSent = false;
  private closed = false;
  private pendingCrash: { err: unknown; origin: string } | undefined;
  private stopDeadline = 0;
  private readonly realExit = process.exit;
  private readonly listeners: [string, (...a: never[]) => void][] = [];

  constructor(
    private readonly config: AgentConfig,
    private readonly sdk: Sdk,
    private readonly transport: QueueingTransport,
    private readonly lifecycle: LifecycleReporter,
    private readonly stdio: StdioCapture,
    private readonly logs: LogShipper | undefined,
    private readonly runtime: RuntimeMetrics,
    private readonly snapshot: HeartbeatSampler,
    private readonly debug: (m: string) => void,
  ) {}

  install(): void {
    this.on('SIGTERM', () => this.onSignal('SIGTERM'));
    this.on('SIGINT', () => this.onSignal('SIGINT'));
    this.on('uncaughtException', (err: unknown, origin: unknown) =>
      this.onUncaught(err, typeof origin === 'string' ? origin : 'uncaughtException'),
    );
    this.on('beforeExit', (code: unknown) => this.onBeforeExit(typeof code === 'number' ? code : 0));
    // While stopping or crashing, an app's own process.exit() waits for the flush (bounded by the
    // deadline). Outside those phases process.exit is passed straight through.
    const self = this;
    process.exit = function exit(code?: number | string | null): never {
      if (self.closed || (!self.stopping && !self.pendingCrash)) return self.realExit.call(process, code as number);
      if (code !== undefined && code !== null) process.exitCode = code as number;
      self.exitAfterFlush('exit');
      return undefined as never;
    } as typeof process.exit;
  }

  private on(event: string, fn: (...a: never[]) => void): void {
    process.on(event as 'SIGTERM', fn as () => void);
    this.listeners.push([event, fn]);
  }

  private othersListening(event: string): boolean {
    return process.listenerCount(event) > 1;
  }

  private onSignal(signal: 'SIGTERM' | 'SIGINT'): void {
    if (this.stopping) return;
    this.stopping = true;
    this.stopDeadline = Date.now() + this.config.flushDeadlineMs;
    this.debug(`${signal}: flushing within ${this.config.flushDeadlineMs} ms`);
    this.lifecycle.stopHeartbeat();
    this.sendFinal(() => this.lifecycle.stopped(signal));
    if (this.othersListening(signal)) {
      // The app handles the signal itself (graceful drain): flush now, and again when it exits.
      void this.flush(this.remaining());
      return;
    }
    // Nobody else listens: Node would have died right away. Flush, then die by the same signal.
    void this.flush(this.remaining()).then(async () => {
      await this.close();
      this.removeOwnListeners();
      process.kill(process.pid, signal);
    });
  }

  private onUncaught(err: unknown, origin: string): void {
    if (this.othersListening('uncaughtException')) {
      // The app decides what an uncaught exception means; if it then exits, report a crash.
      this.pendingCrash = { err, origin };
      return;
    }
    if (this.crashing) return;
    this.crashing = true;
    this.pendingCrash = { err, origin };
    // Print it the way Node would have, so it also lands in the last log lines.
    try {
      this.stdio.withSeverity(SEVERITY.FATAL, () =>
        process.stderr.write(`${formatUncaught(err, origin)}\n\nNode.js ${process.version}\n`),
      );
    } catch {
      // ignore
    }
    process.exitCode = 1;
    this.exitAfterFlush('crash');
  }

  private onBeforeExit(code: number): void {
    if (this.closed || this.finalEventSent) {
      if (!this.closed && !this.isIdle()) void this.flushKeepingAlive();
      return;
    }
    // The event loop ran dry: a natural, graceful end.
    this.lifecycle.stopHeartbeat();
    this.sendFinal(() => this.lifecycle.stopped('exit', code));
    void this.flushKeepingAlive().then(() => this.close());
  }

  private exitAfterFlush(why: 'exit' | 'crash'): void {
    if (!this.stopDeadline) this.stopDeadline = Date.now() + this.config.flushDeadlineMs;
    if (this.pendingCrash) {
      const { err, origin } = this.pendingCrash;
      this.sendFinal(() => this.lifecycle.crashed(err, origin));
    } else this.sendFinal(() => this.lifecycle.stopped('exit', numericExitCode()));
    this.debug(`${why}: flushing before exit`);
    void this.flush(this.remaining()).then(async () => {
      await this.close();
      this.realExit.call(process, process.exitCode as number | undefined);
    });
  }

  private sendFinal(emit: () => void): void {
    if (this.finalEventSent) return;
    this.finalEventSent = true;
    emit();
  }

  private remaining(): number {
    return Math.max(1, this.stopDeadline - Date.now());
  }

  private isIdle(): boolean {
    const s = this.transport.stats();
    return s.queuedMessages === 0;
  }

  private async flushKeepingAlive(): Promise<void> {
    // Destination known to be down: do not hold a finished process for the whole deadline.
    const s = this.transport.stats();
    if (!s.connected && s.sendErrors > 0) return;
    // beforeExit: nothing else keeps the loop alive; a ref'd timer holds it for the flush.
    const hold = setTimeout(() => {}, this.config.flushDeadlineMs);
    try {
      await this.flush(this.config.flushDeadlineMs);
    } finally {
      clearTimeout(hold);
    }
  }

  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.logs?.flush();
    await this.sdk.forceFlush(timeoutMs);
    return this.transport.flush(Math.max(1, deadline - Date.now()));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lifecycle.stopHeartbeat();
    this.runtime.stop();
    this.snapshot.stop();
    const budget = Math.max(100, this.stopDeadline ? this.stopDeadline - Date.now() : this.config.flushDeadlineMs);
    this.logs?.close();
    await this.sdk.shutdown(budget);
    await this.transport.shutdown(Math.max(100, budget));
    this.stdio.restore();
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.stopDeadline = Date.now() + this.config.flushDeadlineMs;
    this.lifecycle.stopHeartbeat();
    this.sendFinal(() => this.lifecycle.stopped('shutdown'));
    await this.flush(this.remaining());
    await this.close();
    this.removeOwnListeners();
    if (process.exit !== this.realExit) process.exit = this.realExit;
    globalState().agent = null;
  }

  private removeOwnListeners(): void {
    for (const [event, fn] of this.listeners) process.removeListener(event as 'SIGTERM', fn as () => void);
    this.listeners.length = 0;
  }
}

function numericExitCode(): number | undefined {
  const c = process.exitCode;
  return typeof c === 'number' ? c : typeof c === 'string' && c !== '' ? Number(c) : undefined;
}

function formatUncaught(err: unknown, origin: string): string {
  if (origin === 'unhandledRejection' && !(err instanceof Error)) {
    return `Error [ERR_UNHANDLED_REJECTION]: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${inspect(err)}".`;
  }
  return inspect(err);
}

export type { StopReason };
