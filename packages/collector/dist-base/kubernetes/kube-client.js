import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
/** An error answered by the API server (status code and its Status reason). */
export class KubeApiError extends Error {
    status;
    reason;
    constructor(status, reason, message) {
        super(message);
        this.status = status;
        this.reason = reason;
        this.name = 'KubeApiError';
    }
}
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Whether this process runs in a pod with a service account (the in-cluster configuration). */
export function inCluster(env = process.env) {
    return Boolean(env.KUBERNETES_SERVICE_HOST) && existsSync(`${SA_DIR}/token`);
}
/** The in-cluster configuration, or the kubeconfig file given. */
export function loadKubeConfig(kubeconfigPath) {
    const kc = new KubeConfig();
    if (kubeconfigPath)
        kc.loadFromFile(kubeconfigPath);
    else
        kc.loadFromCluster();
    return kc;
}
/** The namespace of the collector's pod (service-account file), for the Lease; null outside a pod. */
export function podNamespace() {
    try {
        return readFileSync(`${SA_DIR}/namespace`, 'utf8').trim() || null;
    }
    catch {
        return null;
    }
}
/**
 * A small HTTP client of the API server: JSON requests and watch streams, TLS and credentials from
 * the KubeConfig (re-applied per request, so a rotated service-account token is picked up).
 */
export class KubeClient {
    kc;
    server;
    constructor(kc) {
        this.kc = kc;
        const cluster = kc.getCurrentCluster();
        if (!cluster)
            throw new Error('the kubeconfig names no current cluster');
        this.server = cluster.server.replace(/\/$/, '');
    }
    async options(method, path, timeoutMs) {
        const url = new URL(this.server + path);
        const opts = { method, headers: { accept: 'application/json' }, timeout: timeoutMs };
        await this.kc.applyToHTTPSOptions(opts);
        return { ...opts, url };
    }
    async open(method, path, body, timeoutMs, contentType = 'application/json') {
        const { url, ...opts } = await this.options(method, path, timeoutMs);
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        if (payload)
            opts.headers = { ...opts.headers, 'content-type': contentType };
        const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
        return new Promise((resolve, reject) => {
            const req = send(url, opts, resolve);
            req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
            req.on('error', reject);
            req.end(payload);
        });
    }
    /** A JSON request; a status >= 400 is thrown as KubeApiError. */
    async request(method, path, body, timeoutMs = 30_000) {
        return this.send(method, path, body, timeoutMs);
    }
    /** A JSON merge patch (RFC 7386). */
    patch(path, body) {
        return this.send('PATCH', path, body, 30_000, 'application/merge-patch+json');
    }
    async send(method, path, body, timeoutMs, contentType) {
        const res = await this.open(method, path, body, timeoutMs, contentType);
        const chunks = [];
        for await (const c of res)
            chunks.push(c);
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status >= 400)
            throw statusError(status, text, `${method} ${path}`);
        return JSON.parse(text);
    }
    /**
     * A watch stream: calls `onLine` with each JSON line (one watch event) until the server ends the
     * stream, the signal aborts or the connection fails (rejected). Resolves when the stream ends.
     */
    async stream(path, onLine, signal, idleMs = 420_000) {
        // a connection silent for longer than the server's own watch timeout is a dead one (no FIN)
        const res = await this.open('GET', path, undefined, idleMs);
        const status = res.statusCode ?? 0;
        if (status >= 400) {
            const chunks = [];
            for await (const c of res)
                chunks.push(c);
            throw statusError(status, Buffer.concat(chunks).toString('utf8'), `GET ${path}`);
        }
        const abort = () => res.destroy();
        // aborted while the response was awaited: an abort listener added now would never fire, and the
        // stream would stay open until the server's watch timeout (minutes)
        if (signal.aborted) {
            abort();
            return;
        }
        signal.addEventListener('abort', abort, { once: true });
        let rest = '';
        try {
            res.setEncoding('utf8');
            for await (const chunk of res) {
                rest += chunk;
                let nl = rest.indexOf('\n');
                while (nl >= 0) {
                    const line = rest.slice(0, nl);
                    rest = rest.slice(nl + 1);
                    if (line.trim())
                        onLine(line);
                    nl = rest.indexOf('\n');
                }
            }
        }
        catch (err) {
            if (!signal.aborted)
                throw err;
        }
        finally {
            signal.removeEventListener('abort', abort);
        }
    }
}
function statusError(status, text, what) {
    let reason = '';
    let message = text.slice(0, 500);
    try {
        const s = JSON.parse(text);
        reason = s.reason ?? '';
        message = s.message ?? message;
    }
    catch {
        // not a Status object
    }
    return new KubeApiError(status, reason, `${what}: ${status} ${reason} ${message}`.trim());
}
//# sourceMappingURL=kube-client.js.map