import { LIVE_SERVER_MESSAGE_CHECKS } from './live-checks.generated.js';
import type { LiveMessage } from './types.js';

/**
 * The live stream's messages are checked against the contract's schemas before the page uses
 * them: one check per `LiveServerMessage` type, compiled ahead of time from the schemas by
 * TypeBox (live-checks.generated.ts), so the page does not ship TypeBox. A collector of another
 * version, a proxy or a bug must not put garbage into the board.
 */
const checks: Readonly<Record<string, (value: unknown) => boolean>> = LIVE_SERVER_MESSAGE_CHECKS;

/** A frame's text as a server message, or why it is not one. */
export function parseServerMessage(text: string): { msg: LiveMessage } | { error: string } {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return { error: 'not JSON' };
  }
  const type = typeof m === 'object' && m !== null ? (m as { type?: unknown }).type : undefined;
  const check = typeof type === 'string' && Object.hasOwn(checks, type) ? checks[type] : undefined;
  if (!check) return { error: `unknown message type ${JSON.stringify(type)}` };
  return check(m) ? { msg: m as LiveMessage } : { error: `a ${type} message that does not match the contract` };
}
