import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, type ErrorCode } from './errors';

/** The service's GraphQL routes and the methods each one takes; any other method gets 405. */
export type RouteMethods = Record<string, readonly string[]>;

/**
 * Every answer of the service that is an error, from Fastify itself included (unsupported content type,
 * malformed JSON, body too large, unknown route or method), has the documented GraphQL shape and the
 * right HTTP status; Fastify's own code stays in `extensions.reason`. Internals never reach the client.
 */
export function registerErrorReplies(http: FastifyInstance, routes: RouteMethods) {
  http.setErrorHandler((err: FastifyError, request, reply) => replyWithError(err, request, reply));
  http.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allowed = routes[path];
    if (allowed) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(errorBody('BAD_USER_INPUT', `${path} does not take ${request.method} requests; use ${allowed.join(' or ')}.`, { reason: 'METHOD_NOT_ALLOWED' }));
    }
    return reply.code(404).send(errorBody('NOT_FOUND', `Nothing at ${request.method} ${path}. The GraphQL API is at ${Object.keys(routes)[0]}.`, { reason: 'ROUTE_NOT_FOUND' }));
  });
}

/** A Fastify error as the documented error body: 4xx keep their status and say what was wrong, 5xx are logged and hidden. */
export function replyWithError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err }, 'request failed');
    return reply.code(500).send(errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
  }
  const code: ErrorCode = status === 429 ? 'RATE_LIMITED' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : 'BAD_USER_INPUT';
  return reply.code(status).send(errorBody(code, clientMessage(err, request), err.code ? { reason: err.code } : {}));
}

/** Fastify's messages, in the words of this API where they would puzzle a client. */
function clientMessage(err: FastifyError, request: FastifyRequest): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `Unsupported content-type ${JSON.stringify(request.headers['content-type'] ?? '')}: send the GraphQL request as JSON, with content-type: application/json.`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty: send the GraphQL request as JSON, e.g. {"query": "{ __typename }"}.';
    default:
      return err.message;
  }
}
