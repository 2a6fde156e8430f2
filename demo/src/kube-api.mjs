/**
 * A small client of the Kubernetes API server for the demo's "kubelet and controllers"
 * (kube-registrar.mjs): JSON requests over node:https with a bearer token and the server's CA.
 * The connection comes from the JSON that `deploy/k8s-test/apiserver.sh start` prints (url, ca,
 * adminToken), kept in a file by `pnpm start` (DEMO_KUBE_API).
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';

/** An error answered by the API server: its status code and the Status reason (AlreadyExists, ...). */
export class KubeApiError extends Error {
  /** @param {number} status @param {string} reason @param {string} message */
  constructor(status, reason, message) {
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
  }
}

/** @typedef {{ url: string, ca: string, adminToken: string }} KubeConnection */

export class KubeApi {
  /** @param {KubeConnection} connection */
  constructor(connection) {
    this.url = connection.url.replace(/\/$/, '');
    this.token = connection.adminToken;
    // one kept-alive connection pool: the demo writes many small status updates
    this.agent = new Agent({ keepAlive: true, maxSockets: 4, ca: readFileSync(connection.ca) });
  }

  /** @param {string} file JSON with url, ca and adminToken (apiserver.sh's connection line) */
  static fromFile(file) {
    /** @type {KubeConnection} */
    const c = JSON.parse(readFileSync(file, 'utf8'));
    for (const key of /** @type {const} */ (['url', 'ca', 'adminToken'])) {
      if (typeof c[key] !== 'string' || c[key] === '') throw new Error(`${file}: "${key}" is missing`);
    }
    return new KubeApi(c);
  }

  /**
   * A JSON request; a status >= 400 rejects with KubeApiError.
   * @param {string} method @param {string} path @param {unknown} [body]
   * @param {string} [contentType] @returns {Promise<any>}
   */
  request(method, path, body, contentType = 'application/json') {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(this.url + path),
        {
          method,
          agent: this.agent,
          timeout: 30_000,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(payload ? { 'content-type': contentType, 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          /** @type {Buffer[]} */
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed;
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              parsed = { message: text.slice(0, 300) };
            }
            const status = res.statusCode ?? 0;
            if (status >= 400) {
              reject(
                new KubeApiError(status, parsed.reason ?? '', `${method} ${path}: ${status} ${parsed.message ?? ''}`),
              );
            } else resolve(parsed);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** @param {string} path @param {object} body */
  create(path, body) {
    return this.request('POST', path, body);
  }

  /** A JSON merge patch (RFC 7386). @param {string} path @param {object} body */
  patch(path, body) {
    return this.request('PATCH', path, body, 'application/merge-patch+json');
  }

  /** @param {string} path @param {object} [options] DeleteOptions */
  delete(path, options) {
    return this.request('DELETE', path, options ? { apiVersion: 'v1', kind: 'DeleteOptions', ...options } : undefined);
  }

  /** Creates an object unless one of that name exists (409 AlreadyExists is success). @param {string} path @param {object} body */
  async ensure(path, body) {
    try {
      return await this.create(path, body);
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 409) return undefined;
      throw err;
    }
  }

  close() {
    this.agent.destroy();
  }
}

/** RFC 3339 in whole seconds, as the API server stores times. @param {number} ms */
export const kubeTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
