import { build } from './app.js';
import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';
/**
 * Collector process: load config (all errors at once), build, listen, log the URL; on SIGTERM /
 * SIGINT close gracefully (the batch in progress is inserted and committed, the consumer leaves
 * its group, ClickHouse is closed). A second signal exits at once.
 */
async function main() {
    let config;
    try {
        config = loadConfig();
    }
    catch (err) {
        if (err instanceof ConfigError) {
            process.stderr.write(`${err.code}: ${err.message}\n`);
            process.exit(2);
        }
        throw err;
    }
    const app = await build(config);
    let closing = false;
    const shutdown = (signal) => {
        if (closing) {
            app.log.warn({ signal }, 'second signal: exiting now');
            process.exit(1);
        }
        closing = true;
        app.log.info({ signal }, 'shutting down');
        const force = setTimeout(() => {
            app.log.error('graceful shutdown timed out after 30 s; exiting');
            process.exit(1);
        }, 30_000);
        force.unref();
        app.close().then(() => process.exit(0), (err) => {
            app.log.error({ err }, 'shutdown failed');
            process.exit(1);
        });
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
    await app.listen({ host: config.host, port: config.port });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    app.log.info(`podtrail collector listening on http://${host}:${port} (API, OTLP/HTTP /v1/*, UI)`);
}
main().catch((err) => {
    process.stderr.write(`collector failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
});
//# sourceMappingURL=server.js.map