#!/usr/bin/env node
// The README's test command (`pnpm test`): build, make sure the real parts can start, run every test
// (unit, integration on the real Kafka broker and embedded ClickHouse, end-to-end, browser), then print
// one plain summary line. Under CI=true a skipped test fails the run: nothing that needs Kafka or
// ClickHouse may quietly skip there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const extraArgs = process.argv.slice(2);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

run('pnpm', ['build']);
run('bash', ['scripts/ensure-chromium.sh']);
if (!process.env.KAFKA_BROKERS) run('bash', ['deploy/kafka/kafka.sh', 'install']);
// kube-apiserver + etcd for the Kubernetes tests: built once from the Go module proxy, then cached
run('bash', ['deploy/k8s-test/apiserver.sh', 'build']);

mkdirSync(join(root, 'test-results'), { recursive: true });
const report = join(root, 'test-results', 'vitest.json');
const vitest = spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const skippedNames = [];
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  for (const file of json.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'passed') passed++;
      else if (t.status === 'failed') failed++;
      else {
        skipped++;
        skippedNames.push(`${file.name.replace(`${root}/`, '')} > ${t.fullName}`);
      }
    }
  }
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (ci && skipped > 0) {
  console.error(`CI=true: ${skipped} test(s) skipped, which is not allowed here:\n  ${skippedNames.join('\n  ')}`);
  process.exit(1);
}
if (vitest.status !== 0) process.exit(vitest.status ?? 1);
if (passed === 0) {
  console.error('no test ran');
  process.exit(1);
}
