import { describe, expect, it } from 'vitest';
import { buildIdentity, containerIdFrom, deriveWorkload, hostStableUid, parseResourceAttributes } from './identity.js';

describe('deriveWorkload', () => {
  it.each([
    ['checkout-7d9f8c6b5-x2x4z', { kind: 'Deployment', name: 'checkout', replicaSet: 'checkout-7d9f8c6b5' }],
    ['groupware-demo-10-4hjzk', { kind: 'Deployment', name: 'groupware-demo', replicaSet: 'groupware-demo-10' }],
    ['api-gateway-5c8d7f9b4d-qwz8k', { kind: 'Deployment', name: 'api-gateway', replicaSet: 'api-gateway-5c8d7f9b4d' }],
    ['kafka-0', { kind: 'StatefulSet', name: 'kafka' }],
    ['redis-cache-12', { kind: 'StatefulSet', name: 'redis-cache' }],
    ['node-exporter-x7k2p', { kind: 'DaemonSet', name: 'node-exporter' }],
  ])('%s', (pod, expected) => {
    expect(deriveWorkload(pod)).toEqual(expected);
  });

  it('gives up on names without a generated suffix', () => {
    expect(deriveWorkload('standalone')).toBeUndefined();
  });
});

describe('buildIdentity', () => {
  const base = { serviceName: 'svc', serviceVersion: '1.2.3', agentVersion: '0.1.0', heartbeatMs: 5000 };

  it('reads the Downward API variables', () => {
    const id = buildIdentity({
      ...base,
      host: 'h',
      cgroup: '',
      mountinfo: '',
      env: {
        POD_NAME: 'groupware-demo-10-4hjzk',
        POD_NAMESPACE: 'prod',
        POD_UID: '0f0e-uid',
        NODE_NAME: 'node-a',
        POD_IP: '10.1.2.3',
        CONTAINER_NAME: 'app',
      },
    });
    expect(id.attributes).toMatchObject({
      'service.name': 'svc',
      'service.version': '1.2.3',
      'k8s.pod.name': 'groupware-demo-10-4hjzk',
      'k8s.namespace.name': 'prod',
      'k8s.pod.uid': '0f0e-uid',
      'k8s.node.name': 'node-a',
      'k8s.container.name': 'app',
      'k8s.deployment.name': 'groupware-demo',
      'k8s.replicaset.name': 'groupware-demo-10',
      'host.ip': '10.1.2.3',
      'host.name': 'h',
      'telemetry.distro.version': '0.1.0',
      'podtrail.heartbeat.interval_ms': 5000,
      'process.pid': process.pid,
    });
    expect(id.inKubernetes).toBe(true);
    expect(id.attributes['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is a new instance on every start', () => {
    const a = buildIdentity({ ...base, env: { POD_NAME: 'p-0' } });
    const b = buildIdentity({ ...base, env: { POD_NAME: 'p-0' } });
    expect(a.instanceId).not.toBe(b.instanceId);
    expect(a.podUid).toBe(b.podUid);
  });

  it('falls back sensibly outside Kubernetes', () => {
    const id = buildIdentity({ ...base, host: 'laptop', cgroup: '0::/', mountinfo: '', env: {} });
    expect(id.attributes).toMatchObject({
      'k8s.pod.name': 'laptop',
      'k8s.namespace.name': 'default',
      'k8s.pod.uid': hostStableUid('laptop'),
      'k8s.deployment.name': 'svc',
    });
    expect(id.inKubernetes).toBe(false);
    expect(hostStableUid('laptop')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('takes OTEL_RESOURCE_ATTRIBUTES, explicit workload first', () => {
    const id = buildIdentity({
      ...base,
      host: 'h',
      env: {
        OTEL_RESOURCE_ATTRIBUTES: 'k8s.pod.name=web-0,k8s.statefulset.name=web,team=a%20b,service.instance.id=nope',
      },
    });
    expect(id.attributes).toMatchObject({ 'k8s.pod.name': 'web-0', 'k8s.statefulset.name': 'web', team: 'a b' });
    expect(id.attributes['service.instance.id']).not.toBe('nope');
    expect(parseResourceAttributes('a=1,broken,=x,b=%E0%A4%A')).toEqual({ a: '1', b: '%E0%A4%A' });
  });
});

describe('containerIdFrom', () => {
  const id = 'a'.repeat(12) + 'b'.repeat(52);
  it('reads cgroup v1 and v2 (systemd and cgroupfs) lines', () => {
    expect(containerIdFrom(`12:pids:/kubepods/burstable/pod1234/${id}\n`, undefined)).toBe(id);
    expect(containerIdFrom(`0::/kubepods.slice/kubepods-pod12.slice/cri-containerd-${id}.scope\n`, undefined)).toBe(id);
    expect(containerIdFrom(`0::/system.slice/docker-${id}.scope`, undefined)).toBe(id);
  });
  it('falls back to mountinfo', () => {
    const line = `1234 1200 254:1 /var/lib/docker/containers/${id}/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw`;
    expect(containerIdFrom('0::/', line)).toBe(id);
    expect(containerIdFrom('0::/', '1 2 3:4 / / rw - ext4 /dev/x rw')).toBeUndefined();
  });
});
