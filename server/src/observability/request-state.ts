import type { EntityManager } from '@mikro-orm/core';

/**
 * What the service learns about one HTTP request while it runs: for its metrics, logs and trace. A class, not a
 * plain object, so that MikroORM's logger context (merged into every query's) keeps this very instance.
 */
export class RequestState {
  /** process.hrtime.bigint() when the request arrived. */
  readonly startedAt = process.hrtime.bigint();
  /** SQL statements run on its behalf so far. */
  statements = 0;
  /** The GraphQL operation's `operation` label once Apollo resolved it; null: none ran. */
  operation: string | null = null;
  /** The code of its first GraphQL error once known; null: none (the HTTP status decides). */
  errorCode: string | null = null;

  /** `id`: the request id (x-request-id), also on every log line of the request. */
  constructor(readonly id: string) {}
}

/**
 * How a request's state is found without AsyncLocalStorage, whose promise hooks cost more than all the rest of the
 * observability together (about 100 µs of CPU on a `{ __typename }` request, on Node 20): the request's forked
 * EntityManager points to it (Apollo hands plugins a shallow copy of the GraphQL context, so the context itself cannot
 * be the key) and carries it in MikroORM's logger context (so the ORM's query logger counts its statements), and the
 * errors Apollo reports for it point to it (so their log lines get the request id).
 */
const byEntityManager = new WeakMap<EntityManager, RequestState>();
const byError = new WeakMap<object, RequestState>();

/** The key of the state in MikroORM's logger context, which every query's log call receives. */
export const LOGGER_CONTEXT_KEY = 'apoDataRequest';

/** Ties a request's GraphQL context (its forked EntityManager included) to the request's state; returns the context. */
export function observeContext<C extends { em: EntityManager }>(context: C, state: RequestState | null): C {
  if (!state) return context;
  byEntityManager.set(context.em, state);
  context.em.setLoggerContext({ ...context.em.getLoggerContext(), [LOGGER_CONTEXT_KEY]: state });
  return context;
}

/** The state of the request a GraphQL context (or Apollo's copy of it) belongs to. */
export const requestOfContext = (context: unknown): RequestState | undefined => {
  const em = (context as { em?: EntityManager } | null)?.em;
  return em ? byEntityManager.get(em) : undefined;
};

/** Remembers which request an error (and the error it wraps) belongs to, for the log line formatError writes about it. */
export function noteErrorOf(state: RequestState, error: { originalError?: unknown }) {
  byError.set(error, state);
  if (typeof error.originalError === 'object' && error.originalError) byError.set(error.originalError, state);
}

export const requestOfError = (error: unknown): RequestState | undefined => (typeof error === 'object' && error ? byError.get(error) : undefined);
