import type { MikroORM } from '@mikro-orm/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from '../../errors';
import { EXPORT_PATH, GRAPHQL_PATH } from '../../paths';
import type { Viewer } from './auth.types';
import { authenticate } from './token.service';

const API_PATHS = new Set([GRAPHQL_PATH, EXPORT_PATH]);
const viewers = new WeakMap<FastifyRequest, Viewer>();

/**
 * Authenticates every request to the API before anything else answers it: an `onRequest` hook runs before every
 * `preHandler`, the response cache's included, so no cached answer reaches a request with a bad, unknown or
 * revoked token, nor an anonymous one when anonymous reads are off. The token is looked up on every request
 * (no copy kept in the process), so a revocation holds at once on every instance sharing the database.
 * Register it after CORS, whose headers a browser needs to read the refusal.
 */
export function registerAuthentication(http: FastifyInstance, orm: MikroORM, options: { anonymousReads: boolean }) {
  http.addHook('onRequest', async (request, reply) => {
    if (!API_PATHS.has(request.routeOptions.url ?? '') || carriesNoOperation(request)) return;
    const outcome = await authenticate(orm.em.fork(), request.headers.authorization, options.anonymousReads);
    if ('viewer' in outcome) {
      if (outcome.viewer) viewers.set(request, outcome.viewer);
      return;
    }
    // RFC 6750: a 401 names the scheme, and says when the token sent was the problem.
    const challenge = `Bearer realm="apo-data"${outcome.badToken ? ', error="invalid_token"' : ''}`;
    return reply.code(401).header('www-authenticate', challenge).send(errorBody('UNAUTHENTICATED', outcome.refused));
  });
}

/** The viewer of an authenticated request; null for an anonymous one. */
export const viewerOf = (request: FastifyRequest): Viewer | null => viewers.get(request) ?? null;

/**
 * A GET with neither `query` nor `extensions` has no operation to run: Apollo answers it with the IDE page (a
 * browser, which cannot send a token when it opens the page) or a 400. Neither reads data, so it needs no token.
 */
function carriesNoOperation(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const params = request.query as Record<string, unknown>;
  return params.query === undefined && params.extensions === undefined;
}
