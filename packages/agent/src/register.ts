// Entry point for `node --import @podtrail/agent/register app.js` (or NODE_OPTIONS="--import ...").
// Order matters: the ESM loader hook and the instrumentations' require/import hooks must be in place
// before the app (or this agent) loads the modules they patch, so everything else is imported lazily.
import * as nodeModule from 'node:module';
import { INSTRUMENTED_MODULES, needsEsmHook } from './sdk/modules.js';

async function main(): Promise<void> {
  const { resolveConfig } = await import('./config.js');
  const resolved = resolveConfig();
  // Invalid or disabled: leave the app alone (startAgent prints the one-line reason).
  if (resolved.ok && !resolved.config.disabled) {
    if (typeof nodeModule.register === 'function' && needsEsmHook()) {
      nodeModule.register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
        data: { include: [...INSTRUMENTED_MODULES] },
      });
    }
    const { createInstrumentations } = await import('./sdk/instrumentations.js');
    const instrumentations = createInstrumentations({
      leanServer: resolved.config.httpServer === 'lean',
      ignoreIncomingPaths: resolved.config.ignorePaths,
    });
    const { startAgent } = await import('./agent.js');
    startAgent({ instrumentations });
    return;
  }
  const { startAgent } = await import('./agent.js');
  startAgent();
}

try {
  await main();
} catch (err) {
  // The agent must never stop the app from starting.
  process.stderr.write(
    `[podtrail] APM_ERR_AGENT_START: agent failed to start, running uninstrumented: ${oneLine(err)}\n`,
  );
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).split('\n')[0]!;
}
