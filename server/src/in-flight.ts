import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './errors';

/** The requests the service is working on, counted from arrival until their handler (and a streamed body) is done. */
export interface InFlight {
  /** How many requests are being handled now, those whose client has already gone included. */
  count(): number;
  /** From now on a new request is answered 503 SERVICE_UNAVAILABLE, with `connection: close`. */
  stopAccepting(): void;
  /** Resolves once no request is being handled. */
  drained(): Promise<void>;
}

/** What a request arriving during the stop is told: another instance (or this one, restarted) will take it. */
const STOPPING_RETRY_AFTER_SECONDS = 1;

/** Where a request is: whether its route handler runs, whether a streamed answer is still open, whether it was answered. */
interface Handling {
  handlerRunning: boolean;
  handlerDone: boolean;
  streamOpen: boolean;
  answered: boolean;
}

/**
 * Counts requests by their handling, not by their sockets: a client that hangs up does not stop its request's
 * resolvers or transaction, which must end before the database is closed under them. Fastify skips onSend and
 * onResponse for a request whose client has gone, so each route handler is wrapped (onRoute) and a request is
 * done once its handler has settled and, for a streamed answer (an export), once the stream has closed, i.e.
 * its last page query has returned; a request answered by a hook (authentication, the response cache) is done
 * when answered. Register it before any route and plugin, so that its onSend sees a stream before compression wraps it.
 */
export function trackRequests(http: FastifyInstance): InFlight {
  const handling = new Map<FastifyRequest, Handling>();
  let accepting = true;
  let waiting: Array<() => void> = [];
  const settle = (request: FastifyRequest, change: Partial<Handling>) => {
    const state = handling.get(request);
    if (!state) return;
    Object.assign(state, change);
    if (state.handlerRunning || state.streamOpen || !(state.answered || state.handlerDone)) return;
    handling.delete(request);
    if (handling.size) return;
    for (const resolve of waiting) resolve();
    waiting = [];
  };

  http.addHook('onRequest', async (request, reply) => {
    if (!accepting) {
      return reply
        .code(503)
        .header('connection', 'close')
        .header('retry-after', String(STOPPING_RETRY_AFTER_SECONDS))
        .send(errorBody('SERVICE_UNAVAILABLE', 'The service is stopping and takes no new requests; send the request again.'));
    }
    handling.set(request, fresh());
  });
  // Fastify waits forever for the body of a request whose client went away during the onRequest hooks, and runs
  // nothing more for it; such a request is done here. If its body had arrived whole, its handler runs and counts again.
  http.addHook('preParsing', async (request) => {
    if (request.raw.destroyed && hasBody(request)) settle(request, { answered: true });
  });
  http.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = async function tracked(this: FastifyInstance, request, reply) {
      if (!handling.has(request)) handling.set(request, fresh());
      settle(request, { handlerRunning: true });
      try {
        return await handler.call(this, request, reply);
      } finally {
        settle(request, { handlerRunning: false, handlerDone: true });
      }
    };
  });
  http.addHook('onSend', async (request, _reply, payload) => {
    if (isStream(payload)) {
      settle(request, { streamOpen: true });
      payload.once('close', () => settle(request, { streamOpen: false }));
    }
    settle(request, { answered: true });
    return payload;
  });
  http.addHook('onResponse', async (request) => settle(request, { answered: true }));

  return {
    count: () => handling.size,
    stopAccepting() {
      accepting = false;
    },
    drained: () => (handling.size ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve()),
  };
}

const fresh = (): Handling => ({ handlerRunning: false, handlerDone: false, streamOpen: false, answered: false });

const hasBody = (request: FastifyRequest) => Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;

const isStream = (payload: unknown): payload is NodeJS.ReadableStream & { once(event: 'close', listener: () => void): unknown } =>
  typeof payload === 'object' && payload !== null && typeof (payload as { pipe?: unknown }).pipe === 'function';
