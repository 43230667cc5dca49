import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { FastifyBaseLogger } from 'fastify';
import { APOLLO_CODES, ERROR_CODES } from './errors';

/** Protocol codes clients act on (automatic persisted queries): passed through untouched. */
const PROTOCOL = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

/** Every error leaves with one of our codes; unexpected ones are logged and, in production, hidden. */
export function formatError(production: boolean, log: FastifyBaseLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Apollo re-codes validation errors GRAPHQL_VALIDATION_FAILED; a rule of ours (query limits) set its own code first.
    const original = (error as { originalError?: { extensions?: { code?: unknown } } } | null)?.originalError?.extensions?.code;
    if (original === 'QUERY_TOO_COMPLEX') return { ...formatted, extensions: { ...formatted.extensions, code: original } };
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    if (PROTOCOL.has(code)) return formatted;
    if ((ERROR_CODES as readonly string[]).includes(code) && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    if (APOLLO_CODES[code]) return { ...formatted, extensions: { ...formatted.extensions, code: APOLLO_CODES[code], reason: code } };
    log.error({ err: unwrapResolverError(error) }, 'unexpected error while executing a GraphQL operation');
    if (!production) return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
