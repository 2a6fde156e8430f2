import { describe, expect, it } from 'vitest';
import { describeTermination, signalOf } from './pod-facts.js';
import { loadKubernetesWatchConfig } from './watch-config.js';
import { parseQuantity } from './workload-tracker.js';

describe('kubernetes watcher settings and readings', () => {
  it('is off outside a cluster unless given a kubeconfig; bad values name their variable', () => {
    expect(loadKubernetesWatchConfig({})).toBeNull();
    expect(loadKubernetesWatchConfig({ PODTRAIL_K8S_WATCH: 'off', PODTRAIL_KUBECONFIG: '/k' })).toBeNull();
    expect(
      loadKubernetesWatchConfig({ PODTRAIL_KUBECONFIG: '/k', PODTRAIL_K8S_NAMESPACES: 'a, b', POD_NAME: 'c-1' }),
    ).toMatchObject({
      kubeconfigPath: '/k',
      namespaces: ['a', 'b'],
      leaseNamespace: 'default',
      leaseName: 'podtrail-collector',
      leaseDurationMs: 15_000,
    });
    expect(() => loadKubernetesWatchConfig({ PODTRAIL_K8S_WATCH: 'yes' })).toThrow(/PODTRAIL_K8S_WATCH/);
    expect(() => loadKubernetesWatchConfig({ PODTRAIL_K8S_WATCH: 'on' })).toThrow(/PODTRAIL_K8S_WATCH=on needs/);
    expect(() => loadKubernetesWatchConfig({ PODTRAIL_KUBECONFIG: '/k', PODTRAIL_K8S_NAMESPACES: 'Bad_NS' })).toThrow(
      /PODTRAIL_K8S_NAMESPACES/,
    );
    expect(() => loadKubernetesWatchConfig({ PODTRAIL_KUBECONFIG: '/k', PODTRAIL_K8S_LEASE_SECONDS: '1' })).toThrow(
      /PODTRAIL_K8S_LEASE_SECONDS/,
    );
  });

  it('reads quantities, signals and terminations as kubectl shows them', () => {
    expect([parseQuantity('500m'), parseQuantity('128Mi'), parseQuantity('2'), parseQuantity(3)]).toEqual([
      0.5,
      128 * 1024 * 1024,
      2,
      3,
    ]);
    expect(parseQuantity('12x')).toBeNaN();
    expect([
      signalOf({ exitCode: 137, signal: 0 }),
      signalOf({ exitCode: 1, signal: 0 }),
      signalOf({ exitCode: 0, signal: 15 }),
    ]).toEqual([9, 0, 15]);
    expect(describeTermination({ reason: 'OOMKilled', exitCode: 137, signal: 0, message: '' })).toBe(
      'OOMKilled: exit code 137 (SIGKILL)',
    );
    expect(describeTermination({ reason: 'Error', exitCode: 2, signal: 0, message: 'boom' })).toBe(
      'Error: exit code 2',
    );
  });
});
