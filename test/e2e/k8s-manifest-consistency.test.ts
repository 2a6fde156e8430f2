import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '@podtrail/agent';
import { defaultConfig, loadConfig } from '@podtrail/collector';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { WATCHED_RESOURCES } from '../../packages/collector/src/kubernetes/cluster-watcher.js';
import { REQUIRED_ACCESS } from '../../packages/collector/src/kubernetes/required-access.js';
import {
  envNamesReadBy,
  findObject,
  kustomizationDirs,
  type ManifestObject,
  objectId,
  parseYamlFile,
  renderKustomization,
  repoRoot,
} from '../support/k8s-manifests.js';

// What deploy/k8s says against what the code and the Dockerfiles say: image names and tags, ports,
// probe paths, every environment variable set, the Downward API variables and the RBAC rules.

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string };
  };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  workingDir?: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string> };
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
}
interface Workload extends ManifestObject {
  spec: { replicas?: number; template: { spec: PodSpec } };
}

const all = renderKustomization('deploy/k8s/overlays/all-in-one');
const collectorDeployment = findObject<Workload>(all, 'Deployment', 'podtrail-collector');
const appDeployment = findObject<Workload>(all, 'Deployment', 'groupware-demo');
const [collector] = collectorDeployment.spec.template.spec.containers as [Container];
const [app] = appDeployment.spec.template.spec.containers as [Container];
const collectorConfigMap = findObject<{ data: Record<string, string> }>(all, 'ConfigMap', 'podtrail-collector');

const read = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');
const packageVersion = (path: string): string => (JSON.parse(read(path)) as { version: string }).version;

/** The LABEL io.podtrail.image of a Dockerfile stage, and the default of ARG PODTRAIL_VERSION. */
function dockerImage(dockerfile: string, stage: string): { name: string; version: string; user: string } {
  const text = read(dockerfile).replace(/\\\n/g, ' ');
  const stages = new Map<string, string[]>();
  let current = '';
  for (const line of text.split('\n')) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      current = from[2] ?? from[1] ?? '';
      stages.set(current, [...(stages.get(from[1] ?? '') ?? []), line]);
    } else stages.get(current)?.push(line);
  }
  const lines = stages.get(stage);
  if (!lines) throw new Error(`${dockerfile} has no stage ${stage}`);
  const find = (re: RegExp): string => {
    const hits = lines.map((l) => re.exec(l)?.[1]).filter((v): v is string => v !== undefined);
    if (hits.length === 0) throw new Error(`${dockerfile} stage ${stage}: nothing matches ${re}`);
    return hits.at(-1) as string;
  };
  return {
    name: find(/io\.podtrail\.image="([^"]+)"/),
    version: find(/^ARG PODTRAIL_VERSION=(\S+)/),
    user: find(/^USER\s+(\S+)/),
  };
}

/** Every variable a container gets: env entries and the keys of the ConfigMaps it loads whole. */
function envOf(container: Container, objects: ManifestObject[]): Map<string, EnvVar> {
  const vars = new Map<string, EnvVar>();
  for (const from of container.envFrom ?? []) {
    if (from.secretRef) throw new Error(`${container.name}: envFrom a Secret hides which variables it sets`);
    const configMap = findObject<{ data: Record<string, string> }>(objects, 'ConfigMap', from.configMapRef?.name ?? '');
    for (const [name, value] of Object.entries(configMap.data)) vars.set(name, { name, value });
  }
  for (const v of container.env ?? []) vars.set(v.name, v);
  return vars;
}

const collectorReads = envNamesReadBy(['packages/collector/src', 'packages/contracts/src']);
const agentReads = envNamesReadBy(['packages/agent/src', 'packages/contracts/src']);
const demoServiceReads = envNamesReadBy(['demo/src']);
const kubectlInstalled = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
/** read by Node itself, not by podtrail's code */
const NODE_RUNTIME = new Set(['NODE_OPTIONS']);

describe('deploy/k8s against the code and the Dockerfiles', () => {
  it('renders the kustomizations into the expected objects, as kubectl kustomize does when installed', () => {
    expect(all.map(objectId).sort()).toEqual(
      [
        'ClusterRole//podtrail-collector-watch',
        'ClusterRoleBinding//podtrail-collector-watch',
        'ConfigMap/podtrail/podtrail-collector',
        'Deployment/demo/groupware-demo',
        'Deployment/podtrail/podtrail-collector',
        'HorizontalPodAutoscaler/demo/groupware-demo',
        'Namespace//clickhouse',
        'Namespace//demo',
        'Namespace//kafka',
        'Namespace//podtrail',
        'PodDisruptionBudget/podtrail/podtrail-collector',
        'Role/podtrail/podtrail-collector-leader-election',
        'RoleBinding/podtrail/podtrail-collector-leader-election',
        'Secret/clickhouse/clickhouse-podtrail',
        'Secret/podtrail/podtrail-collector',
        'Service/clickhouse/clickhouse-podtrail',
        'Service/demo/groupware-demo',
        'Service/kafka/podtrail-kafka-bootstrap',
        'Service/kafka/podtrail-kafka-headless',
        'Service/podtrail/podtrail-collector',
        'ServiceAccount/podtrail/podtrail-collector',
        'StatefulSet/clickhouse/clickhouse-podtrail',
        'StatefulSet/kafka/podtrail-kafka',
      ].sort(),
    );
    // the base applied by `kubectl apply -k deploy/k8s` is the collector's, without secrets or examples
    expect(renderKustomization('deploy/k8s').map(objectId)).toEqual(
      renderKustomization('deploy/k8s/collector').map(objectId),
    );
    expect(renderKustomization('deploy/k8s').some((o) => o.kind === 'Secret')).toBe(false);

    if (!kubectlInstalled) {
      console.warn('kubectl is not installed: the rendering was not compared with kubectl kustomize');
      return;
    }
    for (const dir of kustomizationDirs()) {
      const out = spawnSync('kubectl', ['kustomize', join(repoRoot, dir)], { encoding: 'utf8' });
      expect(out.status, `kubectl kustomize ${dir}: ${out.stderr}`).toBe(0);
      const byId = (objects: ManifestObject[]) => new Map(objects.map((o) => [objectId(o), o]));
      const theirs = byId(
        out.stdout.split(/^---$/m).flatMap((doc) => (doc.trim() ? [parseYaml(doc) as ManifestObject] : [])),
      );
      const ours = byId(renderKustomization(dir));
      expect([...ours.keys()].sort(), dir).toEqual([...theirs.keys()].sort());
      for (const [id, object] of ours) expect(object, `${dir} ${id}`).toEqual(theirs.get(id));
    }
  });

  it('names the images the Dockerfiles build, tagged with the version of the package they run', () => {
    const collectorImage = dockerImage('deploy/Dockerfile.collector', 'collector');
    const exampleImage = dockerImage('deploy/Dockerfile.example-app', 'example-app');
    const demoImage = dockerImage('deploy/Dockerfile.collector', 'demo');
    expect(collectorImage.version).toBe(packageVersion('packages/collector/package.json'));
    expect(exampleImage.version).toBe(packageVersion('demo/package.json'));
    expect(collector.image).toBe(`${collectorImage.name}:${collectorImage.version}`);
    expect(app.image).toBe(`${exampleImage.name}:${exampleImage.version}`);
    expect([collectorImage.name, exampleImage.name, demoImage.name]).toEqual([
      'podtrail/collector',
      'podtrail/example-app',
      'podtrail/demo',
    ]);

    // docker-compose builds the same image names; the example Kafka and ClickHouse use its images
    const compose = parseYamlFile(join(repoRoot, 'deploy/docker-compose.yml'))[0] as {
      services: Record<string, { image: string }>;
    };
    expect(compose.services.collector?.image.split(':')[0]).toBe(collectorImage.name);
    expect(compose.services.demo?.image.split(':')[0]).toBe(demoImage.name);
    const images = all.flatMap((o) =>
      o.kind === 'Deployment' || o.kind === 'StatefulSet'
        ? (o as Workload).spec.template.spec.containers.map((c) => `${o.metadata.name}=${c.image}`)
        : [],
    );
    expect(images.sort()).toEqual(
      [
        `podtrail-collector=${collector.image}`,
        `groupware-demo=${app.image}`,
        `podtrail-kafka=${compose.services.kafka?.image}`,
        `clickhouse-podtrail=${compose.services.clickhouse?.image}`,
      ].sort(),
    );
  });

  it('runs the images as a numeric non-root user, as the pods require', () => {
    for (const [dockerfile, stage, workload] of [
      ['deploy/Dockerfile.collector', 'collector', collectorDeployment],
      ['deploy/Dockerfile.example-app', 'example-app', appDeployment],
    ] as const) {
      const { user } = dockerImage(dockerfile, stage);
      expect(user, dockerfile).toMatch(/^[1-9]\d*:\d+$/);
      const pod = workload.spec.template.spec.securityContext;
      expect(pod?.runAsNonRoot, workload.metadata.name).toBe(true);
      expect(String(pod?.runAsUser), workload.metadata.name).toBe(user.split(':')[0]);
    }
  });

  it("exposes the collector's configured port, and probes the health routes it serves", () => {
    const port = Number(collectorConfigMap.data.PODTRAIL_PORT);
    expect(port).toBe(defaultConfig().port);
    expect(collectorConfigMap.data.PODTRAIL_HOST).toBe('0.0.0.0'); // probes come from the node
    expect(collector.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
    const dockerfile = read('deploy/Dockerfile.collector');
    expect(dockerfile).toContain(`EXPOSE ${port}`);
    expect(dockerfile).toContain(`PODTRAIL_PORT=${port}`);
    const service = findObject<{ spec: { ports: { port: number; targetPort: string }[] } }>(
      all,
      'Service',
      'podtrail-collector',
    );
    expect(service.spec.ports.map((p) => [p.port, p.targetPort])).toEqual([[port, 'http']]);

    const healthRoutes = read('packages/collector/src/plugins/health.ts');
    for (const probe of [collector.readinessProbe, collector.livenessProbe]) {
      expect(probe?.httpGet?.port).toBe('http');
      expect(healthRoutes).toContain(`app.get('${probe?.httpGet?.path}'`);
    }
    expect([collector.readinessProbe?.httpGet?.path, collector.livenessProbe?.httpGet?.path]).toEqual([
      '/readyz',
      '/healthz',
    ]);
    expect(collectorDeployment.spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it("exposes the example app's port and probes a path it serves", () => {
    const env = envOf(app, all);
    const port = Number(env.get('DEMO_PORT')?.value);
    expect(app.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
    expect(env.get('DEMO_HOST')?.value).toBe('0.0.0.0');
    expect(read('deploy/Dockerfile.example-app')).toContain(`EXPOSE ${port}`);
    const service = read('demo/src/service.mjs');
    for (const probe of [app.readinessProbe, app.livenessProbe]) {
      expect(probe?.httpGet?.port).toBe('http');
      expect(service).toContain(`url.pathname === '${probe?.httpGet?.path}'`);
    }
    expect(app.command).toEqual(['node', 'src/service.mjs']);
    expect(app.workingDir).toBe('/app/demo');
    expect(JSON.parse(read('demo/package.json')).dependencies['@podtrail/agent']).toBeDefined();
  });

  it('sets only environment variables the code reads, with values the config loaders accept', () => {
    const collectorEnv = envOf(collector, all);
    expect([...collectorEnv.keys()].filter((name) => !collectorReads.has(name))).toEqual([]);
    expect(collectorReads.has('PODTRAIL_PORT')).toBe(true); // the scan finds what it should
    expect(collectorReads.has('NOT_A_PODTRAIL_SETTING')).toBe(false);

    const appEnv = envOf(app, all);
    const appReads = new Set([...agentReads, ...demoServiceReads, ...NODE_RUNTIME]);
    expect([...appEnv.keys()].filter((name) => !appReads.has(name))).toEqual([]);

    // Secrets: every key referenced is in the example Secret, or optional
    const exampleSecret = parseYamlFile(join(repoRoot, 'deploy/k8s/collector/secret.example.yaml'))[0] as {
      metadata: { name: string };
      stringData: Record<string, string>;
    };
    const secretEnv: Record<string, string> = {};
    for (const v of collectorEnv.values()) {
      const ref = v.valueFrom?.secretKeyRef;
      if (!ref) continue;
      expect(ref.name).toBe(exampleSecret.metadata.name);
      const value = exampleSecret.stringData[ref.key];
      if (value === undefined) expect(ref.optional, `${ref.key} is not in secret.example.yaml`).toBe(true);
      else secretEnv[v.name] = value;
    }
    expect(Object.keys(secretEnv).sort()).toEqual(['CLICKHOUSE_PASSWORD', 'PODTRAIL_TOKENS']);

    // the collector starts with this environment (ConfigMap + example Secret); so does the agent
    const plain = (vars: Map<string, EnvVar>) =>
      Object.fromEntries([...vars.values()].flatMap((v) => (v.value === undefined ? [] : [[v.name, v.value]])));
    const config = loadConfig({}, { ...plain(collectorEnv), ...secretEnv });
    expect(config.port).toBe(4318);
    expect(config.host).toBe('0.0.0.0');
    expect(config.clickhouseUrl).toBe('http://clickhouse-podtrail.clickhouse.svc:8123');
    expect(config.brokers).toEqual(['podtrail-kafka-bootstrap.kafka.svc:9092']);
    expect(config.api.staticTokens.map((t) => t.role)).toEqual(['read', 'admin']);
    // the all-in-one overlay's example Secret: no static tokens, so the collector bootstraps its own
    const exampleSecrets = findObject<{ stringData: Record<string, string> }>(all, 'Secret', 'podtrail-collector');
    const tryOut = loadConfig({}, { ...plain(collectorEnv), ...exampleSecrets.stringData });
    expect([tryOut.api.staticTokens, tryOut.api.bootstrapTokens]).toEqual([[], true]);
    expect(exampleSecrets.stringData.CLICKHOUSE_PASSWORD).toBe(
      findObject<{ stringData: Record<string, string> }>(all, 'Secret', 'clickhouse-podtrail').stringData
        .CLICKHOUSE_PASSWORD,
    );

    const agent = resolveConfig({}, { ...plain(appEnv), POD_NAME: 'groupware-demo-7d9f8b6c5d-x7k2p' });
    if (!agent.ok) throw new Error(`agent config refused: ${agent.errors.join('; ')}`);
    expect(agent.config.serviceName).toBe('groupware-demo');
    expect(agent.config.kafkaBrokers).toEqual(['podtrail-kafka-bootstrap.kafka.svc:9092']);
    expect(agent.config.ignorePaths).toEqual(['/healthz']);
  });

  it('gives the agent the Downward API variables identity.ts reads, each from the right field', () => {
    const identity = read('packages/agent/src/identity.ts');
    const identityNames = [...identity.matchAll(/pick\('([A-Z_]+)'/g)].map((m) => m[1] as string).sort();
    expect(identityNames).toEqual(['CONTAINER_NAME', 'NODE_NAME', 'POD_IP', 'POD_NAME', 'POD_NAMESPACE', 'POD_UID']);
    const FIELD: Record<string, string> = {
      POD_NAME: 'metadata.name',
      POD_NAMESPACE: 'metadata.namespace',
      POD_UID: 'metadata.uid',
      NODE_NAME: 'spec.nodeName',
      POD_IP: 'status.podIP',
    };
    const env = envOf(app, all);
    const fromDownwardApi = Object.fromEntries(
      [...env.values()].flatMap((v) => (v.valueFrom?.fieldRef ? [[v.name, v.valueFrom.fieldRef.fieldPath]] : [])),
    );
    expect(fromDownwardApi).toEqual(FIELD);
    expect(identityNames.filter((name) => !(name in FIELD))).toEqual(['CONTAINER_NAME']);
    // the one the Downward API cannot give: the container's own name, repeated
    expect(env.get('CONTAINER_NAME')?.value).toBe(app.name);
    expect(env.get('NODE_OPTIONS')?.value).toBe('--import @podtrail/agent/register');
    expect(JSON.parse(read('packages/agent/package.json')).exports['./register']).toBeDefined();
  });

  it('scales the example app with the brief HPA on a CPU request, and the collector with a Lease', () => {
    const hpa = findObject<
      ManifestObject & {
        spec: {
          scaleTargetRef: { kind: string; name: string };
          minReplicas: number;
          maxReplicas: number;
          metrics: unknown[];
        };
      }
    >(all, 'HorizontalPodAutoscaler', 'groupware-demo');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: appDeployment.metadata.name,
    });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([5, 10]);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
    ]);
    expect(app.resources?.requests?.cpu).toBeDefined(); // Utilization is a share of the request

    const pod = collectorDeployment.spec.template.spec;
    const account = findObject(all, 'ServiceAccount', pod.serviceAccountName ?? '');
    expect(account.metadata.namespace).toBe(collectorDeployment.metadata.namespace);
    expect(pod.automountServiceAccountToken).toBe(true);
    const role = findObject<
      ManifestObject & { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }
    >(all, 'Role', 'podtrail-collector-leader-election');
    expect(role.metadata.namespace).toBe(collectorDeployment.metadata.namespace);
    const lease = REQUIRED_ACCESS.find((r) => r.scope === 'lease-namespace');
    expect(role.rules).toEqual([{ apiGroups: [lease?.group], resources: [lease?.resource], verbs: lease?.verbs }]);
    // the app has no business with the API
    expect(appDeployment.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  it('grants read on exactly what the cluster watcher watches, in the ClusterRole as in required-access.ts', () => {
    // '/apis/apps/v1' -> 'apps', '/api/v1' -> '' (core)
    const watched = WATCHED_RESOURCES.map(
      ({ api, resource }) => `${api.startsWith('/apis/') ? api.split('/')[2] : ''}/${resource}`,
    ).sort();
    const granted = REQUIRED_ACCESS.filter((r) => r.scope === 'cluster')
      .map((r) => `${r.group}/${r.resource}`)
      .sort();
    expect(granted).toEqual(watched);
    expect(watched).toEqual(expect.arrayContaining(['apps/daemonsets', 'batch/cronjobs', 'batch/jobs']));
    for (const r of REQUIRED_ACCESS.filter((x) => x.scope === 'cluster'))
      expect(r.verbs).toEqual(['get', 'list', 'watch']);
    const clusterRole = findObject<
      ManifestObject & { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }
    >(all, 'ClusterRole', 'podtrail-collector-watch');
    const inRole = clusterRole.rules
      .flatMap((rule) =>
        rule.apiGroups.flatMap((g) => rule.resources.map((res) => `${g}/${res}:${[...rule.verbs].sort().join(',')}`)),
      )
      .sort();
    expect(inRole).toEqual(watched.map((w) => `${w}:get,list,watch`));
  });
});
