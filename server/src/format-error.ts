import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { FastifyBaseLogger } from 'fastify';
import { databaseFault, faultExtensions } from './db/database-faults';
import { APOLLO_CODES, ERROR_CODES } from './errors';
import { tokenLimitRefusal } from './limits/query-limits';

/** Protocol codes clients act on (automatic persisted queries): passed through untouched. */
const PROTOCOL = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

/** Every error leaves with one of our codes; unexpected ones are logged and, in production, hidden. */
export function formatError(production: boolean, log: FastifyBaseLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Apollo re-codes validation errors GRAPHQL_VALIDATION_FAILED; a rule of ours (query limits) set its own code first.
    const original = (error as { originalError?: { extensions?: { code?: unknown } } } | null)?.originalError?.extensions?.code;
    if (original === 'QUERY_TOO_COMPLEX') return { ...formatted, extensions: { ...formatted.extensions, code: original } };
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    // graphql-js reports its token limit (QUERY_MAX_TOKENS) as a syntax error.
    const tokenLimit = code === 'GRAPHQL_PARSE_FAILED' ? tokenLimitRefusal(formatted) : null;
    if (tokenLimit) return tokenLimit;
    // A document nested deeper than graphql-js's parser can recurse: refused as too complex, without the engine's words.
    if (code === 'GRAPHQL_PARSE_FAILED' && /call stack/i.test(formatted.message)) {
      return { message: 'The document is nested too deeply to parse.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth' } };
    }
    if (PROTOCOL.has(code)) return formatted;
    if ((ERROR_CODES as readonly string[]).includes(code) && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    if (APOLLO_CODES[code]) return { ...formatted, extensions: { ...formatted.extensions, code: APOLLO_CODES[code], reason: code } };
    // A refusal of the request as a whole by graphql-js or Apollo that carries no code (a persisted query whose hash does
    // not match its text, too many variable errors): no path, no wrapped exception, so the request is at fault.
    if (!formatted.path && !(error as { originalError?: unknown } | null)?.originalError) {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', reason: 'REQUEST_REFUSED' } };
    }
    // The database unreachable, busy or timing out is no bug: a coded, retryable answer without the driver's words (database-faults.ts).
    const fault = databaseFault(error);
    if (fault) {
      log.warn({ err: unwrapResolverError(error), code: fault.code }, 'a GraphQL operation failed on the database');
      return { message: fault.message, locations: formatted.locations, path: formatted.path, extensions: faultExtensions(fault) };
    }
    log.error({ err: unwrapResolverError(error) }, 'unexpected error while executing a GraphQL operation');
    if (!production) return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
