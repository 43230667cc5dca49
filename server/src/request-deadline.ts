import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { errorBody } from './errors';

/**
 * A route's `onRequest` hook that answers TIMEOUT (504) once `ms` have passed without an answer (GRAPHQL_TIMEOUT_MS).
 * The work left runs on and its late answer is dropped (app.ts): graphql-js cannot stop an operation
 * midway, so the database statement timeout is what bounds the work itself. Fastify's own `handlerTimeout` is not
 * used because it is cleared as soon as a POST's body has been read (its timer is cancelled on the request's 'close').
 */
export function deadline(ms: number): onRequestHookHandler {
  return (request, reply, done) => {
    const timer = setTimeout(() => timedOut(request, reply, ms), ms);
    // The response's 'close': sent, or the connection gone.
    reply.raw.once('close', () => clearTimeout(timer));
    done();
  };
}

function timedOut(request: FastifyRequest, reply: FastifyReply, ms: number) {
  if (reply.sent || reply.raw.headersSent) return;
  request.log.warn({ url: request.url, timeoutMs: ms }, 'request timed out');
  void reply
    .code(504)
    .send(errorBody('TIMEOUT', `The request took longer than the ${ms} ms the service allows and was stopped: ask for less (smaller pages, fewer fields).`, { reason: 'DEADLINE_EXCEEDED' }));
}
