// Node side of deploy/k8s-test/apiserver.sh, shared by the tests (test/support/kube-apiserver.ts)
// and `pnpm start` (scripts/start-kubernetes.mjs): whether the binaries are built, running one of the
// script's commands, and the connection JSON `start` prints as its last line.
import { execFile, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APISERVER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'apiserver.sh');

/** Whether kube-apiserver and etcd are built and cached (`apiserver.sh built`). Synchronous and cheap. */
export function apiServerBuilt(env = process.env) {
  return spawnSync('bash', [APISERVER_SCRIPT, 'built'], { stdio: 'ignore', env }).status === 0;
}

/**
 * Runs `apiserver.sh <command>` and resolves with its stdout; rejects with its stderr in the message.
 * @param {string} command @param {NodeJS.ProcessEnv} env
 * @param {(line: string) => void} [onStderr] each stderr line as it comes (progress)
 * @returns {Promise<string>}
 */
export function runApiServerScript(command, env, onStderr) {
  return new Promise((resolve, reject) => {
    const child = execFile('bash', [APISERVER_SCRIPT, command], { env, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`apiserver.sh ${command} failed: ${String(err)}\n${stderr}`));
      else resolve(stdout);
    });
    if (onStderr && child.stderr) {
      let rest = '';
      child.stderr.on('data', (d) => {
        rest += d;
        let nl = rest.indexOf('\n');
        while (nl >= 0) {
          onStderr(rest.slice(0, nl));
          rest = rest.slice(nl + 1);
          nl = rest.indexOf('\n');
        }
      });
    }
  });
}

/**
 * The connection JSON that `apiserver.sh start` (and `env`) print as their last line.
 * @param {string} stdout @returns {import('./apiserver.d.mts').ApiServerConnection}
 */
export function parseConnection(stdout) {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line);
}
