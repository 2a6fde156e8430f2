/**
 * Demo configuration: environment > default, validated once at start, all errors reported together.
 * Every variable is documented in docs/deploy.md.
 */

/** @typedef {{ min: number, max: number }} Range */

/**
 * @typedef {object} DemoConfig
 * @property {Range} groupwarePods   DEMO_PODS: "5..10" (autoscaled between), or "7" (fixed)
 * @property {number} portalPods     DEMO_PORTAL_PODS
 * @property {number} rps            DEMO_RPS: average incoming requests/s (the load follows a cycle around it)
 * @property {number} cycleS         DEMO_CYCLE_S: period of the load wave that drives the autoscaler
 * @property {boolean} chaos         DEMO_CHAOS: on/off
 * @property {number} chaosIntervalS DEMO_CHAOS_INTERVAL_S: mean seconds between chaos events
 * @property {number} durationS      DEMO_DURATION_S: stop after this many seconds (0 = until a signal)
 * @property {string} namespace      DEMO_NAMESPACE
 * @property {number} nodes          DEMO_NODES: number of fake node names pods are spread over
 * @property {boolean} agent         DEMO_AGENT: on/off (off runs the pods without the agent)
 * @property {number} graceMs        DEMO_GRACE_MS: SIGTERM grace period before SIGKILL
 * @property {number} statsS         DEMO_STATS_S: seconds between traffic summary lines (0 = never)
 * @property {boolean} verbose       DEMO_VERBOSE: forward the pods' stdout too
 * @property {'postgres' | 'simulated'} database DEMO_DATABASE: a real PostgreSQL (deploy/databases/db.sh,
 *                                   falling back to the simulated one when it cannot be started) or the simulated one
 * @property {boolean} kubernetes    DEMO_KUBERNETES: on/off; on = register the pods in the API server of DEMO_KUBE_API
 * @property {string | undefined} kubeApi DEMO_KUBE_API: a JSON file {url, ca, adminToken} (what
 *                                   deploy/k8s-test/apiserver.sh start prints); `pnpm start` sets it
 */

const BOOL_ON = new Set(['1', 'on', 'true', 'yes']);
const BOOL_OFF = new Set(['0', 'off', 'false', 'no']);

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {DemoConfig}
 */
export function loadConfig(env = process.env) {
  /** @type {string[]} */
  const errors = [];

  /**
   * @param {string} name
   * @param {number} def
   * @param {{ min?: number, max?: number, integer?: boolean }} [opts]
   */
  const num = (name, def, opts = {}) => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return def;
    const v = Number(raw);
    const { min = 0, max = Number.MAX_SAFE_INTEGER, integer = true } = opts;
    if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
      errors.push(
        `${name}=${JSON.stringify(raw)}: expected ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`,
      );
      return def;
    }
    return v;
  };

  /** @param {string} name @param {boolean} def */
  const bool = (name, def) => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return def;
    const v = raw.trim().toLowerCase();
    if (BOOL_ON.has(v)) return true;
    if (BOOL_OFF.has(v)) return false;
    errors.push(`${name}=${JSON.stringify(raw)}: expected on or off`);
    return def;
  };

  /** @returns {Range} */
  const range = () => {
    const raw = (env.DEMO_PODS ?? '').trim();
    if (raw === '') return { min: 5, max: 10 };
    const m = /^(\d+)\s*(?:(?:\.\.|-|:)\s*(\d+))?$/.exec(raw);
    const min = m ? Number(m[1]) : Number.NaN;
    const max = m?.[2] !== undefined ? Number(m[2]) : min;
    if (!m || min < 1 || max < min || max > 40) {
      errors.push(`DEMO_PODS=${JSON.stringify(raw)}: expected "N" or "MIN..MAX" with 1 <= MIN <= MAX <= 40`);
      return { min: 5, max: 10 };
    }
    return { min, max };
  };

  const database = (env.DEMO_DATABASE ?? 'postgres').trim().toLowerCase() || 'postgres';
  if (database !== 'postgres' && database !== 'simulated') {
    errors.push(`DEMO_DATABASE=${JSON.stringify(env.DEMO_DATABASE)}: expected postgres or simulated`);
  }

  const namespace = (env.DEMO_NAMESPACE ?? 'demo').trim() || 'demo';
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) {
    errors.push(`DEMO_NAMESPACE=${JSON.stringify(namespace)}: expected a Kubernetes namespace name (RFC 1123 label)`);
  }

  /** @type {DemoConfig} */
  const config = {
    groupwarePods: range(),
    portalPods: num('DEMO_PORTAL_PODS', 2, { min: 1, max: 10 }),
    rps: num('DEMO_RPS', 30, { min: 0, max: 500, integer: false }),
    cycleS: num('DEMO_CYCLE_S', 300, { min: 30, max: 86_400 }),
    chaos: bool('DEMO_CHAOS', true),
    chaosIntervalS: num('DEMO_CHAOS_INTERVAL_S', 40, { min: 5, max: 86_400 }),
    durationS: num('DEMO_DURATION_S', 0, { min: 0, max: 365 * 86_400 }),
    namespace,
    nodes: num('DEMO_NODES', 3, { min: 1, max: 50 }),
    agent: bool('DEMO_AGENT', true),
    graceMs: num('DEMO_GRACE_MS', 10_000, { min: 100, max: 120_000 }),
    statsS: num('DEMO_STATS_S', 30, { min: 0, max: 86_400 }),
    verbose: bool('DEMO_VERBOSE', false),
    database: database === 'simulated' ? 'simulated' : 'postgres',
    kubernetes: bool('DEMO_KUBERNETES', true),
    kubeApi: env.DEMO_KUBE_API?.trim() || undefined,
  };
  if (errors.length > 0) {
    const err = new Error(`invalid demo configuration:\n  - ${errors.join('\n  - ')}`);
    err.name = 'DemoConfigError';
    throw err;
  }
  return config;
}
