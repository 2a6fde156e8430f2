import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { KafkaSecurity } from '@podtrail/contracts/kafka-security';
import type { BrokerConnection } from './broker-connection.js';
import {
  API_SASL_AUTHENTICATE,
  API_SASL_HANDSHAKE,
  KafkaError,
  kafkaError,
  RequestWriter,
  type ResponseReader,
} from './protocol.js';

// SASL on a fresh connection, before anything else is sent: SaslHandshake v1 names the mechanism,
// then SaslAuthenticate v1 carries its messages (one round for PLAIN, two for SCRAM, RFC 5802/7677).

type Sasl = NonNullable<KafkaSecurity['sasl']>;
const pbkdf2Async = promisify(pbkdf2);

export async function authenticate(conn: BrokerConnection, sasl: Sasl): Promise<void> {
  const mechanism = sasl.mechanism.toUpperCase();
  const handshake = await conn.request(API_SASL_HANDSHAKE, 1, [new RequestWriter().string(mechanism).bytes()]);
  const code = handshake.int16();
  if (code !== 0) {
    const offered = handshake.array((r) => r.string());
    throw new KafkaError(
      `SaslHandshake to ${conn.address}: ${mechanism} is not enabled on this listener (it offers ${offered.join(', ') || 'none'})`,
      code,
    );
  }
  if (sasl.mechanism === 'plain') {
    await exchange(conn, Buffer.from(`\0${sasl.username}\0${sasl.password}`));
    return;
  }
  await scram(conn, sasl, sasl.mechanism === 'scram-sha-256' ? 'sha256' : 'sha512');
}

/** One SaslAuthenticate round: our message out, the broker's answer back. */
async function exchange(conn: BrokerConnection, message: Buffer): Promise<Buffer> {
  const head = Buffer.allocUnsafe(4);
  head.writeInt32BE(message.length, 0);
  const r: ResponseReader = await conn.request(API_SASL_AUTHENTICATE, 1, [head, message]);
  const code = r.int16();
  const detail = r.nullableString();
  if (code !== 0) {
    const err = kafkaError(code, `SaslAuthenticate to ${conn.address}`);
    if (detail) err.message += `: ${detail}`;
    throw err;
  }
  return r.bytes();
}

async function scram(conn: BrokerConnection, sasl: Sasl, hash: 'sha256' | 'sha512'): Promise<void> {
  const nonce = randomBytes(24).toString('base64');
  const user = sasl.username.replace(/=/g, '=3D').replace(/,/g, '=2C');
  const clientFirstBare = `n=${user},r=${nonce}`;
  const serverFirst = (await exchange(conn, Buffer.from(`n,,${clientFirstBare}`))).toString('utf8');
  const fields = new Map(serverFirst.split(',').map((kv) => [kv.slice(0, 1), kv.slice(2)] as const));
  const serverNonce = fields.get('r') ?? '';
  const salt = Buffer.from(fields.get('s') ?? '', 'base64');
  const iterations = Number(fields.get('i'));
  if (!serverNonce.startsWith(nonce) || salt.length === 0 || !Number.isInteger(iterations) || iterations < 1)
    throw new KafkaError(`SaslAuthenticate to ${conn.address}: malformed SCRAM server message`, 58);
  const keyLength = hash === 'sha256' ? 32 : 64;
  const salted = await pbkdf2Async(sasl.password, salt, iterations, keyLength, hash);
  const clientKey = hmac(hash, salted, 'Client Key');
  const storedKey = createHash(hash).update(clientKey).digest();
  const clientFinalNoProof = `c=biws,r=${serverNonce}`; // biws = base64("n,,")
  const authMessage = `${clientFirstBare},${serverFirst},${clientFinalNoProof}`;
  const signature = hmac(hash, storedKey, authMessage);
  const proof = Buffer.alloc(clientKey.length);
  for (let i = 0; i < proof.length; i++) proof[i] = (clientKey[i] as number) ^ (signature[i] as number);
  const serverFinal = (
    await exchange(conn, Buffer.from(`${clientFinalNoProof},p=${proof.toString('base64')}`))
  ).toString('utf8');
  // The broker proves it knows the password too; a mismatch means we are not talking to it.
  const expected = hmac(hash, hmac(hash, salted, 'Server Key'), authMessage);
  const got = Buffer.from(serverFinal.startsWith('v=') ? serverFinal.slice(2) : '', 'base64');
  if (got.length !== expected.length || !timingSafeEqual(got, expected))
    throw new KafkaError(`SaslAuthenticate to ${conn.address}: the broker's SCRAM signature does not match`, 58);
}

function hmac(hash: string, key: Buffer, data: string): Buffer {
  return createHmac(hash, key).update(data).digest();
}
