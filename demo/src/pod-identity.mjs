/** Kubernetes-looking pod identities for the demo "pods". */
import { randomInt, randomUUID } from 'node:crypto';

/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no confusable characters). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** @param {number} [n] */
export function randomSuffix(n = 5) {
  let s = '';
  for (let i = 0; i < n; i++) s += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return s;
}

/**
 * `groupware-demo-10-4hjzk`: workload + version (OpenShift DeploymentConfig style, as in the brief)
 * + 5 random characters, unique among `taken`.
 * @param {string} workload @param {string | number} version @param {Set<string>} taken
 */
export function podName(workload, version, taken) {
  for (;;) {
    const name = `${workload}-${version}-${randomSuffix()}`;
    if (!taken.has(name)) return name;
  }
}

export { randomUUID as podUid };

/** Fake nodes and pod IPs: labels only (every pod really listens on 127.0.0.1). */
export class FakeNodes {
  /** @param {number} count */
  constructor(count) {
    /** @type {{ name: string, hostIp: string, pods: number, nextIp: number }[]} */
    this.nodes = Array.from({ length: count }, (_, i) => ({
      name: `demo-node-${i + 1}`,
      hostIp: `192.168.10.${11 + i}`,
      pods: 0,
      nextIp: 2,
    }));
  }

  /** Least-loaded node, like a naive scheduler. @returns {{ nodeName: string, hostIp: string, podIp: string }} */
  schedule() {
    const node = this.nodes.reduce((a, b) => (b.pods < a.pods ? b : a));
    node.pods++;
    const idx = this.nodes.indexOf(node);
    const podIp = `10.131.${idx}.${node.nextIp}`;
    node.nextIp = node.nextIp >= 254 ? 2 : node.nextIp + 1;
    return { nodeName: node.name, hostIp: node.hostIp, podIp };
  }

  /** @param {string} nodeName */
  release(nodeName) {
    const node = this.nodes.find((n) => n.name === nodeName);
    if (node && node.pods > 0) node.pods--;
  }
}
