import { readFileSync } from 'node:fs';

// How agent and collector reach a Kafka cluster that wants TLS and/or SASL. Both read the same
// environment variables, so one set of settings serves a whole deployment.

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface KafkaSecurity {
  /** TLS to the brokers; `ca` (PEM) replaces the system's trusted roots when given */
  tls?: { ca?: string; rejectUnauthorized: boolean };
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
}

/**
 * | env | default | meaning |
 * |---|---|---|
 * | KAFKA_TLS | false | TLS to the brokers |
 * | KAFKA_TLS_CA_FILE | (system roots) | PEM file of the CA(s) to trust; implies KAFKA_TLS |
 * | KAFKA_TLS_INSECURE | false | accept any broker certificate (testing only) |
 * | KAFKA_SASL_MECHANISM | (none) | plain, scram-sha-256 or scram-sha-512 |
 * | KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD | | SASL credentials (required with a mechanism) |
 *
 * Returns the settings and every problem, each naming its variable.
 */
export function readKafkaSecurity(env: Record<string, string | undefined>): {
  security: KafkaSecurity;
  errors: string[];
} {
  const errors: string[] = [];
  const security: KafkaSecurity = {};
  const flag = (name: string): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return false;
    if (['true', '1', 'on', 'yes'].includes(raw)) return true;
    if (!['false', '0', 'off', 'no'].includes(raw))
      errors.push(`${name} must be true or false (got ${JSON.stringify(env[name])})`);
    return false;
  };
  const caFile = env.KAFKA_TLS_CA_FILE?.trim();
  const insecure = flag('KAFKA_TLS_INSECURE');
  if (flag('KAFKA_TLS') || caFile || insecure) {
    security.tls = { rejectUnauthorized: !insecure };
    if (caFile) {
      try {
        security.tls.ca = readFileSync(caFile, 'utf8');
      } catch (err) {
        errors.push(
          `KAFKA_TLS_CA_FILE ${JSON.stringify(caFile)} cannot be read (${(err as NodeJS.ErrnoException).code ?? err})`,
        );
      }
    }
  }
  const mechanism = env.KAFKA_SASL_MECHANISM?.trim().toLowerCase();
  if (mechanism) {
    const username = env.KAFKA_SASL_USERNAME ?? '';
    const password = env.KAFKA_SASL_PASSWORD ?? '';
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism))
      errors.push(
        `KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')} (got ${JSON.stringify(env.KAFKA_SASL_MECHANISM)})`,
      );
    if (!username) errors.push('KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM');
    if (!password) errors.push('KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM');
    security.sasl = { mechanism: mechanism as SaslMechanism, username, password };
  } else if (env.KAFKA_SASL_USERNAME || env.KAFKA_SASL_PASSWORD) {
    errors.push('KAFKA_SASL_MECHANISM is required with KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD');
  }
  return { security, errors };
}
