import { type KubeClient } from './kube-client.js';
/** The part of a Kubernetes object every watched kind has. */
export interface KubeObject {
    metadata?: {
        name?: string;
        namespace?: string;
        uid?: string;
        resourceVersion?: string;
        creationTimestamp?: string;
        deletionTimestamp?: string;
        generation?: number;
        annotations?: Record<string, string>;
        ownerReferences?: {
            kind?: string;
            name?: string;
            uid?: string;
            controller?: boolean;
        }[];
    };
}
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface ListWatchHandler {
    /**
     * A complete list, one page at a time (pages of up to 500 objects are not kept): after the last
     * page, objects not in the list are gone (deleted while the watch was down).
     */
    onListPage(objects: KubeObject[], resource: string, first: boolean, last: boolean): void;
    onEvent(type: WatchEventType, object: KubeObject, resource: string): void;
}
export interface ListWatchStats {
    lists: number;
    /** re-lists forced by 410 Gone (the resource version was compacted away) */
    gone: number;
    /** watch connections that failed (then retried with backoff) */
    errors: number;
    /** watch events received (bookmarks included) */
    events: number;
}
/**
 * List-and-watch of one resource path (e.g. `/api/v1/pods`, `/apis/apps/v1/namespaces/x/replicasets`):
 * a paged list, then a watch from its resourceVersion with bookmarks; a watch that ends is resumed
 * from the last resourceVersion seen, a 410 Gone (version compacted) re-lists, any other failure
 * waits with the project's backoff and resumes. Objects are handed over one page at a time and not
 * kept: the handler keeps only what it needs.
 */
export declare class ListWatch {
    private readonly client;
    readonly path: string;
    readonly resource: string;
    private readonly handler;
    private readonly onSynced;
    readonly stats: ListWatchStats;
    private rv;
    private synced;
    private readonly backoff;
    constructor(client: KubeClient, path: string, resource: string, handler: ListWatchHandler, onSynced?: () => void);
    get hasSynced(): boolean;
    run(signal: AbortSignal): Promise<void>;
    private list;
    private watch;
}
//# sourceMappingURL=list-watch.d.ts.map