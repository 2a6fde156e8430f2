import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKafkaSecurity } from './kafka-security.js';

describe('readKafkaSecurity', () => {
  it('nothing set: plaintext, no SASL, no errors', () => {
    expect(readKafkaSecurity({})).toEqual({ security: {}, errors: [] });
  });

  it('TLS with a CA file and SCRAM credentials', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    expect(
      readKafkaSecurity({
        KAFKA_TLS_CA_FILE: join(dir, 'ca.pem'),
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'alice',
        KAFKA_SASL_PASSWORD: 's3cret',
      }),
    ).toEqual({
      security: {
        tls: { rejectUnauthorized: true, ca: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n' },
        sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 's3cret' },
      },
      errors: [],
    });
    expect(readKafkaSecurity({ KAFKA_TLS: 'true', KAFKA_TLS_INSECURE: 'yes' }).security).toEqual({
      tls: { rejectUnauthorized: false },
    });
  });

  it('every mistake is reported with the variable that is wrong', () => {
    expect(
      readKafkaSecurity({
        KAFKA_TLS: 'maybe',
        KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem',
        KAFKA_SASL_MECHANISM: 'gssapi',
      }).errors,
    ).toEqual([
      'KAFKA_TLS must be true or false (got "maybe")',
      'KAFKA_TLS_CA_FILE "/nonexistent/ca.pem" cannot be read (ENOENT)',
      'KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512 (got "gssapi")',
      'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM',
    ]);
    expect(readKafkaSecurity({ KAFKA_SASL_USERNAME: 'alice' }).errors).toEqual([
      'KAFKA_SASL_MECHANISM is required with KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD',
    ]);
  });
});
