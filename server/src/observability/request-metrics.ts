import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, HTTP_STATUS, type ErrorCode } from '../errors';
import { EXPORT_PATH, GRAPHQL_PATH } from '../paths';
import { errorsTotal, operationLabel, requestDuration, requestsTotal, statementsPerRequest } from './metrics';
import { noteErrorOf, RequestState, requestOfContext } from './request-state';

declare module 'fastify' {
  interface FastifyRequest {
    /** What observability learns about this request (observability/request-state.ts). */
    observed: RequestState | null;
  }
}

/** The `route` label: the service's own routes by name, everything else (IDE assets, unknown paths) as `other`. */
const ROUTES: Record<string, string> = { [GRAPHQL_PATH]: 'graphql', [EXPORT_PATH]: 'export', '/healthz': 'healthz', '/readyz': 'readyz', '/metrics': 'metrics' };

/** The code a refusal outside GraphQL execution has, from its status: the inverse of errors.ts's HTTP_STATUS. */
const CODE_OF_STATUS = new Map<number, ErrorCode>(ERROR_CODES.map((code) => [HTTP_STATUS[code], code]).reverse() as Array<[number, ErrorCode]>);
const outcomeOfStatus = (status: number): string =>
  status < 400 ? 'ok' : (CODE_OF_STATUS.get(status) ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT'));

/**
 * Request id and metrics for every request, from Fastify hooks only (nothing per field): the id goes back in
 * `x-request-id`; the request's state goes with it (and, through its GraphQL context, to Apollo's plugin and the
 * ORM's query logger); once the answer is sent, its latency and statement count are recorded with its operation
 * name and outcome. Answers from the response cache never reach Apollo and are counted here all the same.
 * Registered first, so that refusals by every later hook (authentication, rate limits) are counted too.
 */
export function registerRequestObservation(http: FastifyInstance, options: { metrics: boolean }) {
  http.decorateRequest('observed', null);
  http.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    request.observed = new RequestState(request.id);
    done();
  });
  if (!options.metrics) return;
  http.addHook('onResponse', (request, reply, done) => {
    const state = request.observed;
    if (state) record(request, reply, state);
    done();
  });
}

function record(request: FastifyRequest, reply: FastifyReply, state: RequestState) {
  const route = ROUTES[request.routeOptions.url ?? ''] ?? 'other';
  const outcome = state.errorCode ?? outcomeOfStatus(reply.statusCode);
  // A refusal outside GraphQL execution (Fastify, authentication, rate limits) is one error of its status's code.
  if (!state.errorCode && outcome !== 'ok') errorsTotal.inc({ code: outcome });
  const operation = state.operation ?? (route === 'graphql' && outcome === 'ok' ? operationLabel(cachedOperationName(request)) : 'none');
  const labels = { route, operation, outcome };
  requestsTotal.inc(labels);
  requestDuration.observe(labels, Number(process.hrtime.bigint() - state.startedAt) / 1e9);
  statementsPerRequest.observe({ route }, state.statements);
}

/** The first operation's name in a query text, as cheaply as possible (no parse): `query Name`, `mutation Name`. */
const LEADING_NAME = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

/**
 * The operation name of an answer Apollo did not run (a response-cache hit): the request's `operationName`, or
 * the name of its query's first operation. Only error-free answers are cached, so the operation was valid.
 */
function cachedOperationName(request: FastifyRequest): string | null {
  const body = (request.method === 'GET' ? request.query : request.body) as { operationName?: unknown; query?: unknown } | null;
  if (typeof body?.operationName === 'string' && body.operationName) return body.operationName;
  return typeof body?.query === 'string' ? (LEADING_NAME.exec(body.query)?.[1] ?? null) : null;
}

/** One listener for every request: it keeps nothing of its own, the request's state hangs off its GraphQL context. */
const listener: GraphQLRequestListener<object> = {
  async didResolveOperation({ operationName, contextValue }) {
    const state = requestOfContext(contextValue);
    if (state) state.operation = operationLabel(operationName);
  },
  async didEncounterErrors({ errors, contextValue }) {
    const state = requestOfContext(contextValue);
    if (state) for (const e of errors) noteErrorOf(state, e);
  },
  async willSendResponse({ response, contextValue }) {
    const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
    if (!errors?.length) return;
    for (const e of errors) errorsTotal.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
    const state = requestOfContext(contextValue);
    if (state && !state.errorCode) state.errorCode = String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  },
};

/** Apollo's side of the metrics: the operation's name once resolved, and the codes of the errors it answers with. */
export const metricsPlugin = <T extends object>(): ApolloServerPlugin<T> => ({ requestDidStart: async () => listener });
