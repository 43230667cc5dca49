import { createHash, randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { ApiToken } from './api-token.entity';
import type { ApiRole, Viewer } from './auth.types';

/** Every token starts with this, so that secret scanners and people can tell an apo-data token at a glance. */
const TOKEN_PREFIX = 'apo_';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 43 base62 characters carry 256 bits (43 × log2 62 ≈ 256.0). Base62 has no `-` or `_`, so a double click selects the whole token. */
const TOKEN_CHARS = 43;
const TOKEN_RE = new RegExp(`^${TOKEN_PREFIX}[A-Za-z0-9]{${TOKEN_CHARS}}$`);

const NAME_RE = /^[A-Za-z0-9._-]{1,100}$/;

/** A new secret: the prefix and 43 characters drawn uniformly from the CSPRNG (randomInt has no modulo bias). */
export function generateToken(): string {
  let secret = '';
  for (let i = 0; i < TOKEN_CHARS; i++) secret += ALPHABET[randomInt(ALPHABET.length)];
  return TOKEN_PREFIX + secret;
}

/** What is stored and looked up: the hex SHA-256 of the whole token. A fast hash suffices for 256 random bits (no dictionary to try). */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether `token` has the shape of one this service issues; anything else is refused without a database lookup. */
const isTokenShaped = (token: string) => TOKEN_RE.test(token);

/** Why `name` (already trimmed) cannot name a token, or null when it can. */
export function tokenNameProblem(name: string): string | null {
  if (NAME_RE.test(name)) return null;
  return `A token name must be 1 to 100 letters (A-Z, a-z), digits, ".", "_" or "-"; got ${JSON.stringify(name)}.`;
}

/**
 * Tokens are always read from the primary (`connectionType: 'write'`): a replica may lag, and a revoked token
 * must stop working on every instance at once.
 */
const PRIMARY = { connectionType: 'write' } as const;

export const findTokenByName = (em: EntityManager, name: string) => em.findOne(ApiToken, { name }, PRIMARY);

/** Every token, revoked ones included, oldest first. */
export const listTokens = (em: EntityManager) => em.find(ApiToken, {}, { ...PRIMARY, orderBy: { createdAt: 'asc', name: 'asc' } });

/** Stores a new token under a free, valid `name` and returns its secret, the only time it exists outside the caller's hands. */
export async function issueToken(em: EntityManager, name: string, role: ApiRole): Promise<{ token: string; record: ApiToken }> {
  const token = generateToken();
  const record = em.create(ApiToken, { name, role, tokenHash: hashToken(token) });
  await em.flush();
  return { token, record };
}

/** Revokes the token from now on; a token already revoked keeps its first revocation time. */
export async function revokeToken(em: EntityManager, record: ApiToken): Promise<void> {
  record.revokedAt ??= new Date();
  await em.flush();
}

/** The outcome of a request's credentials: who is asking (null: nobody), or why the request is refused. */
export type Authentication = { viewer: Viewer | null } | { refused: string; badToken: boolean };

/**
 * Authenticates an `Authorization` header (undefined: none sent). The token is found by its hash, which is the
 * constant-time comparison: the database compares hashes, never the secret, so how long a lookup takes says
 * nothing usable about any token (timingSafeEqual over the two hashes would protect exactly as much).
 * `anonymousReads` false refuses requests without a token.
 */
export async function authenticate(em: EntityManager, authorization: string | undefined, anonymousReads: boolean): Promise<Authentication> {
  if (authorization === undefined) {
    return anonymousReads ? { viewer: null } : { refused: 'This service needs an API token: send it as `Authorization: Bearer <token>`.', badToken: false };
  }
  const token = /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
  if (!token || !isTokenShaped(token)) {
    return { refused: `The Authorization header must be \`Bearer <token>\`, with an API token that starts with ${TOKEN_PREFIX}.`, badToken: true };
  }
  const record = await em.findOne(ApiToken, { tokenHash: hashToken(token) }, PRIMARY);
  if (!record) return { refused: 'Unknown API token: check that it was copied whole, or ask an administrator for one.', badToken: true };
  if (record.revokedAt) return { refused: `The API token "${record.name}" was revoked at ${record.revokedAt.toISOString()}: ask an administrator for a new one.`, badToken: true };
  return { viewer: { name: record.name, role: record.role } };
}
