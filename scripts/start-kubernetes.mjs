// The demo's Kubernetes API server for `pnpm start` (scripts/start.mjs): when kube-apiserver and etcd
// are built (deploy/k8s-test/apiserver.sh build), a fresh instance on loopback under <data dir>/k8s,
// the collector's cluster watcher pointed at it (reader token, plus its Lease), and the demo given the
// admin connection to register its pods there (demo/src/kube-registrar.mjs). DEMO_KUBERNETES=off
// leaves it out.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeApi } from '../demo/src/kube-api.mjs';
import { apiServerBuilt, parseConnection, runApiServerScript } from '../deploy/k8s-test/apiserver.mjs';

/** Where the collector's Lease lives (its own namespace, as in a cluster). */
const LEASE_NAMESPACE = 'podtrail';
const READER_USER = 'podtrail-reader';

/**
 * @typedef {object} DemoKubernetes
 * @property {Record<string, string>} collectorEnv  the cluster watcher's settings
 * @property {Record<string, string>} demoEnv       DEMO_KUBE_API
 * @property {string} url
 * @property {() => Promise<void>} stop
 */

/** DEMO_KUBERNETES=off (or false/0/no). @param {NodeJS.ProcessEnv} env */
export function kubernetesOff(env) {
  return ['off', 'false', '0', 'no'].includes((env.DEMO_KUBERNETES ?? '').trim().toLowerCase());
}

/**
 * Starts the API server, or returns undefined (with one line saying why) when it is not wanted or
 * not built. Throws when it is built but fails to start.
 * @param {{ dataDir: string, env: NodeJS.ProcessEnv, log: (tag: string, msg: string) => void }} o
 * @returns {Promise<DemoKubernetes | undefined>}
 */
export async function startDemoKubernetes({ dataDir, env, log }) {
  if (kubernetesOff(env)) return undefined;
  if (env.PODTRAIL_KUBECONFIG?.trim() || env.PODTRAIL_K8S_WATCH?.trim().toLowerCase() === 'off') {
    log('k8s', 'PODTRAIL_KUBECONFIG or PODTRAIL_K8S_WATCH is set: the demo keeps out of Kubernetes');
    return undefined;
  }
  if (!apiServerBuilt(env)) {
    log(
      'k8s',
      'the demo can register its pods, OOM kills, evictions and HPA decisions in a real local Kubernetes API server: ' +
        'build it once with `bash deploy/k8s-test/apiserver.sh build` (~10 min, cached; DEMO_KUBERNETES=off hides this line)',
    );
    return undefined;
  }
  const runDir = join(dataDir, 'k8s');
  const scriptEnv = {
    ...env,
    PODTRAIL_K8S_RUN_DIR: runDir,
    // if this script dies without stopping it, the script's watchdog does
    PODTRAIL_K8S_OWNER_PID: String(process.pid),
  };
  const progress = (/** @type {string} */ line) => log('k8s', line.replace(/^\[k8s-test\]\s*/, ''));
  // a fresh cluster each time: the demo's pods of a previous run are gone with their processes
  await runApiServerScript('reset', scriptEnv);
  const conn = parseConnection(await runApiServerScript('start', scriptEnv, progress));
  const stop = async () => {
    await runApiServerScript('stop', scriptEnv, progress);
  };
  try {
    await grantLease(conn);
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
  const connectionFile = join(runDir, 'demo-connection.json');
  writeFileSync(connectionFile, `${JSON.stringify({ url: conn.url, ca: conn.ca, adminToken: conn.adminToken })}\n`, {
    mode: 0o600,
  });
  const namespace = env.DEMO_NAMESPACE?.trim() || 'demo';
  return {
    url: conn.url,
    collectorEnv: {
      PODTRAIL_K8S_WATCH: 'on',
      PODTRAIL_KUBECONFIG: conn.readerKubeconfigPath,
      PODTRAIL_K8S_NAMESPACES: namespace,
      PODTRAIL_K8S_LEASE_NAMESPACE: LEASE_NAMESPACE,
    },
    demoEnv: { DEMO_KUBE_API: connectionFile },
    stop,
  };
}

/**
 * The watcher's token may get/list/watch everything (apiserver.sh's reader); its Lease needs
 * get/create/update in its own namespace, as deploy/k8s grants it.
 * @param {import('../deploy/k8s-test/apiserver.mjs').ApiServerConnection} conn
 */
async function grantLease(conn) {
  const api = new KubeApi(conn);
  try {
    await api.ensure('/api/v1/namespaces', { metadata: { name: LEASE_NAMESPACE } });
    const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${LEASE_NAMESPACE}`;
    const name = 'podtrail-collector-lease';
    await api.ensure(`${rbac}/roles`, {
      metadata: { name },
      rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }],
    });
    await api.ensure(`${rbac}/rolebindings`, {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: READER_USER }],
    });
  } finally {
    api.close();
  }
}
