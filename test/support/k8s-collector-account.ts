import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ManifestObject, renderKustomization } from './k8s-manifests.js';
import type { KubeApiServer } from './kube-apiserver.js';
import { KubeHttp } from './kube-http.js';

/**
 * The collector's own identity on a test API server, as deploy/k8s gives it in a cluster: the
 * collector base applied (namespace, ServiceAccount, ClusterRole/Role and bindings, ...) and a token
 * of its ServiceAccount from the TokenRequest API, with a kubeconfig for it. A watcher run with this
 * kubeconfig has exactly the access the manifests grant.
 */
export interface CollectorAccount {
  namespace: string;
  serviceAccount: string;
  token: string;
  kubeconfigPath: string;
}

export const COLLECTOR_BASE = 'deploy/k8s/collector';

/** Dry-runs then server-side applies each object (namespaces first); throws on the first refusal. */
export async function applyObjects(admin: KubeHttp, objects: ManifestObject[]): Promise<string[]> {
  const ordered = [...objects.filter((o) => o.kind === 'Namespace'), ...objects.filter((o) => o.kind !== 'Namespace')];
  const applied: string[] = [];
  for (const object of ordered) {
    const id = `${object.kind}/${object.metadata.name}`;
    for (const dryRun of [true, false]) {
      const res = await admin.apply(object, { dryRun });
      if (res.status >= 300)
        throw new Error(`${dryRun ? 'dry-run of' : 'apply of'} ${id}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    }
    applied.push(id);
  }
  return applied;
}

/** A token for a ServiceAccount through the TokenRequest API (an hour). */
export async function serviceAccountToken(admin: KubeHttp, namespace: string, name: string): Promise<string> {
  const res = await admin.send('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 3600 },
  });
  if (res.status !== 201)
    throw new Error(`TokenRequest for ${namespace}/${name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.status as { token: string }).token;
}

export async function collectorAccount(server: KubeApiServer): Promise<CollectorAccount> {
  const admin = new KubeHttp(server.url, server.ca, server.adminToken);
  const objects = renderKustomization(COLLECTOR_BASE);
  await applyObjects(admin, objects);
  const account = objects.find((o) => o.kind === 'ServiceAccount');
  if (!account?.metadata.namespace) throw new Error(`${COLLECTOR_BASE} has no namespaced ServiceAccount`);
  const { name, namespace } = account.metadata;
  const token = await serviceAccountToken(admin, namespace, name);
  const kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'podtrail-collector-sa-')), 'kubeconfig');
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'podtrail-test', cluster: { server: server.url, 'certificate-authority': server.ca } }],
    users: [{ name: `${namespace}:${name}`, user: { token } }],
    contexts: [{ name: 'collector', context: { cluster: 'podtrail-test', user: `${namespace}:${name}`, namespace } }],
    'current-context': 'collector',
  };
  writeFileSync(kubeconfigPath, JSON.stringify(kubeconfig, null, 2), { mode: 0o600 });
  return { namespace, serviceAccount: name, token, kubeconfigPath };
}
