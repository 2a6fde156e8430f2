import { Backoff, sleep } from '@podtrail/contracts/retry';
import { KubeApiError, type KubeClient } from './kube-client.js';

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
    ownerReferences?: { kind?: string; name?: string; uid?: string; controller?: boolean }[];
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

const PAGE = 500;

/**
 * List-and-watch of one resource path (e.g. `/api/v1/pods`, `/apis/apps/v1/namespaces/x/replicasets`):
 * a paged list, then a watch from its resourceVersion with bookmarks; a watch that ends is resumed
 * from the last resourceVersion seen, a 410 Gone (version compacted) re-lists, any other failure
 * waits with the project's backoff and resumes. Objects are handed over one page at a time and not
 * kept: the handler keeps only what it needs.
 */
export class ListWatch {
  readonly stats: ListWatchStats = { lists: 0, gone: 0, errors: 0, events: 0 };
  private rv = '';
  private synced = false;
  private readonly backoff = new Backoff({ baseMs: 250, capMs: 10_000 });

  constructor(
    private readonly client: KubeClient,
    readonly path: string,
    readonly resource: string,
    private readonly handler: ListWatchHandler,
    private readonly onSynced: () => void = () => {},
  ) {}

  get hasSynced(): boolean {
    return this.synced;
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (!this.rv) await this.list(signal);
        if (signal.aborted) return;
        await this.watch(signal);
        this.backoff.reset();
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof KubeApiError && err.status === 410) {
          this.stats.gone++;
          this.rv = '';
          continue;
        }
        this.stats.errors++;
        await sleep(this.backoff.next(), signal);
      }
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    let cont = '';
    let rv = '';
    let first = true;
    do {
      const q = new URLSearchParams({ limit: String(PAGE) });
      if (cont) q.set('continue', cont);
      const page = await this.client.request<{
        metadata?: { resourceVersion?: string; continue?: string };
        items?: KubeObject[];
      }>('GET', `${this.path}?${q}`);
      if (signal.aborted) return;
      rv = page.metadata?.resourceVersion ?? rv;
      cont = page.metadata?.continue ?? '';
      this.handler.onListPage(page.items ?? [], this.resource, first, !cont);
      first = false;
    } while (cont);
    this.stats.lists++;
    this.rv = rv;
    if (!this.synced) {
      this.synced = true;
      this.onSynced();
    }
  }

  private async watch(signal: AbortSignal): Promise<void> {
    const q = new URLSearchParams({
      watch: '1',
      resourceVersion: this.rv,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(240 + Math.floor(Math.random() * 120)),
    });
    await this.client.stream(
      `${this.path}?${q}`,
      (line) => {
        const ev = JSON.parse(line) as {
          type: string;
          object: KubeObject & { code?: number; reason?: string; message?: string };
        };
        this.stats.events++;
        if (ev.type === 'ERROR') {
          const code = ev.object.code ?? 500;
          throw new KubeApiError(code, ev.object.reason ?? '', ev.object.message ?? 'watch error');
        }
        const rv = ev.object.metadata?.resourceVersion;
        if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED')
          this.handler.onEvent(ev.type, ev.object, this.resource);
        if (rv) this.rv = rv;
        this.backoff.reset();
      },
      signal,
    );
  }
}
