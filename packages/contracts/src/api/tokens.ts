import { type Static, Type } from '@sinclair/typebox';
import { IsoTime, Nullable, Role } from './common.js';

export const CreateTokenBody = Type.Object({
  role: Role,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]*$' })),
  /** lifetime in days; default PODTRAIL_TOKEN_TTL_DAYS; 0 = never expires */
  ttlDays: Type.Optional(Type.Number({ minimum: 0, maximum: 36500 })),
});
export type CreateTokenBody = Static<typeof CreateTokenBody>;

export const CreateTokenResponse = Type.Object({
  /** clear text, shown only in this response */
  token: Type.String(),
  /** first 12 hex chars of sha256(token): use it to revoke */
  id: Type.String(),
  role: Role,
  name: Type.String(),
  expiresAt: Nullable(IsoTime),
});
export type CreateTokenResponse = Static<typeof CreateTokenResponse>;

export const TokenInfo = Type.Object({
  id: Type.String(),
  role: Role,
  name: Type.String(),
  source: Type.Union([Type.Literal('static'), Type.Literal('stored')]),
  createdAt: Nullable(IsoTime),
  expiresAt: Nullable(IsoTime),
  revoked: Type.Boolean(),
});
export type TokenInfo = Static<typeof TokenInfo>;

export const TokensResponse = Type.Object({ tokens: Type.Array(TokenInfo) });
export type TokensResponse = Static<typeof TokensResponse>;

export const TokenIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{8,64}$' }) });
export type TokenIdParams = Static<typeof TokenIdParams>;

export const RevokeTokenResponse = Type.Object({ revoked: Type.Integer() });
export type RevokeTokenResponse = Static<typeof RevokeTokenResponse>;

export const WhoAmIResponse = Type.Object({ role: Role, tokenId: Type.String(), authEnabled: Type.Boolean() });
export type WhoAmIResponse = Static<typeof WhoAmIResponse>;
