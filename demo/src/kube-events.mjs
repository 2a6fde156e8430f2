/**
 * Kubernetes Events (core/v1) as kubelet and the controllers record them, aggregated the way their
 * event correlator does: the same reason and message about the same object again bumps `count` and
 * `lastTimestamp` of one Event instead of creating another.
 */
import { randomBytes } from 'node:crypto';
import { kubeTime } from './kube-api.mjs';

/** @typedef {{ apiVersion: string, kind: string, name: string, uid: string, fieldPath?: string }} InvolvedObject */
/**
 * @typedef {object} EventSpec
 * @property {'Normal' | 'Warning'} [type]
 * @property {string} reason
 * @property {string} message
 * @property {string} component  kubelet, default-scheduler, replicaset-controller, horizontal-pod-autoscaler, ...
 * @property {string} [host]     the node, for kubelet's events
 */

const MAX_TRACKED = 2000;

export class EventRecorder {
  /**
   * @param {import('./kube-api.mjs').KubeApi} api @param {string} namespace
   * @param {(err: unknown) => void} onError
   */
  constructor(api, namespace, onError) {
    this.api = api;
    this.namespace = namespace;
    this.onError = onError;
    /** @type {Map<string, { name: string, count: number, first: string, chain: Promise<void> }>} */
    this.seen = new Map();
  }

  /** @param {InvolvedObject} involved @param {EventSpec} e @returns {Promise<void>} */
  record(involved, e) {
    const key = `${involved.uid}|${e.reason}|${e.message}`;
    const now = kubeTime(Date.now());
    let entry = this.seen.get(key);
    if (!entry) {
      if (this.seen.size >= MAX_TRACKED) {
        const oldest = this.seen.keys().next().value;
        if (oldest !== undefined) this.seen.delete(oldest);
      }
      // kubelet names events <object>.<hex>
      entry = {
        name: `${involved.name}.${randomBytes(8).toString('hex')}`,
        count: 0,
        first: now,
        chain: Promise.resolve(),
      };
      this.seen.set(key, entry);
    }
    const it = entry;
    it.count++;
    const count = it.count;
    const path = `/api/v1/namespaces/${this.namespace}/events`;
    it.chain = it.chain
      .then(async () => {
        if (count === 1) {
          await this.api.create(path, {
            metadata: { name: it.name, namespace: this.namespace },
            involvedObject: { ...involved, namespace: this.namespace },
            type: e.type ?? 'Normal',
            reason: e.reason,
            message: e.message,
            count: 1,
            firstTimestamp: it.first,
            lastTimestamp: now,
            source: { component: e.component, ...(e.host ? { host: e.host } : {}) },
            reportingComponent: e.component,
            reportingInstance: e.host ?? '',
          });
        } else {
          await this.api.patch(`${path}/${it.name}`, { count, lastTimestamp: now });
        }
      })
      .catch(this.onError);
    return it.chain;
  }
}
