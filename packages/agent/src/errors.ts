/** Stable error codes of the agent (`APM_ERR_AGENT_<WHAT>`); printed on stderr, asserted by tests. */
export const AGENT_ERRORS = {
  config: 'APM_ERR_AGENT_CONFIG',
  start: 'APM_ERR_AGENT_START',
  export: 'APM_ERR_AGENT_EXPORT',
} as const;

export type AgentErrorCode = (typeof AGENT_ERRORS)[keyof typeof AGENT_ERRORS];

export class AgentError extends Error {
  readonly code: AgentErrorCode;
  /** one entry per invalid setting, each naming the field */
  readonly details: string[];
  constructor(code: AgentErrorCode, message: string, details: string[] = []) {
    super(message);
    this.name = 'AgentError';
    this.code = code;
    this.details = details;
  }
}
