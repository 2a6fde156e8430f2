import { ApiException, AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessRule, REQUIRED_ACCESS } from '../../packages/collector/src/kubernetes/required-access.js';
import {
  applyObjects,
  type CollectorAccount,
  collectorAccount,
  serviceAccountToken,
} from '../support/k8s-collector-account.js';
import { findObject, kustomizationDirs, type ManifestObject, renderKustomization } from '../support/k8s-manifests.js';
import { describeWithApiServer, type KubeApiServer, startApiServer } from '../support/kube-apiserver.js';
import { KubeHttp } from '../support/kube-http.js';

// deploy/k8s on a real API server: every object of every kustomization is accepted (server-side
// dry-run, then server-side apply, unknown fields refused), and the collector's RBAC gives its
// service account's token exactly what the cluster watcher needs (required-access.ts) and nothing more.
const COLLECTOR_NAMESPACE = 'podtrail';
const COLLECTOR_ACCOUNT = 'podtrail-collector';
const APP_NAMESPACE = 'demo';
/** the version each API group is read in by the watcher (HPAs: autoscaling/v2) */
const GROUP_VERSION: Record<string, string> = {
  '': 'v1',
  apps: 'v1',
  batch: 'v1',
  autoscaling: 'v2',
  'coordination.k8s.io': 'v1',
  'events.k8s.io': 'v1',
};

interface RbacRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** `group/resource:verb` triples, sorted: what a list of rules allows, one fact per entry. */
function triples(rules: RbacRule[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    if (rule.nonResourceURLs?.length) continue;
    for (const group of rule.apiGroups ?? [])
      for (const resource of rule.resources ?? [])
        for (const verb of rule.verbs) out.add(`${group}/${resource}:${verb}${rule.resourceNames ? '(named)' : ''}`);
  }
  return [...out].sort();
}

function requiredTriples(scope: AccessRule['scope']): string[] {
  return triples(
    REQUIRED_ACCESS.filter((r) => r.scope === scope).map((r) => ({
      apiGroups: [r.group],
      resources: [r.resource],
      verbs: [...r.verbs],
    })),
  );
}

function versionOf(group: string): string {
  const version = GROUP_VERSION[group];
  if (!version) throw new Error(`no API version known for group ${JSON.stringify(group)}: add it to GROUP_VERSION`);
  return version;
}

describeWithApiServer('deploy/k8s on kube-apiserver', (startTimeoutMs) => {
  let server: KubeApiServer;
  let admin: KubeHttp;
  const applied = new Map<string, ManifestObject[]>();

  beforeAll(async () => {
    server = await startApiServer();
    admin = new KubeHttp(server.url, server.ca, server.adminToken);
  }, startTimeoutMs);

  afterAll(async () => {
    await server?.stop();
  });

  it('accepts every object of every kustomization (dry-run, then server-side apply) and stores it as written', async () => {
    const dirs = kustomizationDirs();
    expect(dirs).toEqual([
      'deploy/k8s',
      'deploy/k8s/collector',
      'deploy/k8s/example-app',
      'deploy/k8s/examples/clickhouse',
      'deploy/k8s/examples/kafka',
      'deploy/k8s/overlays/all-in-one',
    ]);
    for (const dir of dirs) {
      const objects = renderKustomization(dir);
      const ids = await applyObjects(admin, objects);
      expect(ids.sort(), dir).toEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort());
      applied.set(dir, objects);
    }

    // Read back: each object exists, with the labels written.
    const all = renderKustomization('deploy/k8s/overlays/all-in-one');
    expect(all.length).toBe(23);
    for (const object of all) {
      const res = await admin.send('GET', await admin.objectPath(object));
      expect(res.status, `${object.kind}/${object.metadata.name}`).toBe(200);
      const metadata = res.body.metadata as { labels?: Record<string, string> };
      // (namespaces get kubernetes.io/metadata.name added)
      expect(metadata.labels ?? {}, `${object.kind}/${object.metadata.name}`).toMatchObject(
        object.metadata.labels ?? {},
      );
    }

    // The HPA as the brief has it, as the API server stores it.
    const hpa = await admin.send(
      'GET',
      `${KubeHttp.collectionPath('autoscaling', 'v2', 'horizontalpodautoscalers', APP_NAMESPACE)}/groupware-demo`,
    );
    expect(hpa.body.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'groupware-demo' },
      minReplicas: 5,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      ],
    });
  });

  it('refuses a manifest with a misspelt field (so the acceptance above means something)', async () => {
    const [role] = renderKustomization('deploy/k8s/collector').filter((o) => o.kind === 'Role');
    const misspelt = { ...(role as ManifestObject), rulez: [] };
    const res = await admin.apply(misspelt, { dryRun: true });
    // server-side apply refuses fields outside the schema (HTTP 500 from the typed patch, v1.37.2)
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body.message).toContain('.rulez: field not declared in schema');
  });

  describe("the collector's service account", () => {
    let account: CollectorAccount;
    let collector: KubeHttp;
    let nobody: KubeHttp;

    beforeAll(async () => {
      if (!applied.has('deploy/k8s/overlays/all-in-one'))
        await applyObjects(admin, renderKustomization('deploy/k8s/overlays/all-in-one'));
      account = await collectorAccount(server);
      collector = new KubeHttp(server.url, server.ca, account.token);
      // the baseline: what any authenticated service account may do without a binding of its own
      const baseline = {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'rbac-baseline', namespace: COLLECTOR_NAMESPACE },
      };
      expect((await admin.apply(baseline, { dryRun: false })).status).toBeLessThan(300);
      nobody = new KubeHttp(
        server.url,
        server.ca,
        await serviceAccountToken(admin, COLLECTOR_NAMESPACE, 'rbac-baseline'),
      );
    });

    it('gives the kubeconfig of collectorAccount() to a client library, as the watcher would use it', async () => {
      expect([account.namespace, account.serviceAccount]).toEqual([COLLECTOR_NAMESPACE, COLLECTOR_ACCOUNT]);
      const kc = new KubeConfig();
      kc.loadFromFile(account.kubeconfigPath);
      const apps = kc.makeApiClient(AppsV1Api);
      const deployments = await apps.listDeploymentForAllNamespaces();
      expect(deployments.items.map((d) => `${d.metadata?.namespace}/${d.metadata?.name}`)).toEqual(
        expect.arrayContaining(['demo/groupware-demo', 'podtrail/podtrail-collector']),
      );
      const refused = await apps
        .patchNamespacedDeployment({
          namespace: APP_NAMESPACE,
          name: 'groupware-demo',
          body: { spec: { replicas: 1 } },
        })
        .then(
          () => 'accepted',
          (err: unknown) => (err instanceof ApiException ? err.code : String(err)),
        );
      expect(refused).toBe(403);
    });

    it('is who the token says (TokenRequest works on this API server)', async () => {
      const res = await collector.send('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'SelfSubjectReview',
      });
      expect(res.status).toBe(201);
      const userInfo = (res.body.status as { userInfo: { username: string; groups: string[] } }).userInfo;
      expect(userInfo.username).toBe(`system:serviceaccount:${COLLECTOR_NAMESPACE}:${COLLECTOR_ACCOUNT}`);
      expect(userInfo.groups).toContain(`system:serviceaccounts:${COLLECTOR_NAMESPACE}`);
    });

    it('lists, watches and gets every resource of required-access.ts, in all namespaces and in one', async () => {
      const cluster = REQUIRED_ACCESS.filter((r) => r.scope === 'cluster');
      expect(cluster.length).toBeGreaterThan(0);
      const outcomes: string[] = [];
      for (const rule of cluster) {
        const version = versionOf(rule.group);
        const all = KubeHttp.collectionPath(rule.group, version, rule.resource);
        const inDemo = KubeHttp.collectionPath(rule.group, version, rule.resource, APP_NAMESPACE);
        for (const verb of rule.verbs) {
          if (verb === 'list') {
            outcomes.push(`${rule.resource} list all ${(await collector.send('GET', `${all}?limit=1`)).status}`);
            outcomes.push(`${rule.resource} list demo ${(await collector.send('GET', `${inDemo}?limit=1`)).status}`);
          } else if (verb === 'watch') {
            const watched = await collector.send(
              'GET',
              `${all}?watch=true&timeoutSeconds=1`,
              undefined,
              undefined,
              true,
            );
            outcomes.push(`${rule.resource} watch all ${watched.status}`);
          } else if (verb === 'get') {
            // authorised and absent: 404; not authorised: 403 (RBAC is checked first)
            const res = await collector.send('GET', `${inDemo}/no-such-object`);
            outcomes.push(`${rule.resource} get demo ${res.status}`);
          } else throw new Error(`verb ${verb} on ${rule.resource}: add a probe for it`);
        }
      }
      const expected = cluster.flatMap((rule) =>
        rule.verbs.flatMap((verb) =>
          verb === 'list'
            ? [`${rule.resource} list all 200`, `${rule.resource} list demo 200`]
            : verb === 'watch'
              ? [`${rule.resource} watch all 200`]
              : [`${rule.resource} get demo 404`],
        ),
      );
      expect(outcomes).toEqual(expected);

      // and a real object comes back
      const deployment = await collector.send(
        'GET',
        `${KubeHttp.collectionPath('apps', 'v1', 'deployments', APP_NAMESPACE)}/groupware-demo`,
      );
      expect(deployment.status).toBe(200);
      expect((deployment.body.spec as { replicas: number }).replicas).toBe(5);
    });

    it('gets, creates and updates its Lease in its own namespace, and no Lease elsewhere', async () => {
      const [leaseRule] = REQUIRED_ACCESS.filter((r) => r.scope === 'lease-namespace');
      expect(leaseRule).toEqual(
        expect.objectContaining({
          group: 'coordination.k8s.io',
          resource: 'leases',
          verbs: ['get', 'create', 'update'],
        }),
      );
      const leases = KubeHttp.collectionPath('coordination.k8s.io', 'v1', 'leases', COLLECTOR_NAMESPACE);
      const name = `podtrail-collector-test-${process.pid}`;
      const created = await collector.send('POST', leases, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name },
        spec: { holderIdentity: 'replica-a', leaseDurationSeconds: 15 },
      });
      expect(created.status).toBe(201);
      const read = await collector.send('GET', `${leases}/${name}`);
      expect(read.status).toBe(200);
      const updated = await collector.send('PUT', `${leases}/${name}`, {
        ...read.body,
        spec: { ...(read.body.spec as object), holderIdentity: 'replica-b', leaseTransitions: 1 },
      });
      expect(updated.status).toBe(200);
      const after = await admin.send('GET', `${leases}/${name}`);
      expect(after.body.spec).toEqual(
        expect.objectContaining({ holderIdentity: 'replica-b', leaseTransitions: 1, leaseDurationSeconds: 15 }),
      );

      // not granted: other namespaces, deleting, listing
      const elsewhere = KubeHttp.collectionPath('coordination.k8s.io', 'v1', 'leases', APP_NAMESPACE);
      const refused = [
        (
          await collector.send('POST', elsewhere, {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name },
          })
        ).status,
        (await collector.send('GET', `${elsewhere}/${name}`)).status,
        (await collector.send('DELETE', `${leases}/${name}`)).status,
        (await collector.send('GET', leases)).status,
      ];
      expect(refused).toEqual([403, 403, 403, 403]);
    });

    it('is refused every write to what it watches (403), and the objects stay as they were', async () => {
      const pods = KubeHttp.collectionPath('', 'v1', 'pods', APP_NAMESPACE);
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'victim' },
        spec: { containers: [{ name: 'app', image: 'podtrail/example-app:0.1.0' }] },
      };
      expect([201, 409]).toContain((await admin.send('POST', pods, pod)).status);
      const deployment = `${KubeHttp.collectionPath('apps', 'v1', 'deployments', APP_NAMESPACE)}/groupware-demo`;
      const writes = {
        'create pod': await collector.send('POST', pods, { ...pod, metadata: { name: 'intruder' } }),
        'delete pod': await collector.send('DELETE', `${pods}/victim`),
        'write pod status': await collector.send(
          'PATCH',
          `${pods}/victim/status`,
          { status: { phase: 'Failed' } },
          'application/merge-patch+json',
        ),
        'scale deployment': await collector.send(
          'PATCH',
          deployment,
          { spec: { replicas: 1 } },
          'application/merge-patch+json',
        ),
        'delete deployment': await collector.send('DELETE', deployment),
        'create event': await collector.send('POST', KubeHttp.collectionPath('', 'v1', 'events', APP_NAMESPACE), {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: 'forged' },
          involvedObject: { kind: 'Pod', name: 'victim', namespace: APP_NAMESPACE },
          reason: 'Forged',
        }),
        'read secret': await collector.send(
          'GET',
          `/api/v1/namespaces/${COLLECTOR_NAMESPACE}/secrets/podtrail-collector`,
        ),
        'list secrets': await collector.send('GET', '/api/v1/secrets'),
        'list configmaps': await collector.send('GET', '/api/v1/configmaps'),
        'list nodes': await collector.send('GET', '/api/v1/nodes'),
        'edit its own role': await collector.send(
          'PATCH',
          '/apis/rbac.authorization.k8s.io/v1/clusterroles/podtrail-collector-watch',
          { rules: [] },
          'application/merge-patch+json',
        ),
      };
      expect(Object.fromEntries(Object.entries(writes).map(([k, v]) => [k, v.status]))).toEqual(
        Object.fromEntries(Object.keys(writes).map((k) => [k, 403])),
      );
      expect((await admin.send('GET', `${pods}/victim`)).status).toBe(200);
      expect((await admin.send('GET', `${pods}/intruder`)).status).toBe(404);
      expect(((await admin.send('GET', deployment)).body.spec as { replicas: number }).replicas).toBe(5);
    });

    it('has rules that are exactly required-access.ts: in the manifests, as stored, and as the authorizer reports them', async () => {
      const objects = renderKustomization('deploy/k8s/collector');
      const clusterRole = findObject<{ rules: RbacRule[] }>(objects, 'ClusterRole', 'podtrail-collector-watch');
      const role = findObject<{ rules: RbacRule[] }>(objects, 'Role', 'podtrail-collector-leader-election');
      expect(triples(clusterRole.rules)).toEqual(requiredTriples('cluster'));
      expect(triples(role.rules)).toEqual(requiredTriples('lease-namespace'));

      // the RBAC objects of the base: one account, one ClusterRole and one Role, each bound to it only
      const rbacKinds = objects
        .filter((o) => o.apiVersion.startsWith('rbac.authorization.k8s.io/') || o.kind === 'ServiceAccount')
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort();
      expect(rbacKinds).toEqual([
        'ClusterRole/podtrail-collector-watch',
        'ClusterRoleBinding/podtrail-collector-watch',
        'Role/podtrail-collector-leader-election',
        'RoleBinding/podtrail-collector-leader-election',
        'ServiceAccount/podtrail-collector',
      ]);
      const subject = { kind: 'ServiceAccount', name: COLLECTOR_ACCOUNT, namespace: COLLECTOR_NAMESPACE };
      for (const [kind, name, roleKind] of [
        ['ClusterRoleBinding', 'podtrail-collector-watch', 'ClusterRole'],
        ['RoleBinding', 'podtrail-collector-leader-election', 'Role'],
      ] as const) {
        const binding = findObject<{ roleRef: unknown; subjects: unknown[] }>(objects, kind, name);
        expect(binding.subjects).toEqual([subject]);
        expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name });
      }

      // as stored by the API server
      const stored = await admin.send(
        'GET',
        '/apis/rbac.authorization.k8s.io/v1/clusterroles/podtrail-collector-watch',
      );
      expect(triples(stored.body.rules as RbacRule[])).toEqual(requiredTriples('cluster'));
      const storedRole = await admin.send(
        'GET',
        `/apis/rbac.authorization.k8s.io/v1/namespaces/${COLLECTOR_NAMESPACE}/roles/podtrail-collector-leader-election`,
      );
      expect(triples(storedRole.body.rules as RbacRule[])).toEqual(requiredTriples('lease-namespace'));

      // as the authorizer sees the token: its rules minus those of an account with no binding
      const rulesOf = async (client: KubeHttp, namespace: string): Promise<string[]> => {
        const res = await client.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectRulesReview',
          spec: { namespace },
        });
        expect(res.status).toBe(201);
        const status = res.body.status as { resourceRules: RbacRule[]; incomplete: boolean };
        expect(status.incomplete).toBe(false);
        return triples(status.resourceRules);
      };
      const granted = async (namespace: string): Promise<string[]> => {
        const base = new Set(await rulesOf(nobody, namespace));
        return (await rulesOf(collector, namespace)).filter((t) => !base.has(t));
      };
      expect(await granted(COLLECTOR_NAMESPACE)).toEqual(
        [...requiredTriples('cluster'), ...requiredTriples('lease-namespace')].sort(),
      );
      expect(await granted(APP_NAMESPACE)).toEqual(requiredTriples('cluster'));
    });
  });
});
