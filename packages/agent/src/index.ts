import * as nodeModule from 'node:module';
import { currentAgent, type RunningAgent, type StartOptions, startAgent } from './agent.js';
import { INSTRUMENTED_MODULES, needsEsmHook } from './sdk/modules.js';

export type { RunningAgent, StartOptions } from './agent.js';
export { AGENT_VERSION } from './agent.js';
export type { AgentConfig, AgentOptions, ExportMode } from './config.js';
export { DEFAULTS, resolveConfig } from './config.js';
export { AGENT_ERRORS, AgentError } from './errors.js';
export { buildIdentity, deriveWorkload, type Identity, type Workload } from './identity.js';
export type { InFlightTransaction } from './sdk/in-flight.js';
export type { TransportStats } from './transport/transport.js';

let loaderRegistered = false;

/**
 * Starts the agent from code. Call it before the app loads the modules to instrument (CommonJS
 * requires made afterwards are patched; ESM imports made afterwards go through the loader hook).
 * Returns undefined when disabled or misconfigured (one line on stderr), never throws.
 */
export function start(options: StartOptions = {}): RunningAgent | undefined {
  if (!loaderRegistered && !currentAgent() && typeof nodeModule.register === 'function' && needsEsmHook()) {
    loaderRegistered = true;
    try {
      nodeModule.register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
        data: { include: [...INSTRUMENTED_MODULES] },
      });
    } catch {
      // ESM modules stay unpatched; CommonJS still works
    }
  }
  return startAgent(options);
}

/** Emits the stopped event, flushes within the deadline and removes the agent's hooks. */
export async function shutdown(): Promise<void> {
  await currentAgent()?.shutdown();
}

/** The running agent, if any. */
export function agent(): RunningAgent | undefined {
  return currentAgent();
}
