/**
 * Steady open-model traffic (requests are sent on a clock, not after the previous one finished):
 * mostly through the portal (an ingress in front of portal-demo), some directly to groupware-demo
 * (a "mobile app" API). The supervisor runs it uninstrumented, so the pods' server spans are the roots.
 */
import http from 'node:http';

const WORDS = ['budget', 'offsite', 'invoice', 'roadmap', 'holiday', 'contract', 'release', 'standup', 'hiring'];

/** @type {{ weight: number, target: 'portal' | 'groupware', path: () => string }[]} */
const MIX = [
  { weight: 40, target: 'portal', path: () => '/' },
  { weight: 10, target: 'portal', path: () => '/login' },
  { weight: 15, target: 'portal', path: () => `/search?q=${WORDS[Math.floor(Math.random() * WORDS.length)]}` },
  { weight: 10, target: 'portal', path: () => '/static/app.js' },
  { weight: 10, target: 'groupware', path: () => '/api/mail/inbox' },
  { weight: 8, target: 'groupware', path: () => `/api/mail/${1 + Math.floor(Math.random() * 20_000)}` },
  {
    weight: 12,
    target: 'groupware',
    path: () => `/api/attachments/preview?file=doc-${Math.floor(Math.random() * 500)}.pdf`,
  },
  { weight: 3, target: 'groupware', path: () => '/api/report/monthly' },
];
const TOTAL_WEIGHT = MIX.reduce((s, m) => s + m.weight, 0);

function pickRoute() {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const m of MIX) {
    r -= m.weight;
    if (r < 0) return m;
  }
  return MIX[0];
}

const TICK_MS = 50;

export class LoadGenerator {
  /**
   * @param {{ targets: () => { portal: string[], groupware: string[] }, rps: () => number, maxInFlight?: number }} opts
   */
  constructor({ targets, rps, maxInFlight = 200 }) {
    this.targets = targets;
    this.rps = rps;
    this.maxInFlight = maxInFlight;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 32, timeout: 20_000 });
    this.inFlight = 0;
    this.carry = 0;
    this.rr = 0;
    /** @type {NodeJS.Timeout | undefined} */
    this.timer = undefined;
    this.resetStats();
  }

  resetStats() {
    this.stats = {
      since: Date.now(),
      sent: 0,
      ok: 0,
      errors: 0,
      unreachable: 0,
      skipped: 0,
      durations: /** @type {number[]} */ ([]),
    };
  }

  start() {
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      const due = (this.rps() * (now - last)) / 1000 + this.carry;
      last = now;
      const n = Math.floor(due);
      this.carry = due - n;
      for (let i = 0; i < n; i++) this.fire();
    }, TICK_MS);
  }

  fire() {
    const route = pickRoute();
    const list = this.targets()[route.target];
    if (list.length === 0 || this.inFlight >= this.maxInFlight) {
      this.stats.skipped++;
      return;
    }
    const base = list[this.rr++ % list.length];
    const started = performance.now();
    this.inFlight++;
    this.stats.sent++;
    let done = false;
    /** @param {number} status */
    const finish = (status) => {
      if (done) return;
      done = true;
      this.inFlight--;
      if (status === 0) this.stats.unreachable++;
      else if (status >= 500) this.stats.errors++;
      else this.stats.ok++;
      if (status !== 0) this.stats.durations.push(performance.now() - started);
    };
    const req = http.get(`${base}${route.path()}`, { agent: this.agent, timeout: 20_000 }, (res) => {
      res.resume();
      res.on('end', () => finish(res.statusCode ?? 0));
      res.on('error', () => finish(0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => finish(0));
  }

  /** Summary of the window since the last call, then a new window. */
  takeStats() {
    const s = this.stats;
    const secs = Math.max(0.001, (Date.now() - s.since) / 1000);
    const d = s.durations.sort((a, b) => a - b);
    const q = (/** @type {number} */ p) => (d.length ? d[Math.min(d.length - 1, Math.floor(p * d.length))] : 0);
    this.resetStats();
    return {
      rps: s.sent / secs,
      sent: s.sent,
      errorPct: s.sent ? (100 * (s.errors + s.unreachable)) / s.sent : 0,
      unreachable: s.unreachable,
      skipped: s.skipped,
      p50: q(0.5),
      p95: q(0.95),
    };
  }

  stop() {
    clearInterval(this.timer);
    this.agent.destroy();
  }
}
