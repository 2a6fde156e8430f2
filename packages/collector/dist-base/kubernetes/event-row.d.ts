import type { K8sEventRow } from './cluster-rows.js';
import type { KubeObject } from './list-watch.js';
/** A core/v1 Event as a `k8s_events` row (`workloadOfPod` names the workload of a pod uid). */
export declare function eventRow(o: KubeObject, workloadOfPod: (uid: string) => string): K8sEventRow;
//# sourceMappingURL=event-row.d.ts.map