import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithApiServer, type KubeApiServer, startApiServer } from '../../../../test/support/kube-apiserver.js';
import { KubeObjects } from '../testing/kube-objects.js';
import { waitForValue } from '../testing/wait-for.js';
import type { ClusterSink, ClusterTable } from './cluster-rows.js';
import { KubeClient, loadKubeConfig } from './kube-client.js';
import { ListWatch } from './list-watch.js';
import { PodTracker } from './pod-tracker.js';
import { WorkloadTracker } from './workload-tracker.js';

/**
 * Memory contract of the watcher: with 10,000 pods listed, what it keeps of them (PodTracker memos,
 * list-watch state) stays under BYTES_PER_POD_BOUND bytes a pod of heap, measured after a full GC.
 * The pods' objects themselves (several KiB each) are dropped page by page.
 */
const BYTES_PER_POD_BOUND = 1024;
const PODS = 10_000;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

class CountingSink implements ClusterSink {
  readonly counts: Partial<Record<ClusterTable, number>> = {};
  put(table: ClusterTable): void {
    this.counts[table] = (this.counts[table] ?? 0) + 1;
  }
}

describeWithApiServer('watcher memory', (startTimeoutMs) => {
  let server: KubeApiServer;
  const ns = 'mem';

  beforeAll(async () => {
    server = await startApiServer({ own: true });
    const k = new KubeObjects(server.kubeconfigPath);
    await k.namespace(ns);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < PODS; i = next++)
        await k.pod(ns, `web-7d4b9c8f5-${i.toString(36).padStart(5, '0')}`, { node: `node-${i % 50}` });
    };
    await Promise.all(Array.from({ length: 32 }, worker));
  }, startTimeoutMs + 600_000);

  afterAll(async () => {
    await server?.stop();
  });

  it(`keeps under ${BYTES_PER_POD_BOUND} bytes a pod with ${PODS} pods listed`, async () => {
    const sink = new CountingSink();
    const before = heapAfterGc();
    const pods = new PodTracker(sink, new WorkloadTracker(sink));
    const lw = new ListWatch(
      new KubeClient(loadKubeConfig(server.readerKubeconfigPath)),
      `/api/v1/namespaces/${ns}/pods`,
      'pods',
      {
        onListPage: (objects, _r, first, last) => pods.listPage(objects, first, last),
        onEvent: (type, o) => pods.event(type, o),
      },
    );
    const abort = new AbortController();
    const running = lw.run(abort.signal);
    await waitForValue(() => lw.hasSynced, Boolean, { what: 'the list', timeoutMs: 300_000 });
    abort.abort();
    await running;
    const after = heapAfterGc();
    const perPod = (after - before) / PODS;
    expect(pods.size).toBe(PODS);
    expect(sink.counts.k8s_pods).toBe(PODS);
    expect(perPod).toBeLessThan(BYTES_PER_POD_BOUND);
    console.log(`watcher memory: ${Math.round(perPod)} bytes a pod (${PODS} pods)`);
  }, 600_000);
});
