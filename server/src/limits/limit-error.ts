import { ApiError } from '../errors';

/** The query limits, as named in `extensions.limit` and in QUERY_MAX_<NAME>. */
export type QueryLimitName = 'depth' | 'cost' | 'aliases' | 'directives' | 'tokens' | 'fields';

/** A refusal by a query limit: QUERY_TOO_COMPLEX with `extensions.limit` and `extensions.maximum`, HTTP 400. */
export class QueryLimitError extends ApiError {
  constructor(limit: QueryLimitName, maximum: number, message: string, extensions: Record<string, unknown> = {}) {
    super('QUERY_TOO_COMPLEX', message, { limit, maximum, ...extensions });
  }
}
