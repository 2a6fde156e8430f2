import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { ManifestObject } from './k8s-manifests.js';

/**
 * Plain HTTPS requests to the test API server with one bearer token: what a client with that token
 * gets (status code and body), without a client library deciding what a 403 means.
 */
export interface KubeResponse {
  status: number;
  body: Record<string, unknown>;
}

interface DiscoveredResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export class KubeHttp {
  private readonly ca: Buffer;
  private readonly discovery = new Map<string, DiscoveredResource[]>();

  constructor(
    readonly url: string,
    caFile: string,
    private readonly token: string,
  ) {
    this.ca = readFileSync(caFile);
  }

  /** A request; with `watch`, the status is taken and the stream closed at once. */
  send(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    watch = false,
  ): Promise<KubeResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolveResponse, reject) => {
      const req = request(
        new URL(path, this.url),
        {
          method,
          ca: this.ca,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(payload ? { 'content-type': contentType, 'content-length': payload.length } : {}),
          },
          timeout: 30_000,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (watch && status === 200) {
            res.destroy();
            resolveResponse({ status, body: {} });
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: Record<string, unknown> = {};
            try {
              parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
            } catch {
              parsed = { text };
            }
            resolveResponse({ status, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The collection path of a resource: /api/v1/pods, /apis/apps/v1/namespaces/demo/deployments. */
  static collectionPath(group: string, version: string, resource: string, namespace?: string): string {
    const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
    return namespace ? `${base}/namespaces/${namespace}/${resource}` : `${base}/${resource}`;
  }

  /** The path of one object, its resource found through the API server's discovery. */
  async objectPath(object: ManifestObject): Promise<string> {
    const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    let resources = this.discovery.get(object.apiVersion);
    if (!resources) {
      const res = await this.send('GET', group === '' ? `/api/${version}` : `/apis/${group}/${version}`);
      if (res.status !== 200) throw new Error(`discovery of ${object.apiVersion}: HTTP ${res.status}`);
      resources = res.body.resources as DiscoveredResource[];
      this.discovery.set(object.apiVersion, resources);
    }
    const resource = resources.find((r) => r.kind === object.kind && !r.name.includes('/'));
    if (!resource) throw new Error(`the API server serves no ${object.kind} in ${object.apiVersion}`);
    const namespace = resource.namespaced ? (object.metadata.namespace ?? 'default') : undefined;
    return `${KubeHttp.collectionPath(group ?? '', version ?? '', resource.name, namespace)}/${object.metadata.name}`;
  }

  /**
   * Server-side apply of one object, as `kubectl apply --server-side` does, with unknown or
   * duplicate fields refused (fieldValidation=Strict); `dryRun` asks the server to check only.
   */
  async apply(object: ManifestObject, options: { dryRun: boolean }): Promise<KubeResponse> {
    const query = new URLSearchParams({ fieldManager: 'podtrail-manifest-test', fieldValidation: 'Strict' });
    if (options.dryRun) query.set('dryRun', 'All');
    const path = `${await this.objectPath(object)}?${query}`;
    return this.send('PATCH', path, object, 'application/apply-patch+yaml');
  }
}
