/** What the error wrappers on the way from a driver (GraphQL, MikroORM, knex) keep of the error they wrap. */
export interface ErrorFacts {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  originalError?: unknown;
  cause?: unknown;
  previous?: unknown;
}

/** `err` and the errors it wraps: GraphQL's `originalError`, `cause`, MikroORM's `previous`; a few levels at most. */
export function* errorChain(err: unknown): Generator<ErrorFacts> {
  let current = err as ErrorFacts | null | undefined;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    yield current;
    current = (current.originalError ?? current.cause ?? current.previous) as ErrorFacts | undefined;
  }
}

/** Whether a failed write may simply be run again: SQLite refused it for a lock held elsewhere, before anything was written. */
export function isSqliteBusy(err: unknown): boolean {
  for (const e of errorChain(err)) if (typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY')) return true;
  return false;
}
