import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vite';

/**
 * The dashboard is plain React 19 compiled by esbuild's automatic JSX runtime: no React plugin.
 * `pnpm --filter @podtrail/ui build` writes dist/, which the collector serves at `/` (same origin as
 * the API). `pnpm --filter @podtrail/ui dev` proxies /api, /healthz and /readyz to PODTRAIL_API.
 */
const api = process.env.PODTRAIL_API ?? 'http://127.0.0.1:4318';
const buildId = `${new Date()
  .toISOString()
  .replace(/[-:.TZ]/g, '')
  .slice(0, 14)}-${createHash('sha1')
  .update(String(Date.now()) + Math.random())
  .digest('hex')
  .slice(0, 8)}`;

/** Emits dist/version.json: wall screens poll it and reload themselves when a new build is served. */
function versionFile(): Plugin {
  return {
    name: 'podtrail-version-file',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'version.json', source: `${JSON.stringify({ build: buildId })}\n` });
    },
  };
}

export default defineConfig({
  base: './',
  define: { __PODTRAIL_BUILD__: JSON.stringify(buildId) },
  esbuild: { jsx: 'automatic', jsxImportSource: 'react' },
  plugins: [versionFile()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    port: 5173,
    proxy: {
      '/api/v1/live': { target: api, ws: true, changeOrigin: true },
      '/api': { target: api, changeOrigin: true },
      '/healthz': { target: api, changeOrigin: true },
      '/readyz': { target: api, changeOrigin: true },
    },
  },
});
