import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { databaseFault, replyWithFault } from './db/database-faults';
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
  const fault = status >= 500 ? databaseFault(err) : null;
  if (fault) {
    request.log.warn({ err, code: fault.code }, 'request failed on the database');
    return replyWithFault(reply, fault);
  }
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
      return `The request body is larger than the ${request.routeOptions.bodyLimit ?? 1024 * 1024} bytes the service accepts.`;
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty: send the GraphQL request as JSON, e.g. {"query": "{ __typename }"}.';
    default:
      return err.message;
  }
}

/**
 * Fastify's `clientErrorHandler`, for requests that never became one: a client that sent its headers or body too
 * slowly (Node's headersTimeout / requestTimeout: 408) or sent something that is not HTTP (400). The answer is
 * the documented error body; the connection is then closed.
 */
export function replyToClientError(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const status = timedOut ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify(
    timedOut
      ? errorBody('TIMEOUT', 'The request was not received in time: send the headers and body without pausing.', { reason: 'REQUEST_TIMEOUT' })
      : errorBody('BAD_USER_INPUT', status === 431 ? 'The request headers are too large.' : 'The request is not valid HTTP.', { reason: err.code ?? 'BAD_REQUEST' }),
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
