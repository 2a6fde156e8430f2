import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LIVE_SERVER_MESSAGES } from '@podtrail/contracts/api';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import { LIVE_SERVER_MESSAGE_CHECKS } from './live-checks.generated.js';

const generator = fileURLToPath(new URL('../../scripts/generate-live-checks.mjs', import.meta.url));

describe('live message checks compiled ahead of time', () => {
  it('are what the contract schemas compile to now (regenerate with gen:live-checks)', () => {
    expect(() => execFileSync(process.execPath, [generator, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('cover every server message type and agree with TypeBox on sample messages', () => {
    expect(Object.keys(LIVE_SERVER_MESSAGE_CHECKS).sort()).toEqual(Object.keys(LIVE_SERVER_MESSAGES).sort());
    const samples: unknown[] = [
      { type: 'hello', seq: 0, serverTime: 1_700_000_000_000, hubId: 'ab12', graceMs: 2000 },
      { type: 'hello', seq: -1, serverTime: 1, hubId: 'ab12', graceMs: 2000 },
      { type: 'tick', seq: 5, ts: 1_700_000_000, pods: [] },
      { type: 'tick', seq: 5, ts: 1_700_000_000, late: 'yes', pods: [] },
      { type: 'dropped', count: 3 },
      { type: 'dropped', count: 3, seq: 1.5 },
      { type: 'pong', serverTime: 1 },
      { type: 'error', code: 'APM_ERR_LIVE_BAD_MESSAGE', message: 'm', field: 'filter.pod' },
      { type: 'error', code: 'APM_ERR_LIVE_BAD_MESSAGE' },
      null,
      [],
    ];
    for (const [type, schema] of Object.entries(LIVE_SERVER_MESSAGES)) {
      const runtime = TypeCompiler.Compile(schema);
      const aot = LIVE_SERVER_MESSAGE_CHECKS[type as keyof typeof LIVE_SERVER_MESSAGE_CHECKS];
      for (const m of samples) expect(aot(m), `${type} ${JSON.stringify(m)}`).toBe(runtime.Check(m));
    }
  });
});
