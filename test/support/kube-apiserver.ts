import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import {
  APISERVER_SCRIPT,
  type ApiServerConnection,
  apiServerBuilt,
  parseConnection,
  runApiServerScript,
} from '../../deploy/k8s-test/apiserver.mjs';

/**
 * A real kube-apiserver (with etcd) for tests, started by the project's own script
 * (`deploy/k8s-test/apiserver.sh`). No kubelet and no controllers run: tests write pod and HPA
 * status through `/status` the way kubelet and the HPA controller would.
 *
 * `startApiServer()` gives the instance shared by every test file of this Vitest run: started by the
 * first file that asks (the script serialises concurrent starts), stopped and deleted by the script's
 * watchdog when the run's main process exits. `startApiServer({ own: true })` gives a test file an
 * instance of its own, for tests that restart or compact it.
 */
export interface KubeApiServer extends ApiServerConnection {
  /** Stops an own instance and deletes its data; a no-op on the shared one (the run's end stops it). */
  stop(): Promise<void>;
  /** Stops and starts an own instance again: same URL, tokens and stored objects. */
  restart(): Promise<void>;
}

export type ApiServerAvailability = { available: true; needsBuild: boolean } | { available: false; reason: string };

const isCi = (): boolean => process.env.CI === 'true' || process.env.CI === '1';
/** Outside CI a test builds the binaries (10+ minutes, once) only when asked to. */
const buildWanted = (): boolean => isCi() || process.env.PODTRAIL_K8S_BUILD === '1';

/**
 * Whether tests can get an API server: the binaries are built, or may be built now (CI, or
 * PODTRAIL_K8S_BUILD=1). Synchronous and cheap, for `describe.skipIf` at collection time.
 */
export function apiServerAvailability(): ApiServerAvailability {
  if (apiServerBuilt()) return { available: true, needsBuild: false };
  if (buildWanted()) return { available: true, needsBuild: true };
  return {
    available: false,
    reason:
      'kube-apiserver is not built: run `bash deploy/k8s-test/apiserver.sh build` once (10+ minutes, cached), ' +
      'or set PODTRAIL_K8S_BUILD=1 to let the test build it',
  };
}

/** A hook timeout that covers a build when one is needed. */
export function apiServerStartTimeout(availability: ApiServerAvailability): number {
  return availability.available && availability.needsBuild ? 60 * 60_000 : 300_000;
}

/**
 * `describe` for tests that need an API server: skipped, with the reason in its title, only where
 * none can be had (never under CI, which builds one). `body` gets the hook timeout for the start.
 */
export function describeWithApiServer(title: string, body: (startTimeoutMs: number) => void): void {
  const availability = apiServerAvailability();
  const shown = availability.available ? title : `${title} (skipped: ${availability.reason})`;
  describe.skipIf(!availability.available)(shown, () => body(apiServerStartTimeout(availability)));
}

export async function startApiServer(options: { own?: boolean } = {}): Promise<KubeApiServer> {
  const availability = apiServerAvailability();
  if (!availability.available) throw new Error(availability.reason);
  if (availability.needsBuild) await buildBinaries();

  const own = options.own === true;
  // The shared instance belongs to the run's main process (a forked worker's parent); an own one
  // to this worker. Either way the script's watchdog stops it when its owner is gone.
  const owner = own || typeof process.send !== 'function' ? process.pid : process.ppid;
  const runDir = own ? mkdtempSync(join(tmpdir(), 'podtrail-k8s-')) : join(tmpdir(), `podtrail-k8s-run-${owner}`);
  const env = {
    ...process.env,
    PODTRAIL_K8S_RUN_DIR: runDir,
    PODTRAIL_K8S_OWNER_PID: String(owner),
    PODTRAIL_K8S_REMOVE_ON_EXIT: '1',
  };
  const connection = parseConnection(await runApiServerScript('start', env));
  return {
    ...connection,
    async stop() {
      if (!own) return;
      await runApiServerScript('reset', env);
      rmSync(runDir, { recursive: true, force: true });
    },
    async restart() {
      if (!own) throw new Error('restart needs an instance of its own: startApiServer({ own: true })');
      await runApiServerScript('restart', env);
    },
  };
}

function buildBinaries(): Promise<void> {
  return new Promise((resolveBuild, reject) => {
    const child = spawn('bash', [APISERVER_SCRIPT, 'build'], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolveBuild() : reject(new Error(`apiserver.sh build failed (exit ${code})`)),
    );
  });
}
