import { Backoff, sleep } from '@podtrail/contracts/retry';
import { KubeApiError } from './kube-client.js';
const PAGE = 500;
/**
 * List-and-watch of one resource path (e.g. `/api/v1/pods`, `/apis/apps/v1/namespaces/x/replicasets`):
 * a paged list, then a watch from its resourceVersion with bookmarks; a watch that ends is resumed
 * from the last resourceVersion seen, a 410 Gone (version compacted) re-lists, any other failure
 * waits with the project's backoff and resumes. Objects are handed over one page at a time and not
 * kept: the handler keeps only what it needs.
 */
export class ListWatch {
    client;
    path;
    resource;
    handler;
    onSynced;
    stats = { lists: 0, gone: 0, errors: 0, events: 0 };
    rv = '';
    synced = false;
    backoff = new Backoff({ baseMs: 250, capMs: 10_000 });
    constructor(client, path, resource, handler, onSynced = () => { }) {
        this.client = client;
        this.path = path;
        this.resource = resource;
        this.handler = handler;
        this.onSynced = onSynced;
    }
    get hasSynced() {
        return this.synced;
    }
    async run(signal) {
        while (!signal.aborted) {
            try {
                if (!this.rv)
                    await this.list(signal);
                if (signal.aborted)
                    return;
                await this.watch(signal);
                this.backoff.reset();
            }
            catch (err) {
                if (signal.aborted)
                    return;
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
    async list(signal) {
        let cont = '';
        let rv = '';
        let first = true;
        do {
            const q = new URLSearchParams({ limit: String(PAGE) });
            if (cont)
                q.set('continue', cont);
            const page = await this.client.request('GET', `${this.path}?${q}`);
            if (signal.aborted)
                return;
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
    async watch(signal) {
        const q = new URLSearchParams({
            watch: '1',
            resourceVersion: this.rv,
            allowWatchBookmarks: 'true',
            timeoutSeconds: String(240 + Math.floor(Math.random() * 120)),
        });
        await this.client.stream(`${this.path}?${q}`, (line) => {
            const ev = JSON.parse(line);
            this.stats.events++;
            if (ev.type === 'ERROR') {
                const code = ev.object.code ?? 500;
                throw new KubeApiError(code, ev.object.reason ?? '', ev.object.message ?? 'watch error');
            }
            const rv = ev.object.metadata?.resourceVersion;
            if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED')
                this.handler.onEvent(ev.type, ev.object, this.resource);
            if (rv)
                this.rv = rv;
            this.backoff.reset();
        }, signal);
    }
}
//# sourceMappingURL=list-watch.js.map