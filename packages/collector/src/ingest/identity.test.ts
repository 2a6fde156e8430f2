import { describe, expect, it } from 'vitest';
import { extractWorkload, identityFromAttributes, isInstanceResourceKey } from './identity.js';

describe('workload extraction', () => {
  it('takes the first k8s workload attribute in priority order', () => {
    expect(
      extractWorkload(
        { 'k8s.replicaset.name': 'web-7d4b9c8f5', 'k8s.deployment.name': 'web' },
        'web-7d4b9c8f5-x2k9p',
        's',
      ),
    ).toEqual({ kind: 'Deployment', name: 'web' });
    expect(extractWorkload({ 'k8s.statefulset.name': 'db' }, 'db-0', 's')).toEqual({ kind: 'StatefulSet', name: 'db' });
    expect(extractWorkload({ 'k8s.daemonset.name': 'agent' }, 'agent-x2k9p', 's')).toEqual({
      kind: 'DaemonSet',
      name: 'agent',
    });
    expect(extractWorkload({ 'k8s.job.name': 'migrate' }, 'migrate-abcde', 's')).toEqual({
      kind: 'Job',
      name: 'migrate',
    });
  });

  it('reports a bare ReplicaSet as its Deployment', () => {
    expect(extractWorkload({ 'k8s.replicaset.name': 'web-7d4b9c8f5' }, 'p', 's')).toEqual({
      kind: 'Deployment',
      name: 'web',
    });
    expect(extractWorkload({ 'k8s.replicaset.name': 'legacy' }, 'p', 's')).toEqual({
      kind: 'ReplicaSet',
      name: 'legacy',
    });
  });

  it('falls back to the pod name shape, then the service name', () => {
    const pod = (n: string) => extractWorkload({ 'k8s.pod.name': n }, n, 'svc');
    expect(pod('groupware-demo-10-4hjzk')).toEqual({ kind: 'Deployment', name: 'groupware-demo' });
    expect(pod('portal-6f7c9d8b4-zh4w9')).toEqual({ kind: 'Deployment', name: 'portal' });
    expect(pod('kafka-2')).toEqual({ kind: 'StatefulSet', name: 'kafka' });
    expect(pod('node-exporter-x8k2p')).toEqual({ kind: 'DaemonSet', name: 'node-exporter' });
    expect(extractWorkload({}, 'laptop', 'svc')).toEqual({ kind: '', name: 'svc' });
  });
});

describe('identity from resource attributes', () => {
  it('pulls pod identity into columns with sensible fallbacks', () => {
    const id = identityFromAttributes({
      'service.name': 'checkout',
      'service.instance.id': 'inst-1',
      'k8s.namespace.name': 'shop',
      'k8s.pod.name': 'checkout-7d4b9c8f5-x2k9p',
      'k8s.pod.uid': 'uid-1',
      'k8s.node.name': 'n1',
      'host.ip': '10.0.0.5',
      'podtrail.heartbeat.interval_ms': '5000',
    });
    expect(id).toMatchObject({
      serviceName: 'checkout',
      namespace: 'shop',
      workload: 'checkout',
      workloadKind: 'Deployment',
      podName: 'checkout-7d4b9c8f5-x2k9p',
      podUid: 'uid-1',
      instanceId: 'inst-1',
      nodeName: 'n1',
      hostIp: '10.0.0.5',
      heartbeatIntervalMs: 5000,
    });
    const bare = identityFromAttributes({ 'service.name': 'x', 'host.name': 'laptop' });
    expect([bare.namespace, bare.podName, bare.instanceId, bare.workload]).toEqual([
      'default',
      'laptop',
      'laptop',
      'x',
    ]);
    expect(identityFromAttributes({}).serviceName).toBe('unknown_service');
  });

  it('keeps per-instance constants out of span rows', () => {
    expect(isInstanceResourceKey('k8s.pod.name')).toBe(true);
    expect(isInstanceResourceKey('telemetry.sdk.version')).toBe(true);
    expect(isInstanceResourceKey('deployment.environment')).toBe(false);
  });
});
