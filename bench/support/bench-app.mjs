// The small HTTP app the agent benchmarks load (bench/agent/app.cjs), started as a child process.
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const appDir = join(root, 'bench/agent');

/** The agent runs from its compiled output (no-op when up to date). */
export function buildAgent() {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/agent'], { cwd: root, stdio: 'inherit' });
}

/**
 * Starts `node <nodeArgs> app.cjs` and resolves once it listens.
 * @param {string} name for error messages
 * @param {string[]} nodeArgs
 * @param {Record<string, string>} env the child's whole environment
 * @param {{ onStdout?: (chunk: string) => void, onStderr?: (chunk: string) => void }} [io]
 */
export async function startBenchApp(name, nodeArgs, env, io = {}) {
  const child = spawn(process.execPath, [...nodeArgs, 'app.cjs'], {
    cwd: appDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += c;
    io.onStderr?.(String(c));
  });
  const port = await new Promise((res, rej) => {
    let out = '';
    let listening = false;
    const t = setTimeout(() => rej(new Error(`${name} did not start: ${stderr}`)), 20_000);
    child.stdout.on('data', (c) => {
      io.onStdout?.(String(c));
      if (listening) return;
      out += c;
      const m = /listening (\d+)/.exec(out);
      if (m) {
        listening = true;
        clearTimeout(t);
        res(Number(m[1]));
      }
    });
    child.on('exit', (code) => rej(new Error(`${name} exited (${code}): ${stderr}`)));
  });
  return {
    child,
    port,
    stderr: () => stderr,
    /** SIGTERM, as Kubernetes would, and wait for the exit */
    stop: () => {
      const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
      child.kill('SIGTERM');
      return exited;
    },
  };
}
