import {
  type CreateTokenBody,
  CreateTokenBody as CreateTokenBodySchema,
  type CreateTokenResponse,
  CreateTokenResponse as CreateTokenResponseSchema,
  type RevokeTokenResponse,
  RevokeTokenResponse as RevokeTokenResponseSchema,
  type TokenIdParams,
  TokenIdParams as TokenIdParamsSchema,
  type TokensResponse,
  TokensResponse as TokensResponseSchema,
  type WhoAmIResponse,
  WhoAmIResponse as WhoAmIResponseSchema,
} from '@podtrail/contracts/api';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiConfig } from '../api-config.js';
import { ApiError } from '../errors.js';
import { isoOrNull } from './query-util.js';
import { errorResponses } from './schemas.js';

/** Token management (admin) and `whoami` (any role that can read). */
const tokenRoutes: FastifyPluginAsync<{ cfg: ApiConfig }> = async (app, { cfg }) => {
  app.post<{ Body: CreateTokenBody; Reply: CreateTokenResponse }>(
    '/tokens',
    {
      config: { auth: 'admin' },
      onRequest: app.requireRole('admin'),
      schema: {
        summary: 'Create a token (the clear text is returned once)',
        tags: ['auth'],
        body: CreateTokenBodySchema,
        response: { 200: CreateTokenResponseSchema, ...errorResponses },
      },
    },
    async (req) => {
      const days = req.body.ttlDays ?? cfg.tokenTtlDays;
      const name = req.body.name ?? `${req.body.role}-token`;
      const { token, record } = await app.tokens.create(req.body.role, name, days > 0 ? days * 86_400_000 : null);
      req.log.info({ tokenId: record.hash.slice(0, 12), role: record.role, by: req.auth?.tokenId }, 'token created');
      return { token, id: record.hash.slice(0, 12), role: record.role, name, expiresAt: isoOrNull(record.expiresAt) };
    },
  );
  app.get<{ Reply: TokensResponse }>(
    '/tokens',
    {
      config: { auth: 'admin' },
      onRequest: app.requireRole('admin'),
      schema: {
        summary: 'List tokens (ids and roles, never the tokens)',
        tags: ['auth'],
        response: { 200: TokensResponseSchema, ...errorResponses },
      },
    },
    async () => {
      await app.tokens.refresh().catch(() => {});
      return {
        tokens: app.tokens.list().map((t) => ({
          id: t.hash.slice(0, 12),
          role: t.role,
          name: t.name,
          source: t.source,
          createdAt: t.source === 'static' ? null : isoOrNull(t.createdAt),
          expiresAt: isoOrNull(t.expiresAt),
          revoked: t.revoked,
        })),
      };
    },
  );
  app.delete<{ Params: TokenIdParams; Reply: RevokeTokenResponse }>(
    '/tokens/:id',
    {
      config: { auth: 'admin' },
      onRequest: app.requireRole('admin'),
      schema: {
        summary: 'Revoke a stored token by id (first hex chars of its sha256)',
        tags: ['auth'],
        params: TokenIdParamsSchema,
        response: { 200: RevokeTokenResponseSchema, ...errorResponses },
      },
    },
    async (req) => {
      const n = await app.tokens.revoke(req.params.id);
      if (n === 0) throw new ApiError('API_NOT_FOUND', 'no such token', 'id');
      if (n > 1) throw new ApiError('API_VALIDATION', 'the id matches several tokens; give more characters', 'id');
      return { revoked: 1 };
    },
  );
  app.get<{ Reply: WhoAmIResponse }>(
    '/whoami',
    {
      config: { auth: 'read' },
      onRequest: app.requireRole('read'),
      schema: {
        summary: 'The role of the presented token',
        tags: ['auth'],
        response: { 200: WhoAmIResponseSchema, ...errorResponses },
      },
    },
    async (req) => ({ role: req.auth!.role, tokenId: req.auth!.tokenId, authEnabled: cfg.authEnabled }),
  );
};

export default tokenRoutes;
