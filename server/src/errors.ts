import { GraphQLEnumType, GraphQLError } from 'graphql';

/** The error codes clients may switch on (`extensions.code`). */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'TIMEOUT',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** When each code happens: the descriptions of the schema's `enum ErrorCode`, from which the SDK's ErrorCode type is generated. */
export const ERROR_CODE_DESCRIPTIONS: Record<ErrorCode, string> = {
  BAD_USER_INPUT:
    'The request or one of its values is invalid: a syntax or validation error, a value a scalar rejects (e.g. a `Date` not written YYYY-MM-DD), a malformed ID or cursor, an argument out of range, an export that cannot be run. `extensions.argument` names the argument when there is one; `extensions.reason` keeps the original code of a parse, validation or HTTP error. HTTP 400 when the whole request is refused.',
  NOT_FOUND: 'A lookup by ID or code (e.g. `program(code:)`) found no record; `extensions.type` names what was looked for. Outside GraphQL, a path the service does not serve (HTTP 404).',
  UNAUTHENTICATED:
    'The request needs an API token and has no valid one. A malformed `Authorization` header, an unknown or revoked token, or no token when the service does not allow anonymous reads (APO_DATA_ANONYMOUS_READS=false) refuses the whole request with HTTP 401. Without a token, a field that needs a role (e.g. `apiTokens`) fails alone, with partial data.',
  FORBIDDEN:
    'The API token is valid, but its role may not do this, e.g. a READER asking for `apiTokens` (ADMIN only); the message names the role needed. The field fails alone, with partial data; a request refused as a whole would get HTTP 403.',
  CONFLICT: 'A change conflicts with the current state of a record, e.g. one edited since it was read (HTTP 409). Mutations report it as a user error in their payload (`UserErrorCode.CONFLICT`).',
  QUERY_TOO_COMPLEX:
    'The operation is larger than the query limits allow: too many tokens, too deep, too many aliases (`__typename` included), directives or fields once fragments are expanded, or a requested cost over the maximum (QUERY_MAX_TOKENS, QUERY_MAX_DEPTH, QUERY_MAX_ALIASES, QUERY_MAX_DIRECTIVES, QUERY_MAX_FIELDS, QUERY_MAX_COST). The message names the limit; `extensions.limit` is `tokens`, `depth`, `aliases`, `directives`, `fields` or `cost`, and `extensions.maximum` its value. Refused with HTTP 400 before any of it runs. A page size over 100 is BAD_USER_INPUT instead, checked first.',
  RATE_LIMITED:
    'The caller (its API token, else its client address) has used up a budget of the current window: requests, or query cost (`extensions.limit` is `requests` or `cost`). HTTP 429; retry after the whole seconds in the `Retry-After` header (also `extensions.retryAfter`). Nothing of the refused request ran, and a refused query is not charged.',
  TIMEOUT:
    'The operation ran longer than the service allows (the request timeout or the database statement timeout) and was stopped (HTTP 504). Sending it again will most likely time out again: ask for less (smaller pages, fewer fields).',
  SERVICE_UNAVAILABLE:
    'The service cannot answer now but may soon: the database is unreachable or busy, or the service is stopping (HTTP 503). Retryable: wait the seconds in `Retry-After` when given, then send the request again.',
  INTERNAL_SERVER_ERROR:
    'Something failed inside the service, such as an unreachable database. It is logged; with NODE_ENV=production the message is only "Internal server error".',
};

/** The codes as a schema enum. No field returns it; the schema lists it as a type (schema.ts) so that it is published. */
export const ErrorCodeEnum = new GraphQLEnumType({
  name: 'ErrorCode',
  description:
    'The code in `extensions.code` of every error this API returns; clients switch on it. No field returns this enum: it is published so that clients can generate the list of codes.',
  values: Object.fromEntries(ERROR_CODES.map((code) => [code, { value: code, description: ERROR_CODE_DESCRIPTIONS[code] }])),
});

/** The HTTP status of a response whose (first) error has this code, when the error stops the whole request. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  QUERY_TOO_COMPLEX: 400,
  RATE_LIMITED: 429,
  TIMEOUT: 504,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** The HTTP status of a request refused with these errors: that of the first error's code; 500 for an unknown code. */
export function httpStatusOf(errors: ReadonlyArray<{ extensions?: { code?: unknown } }>): number {
  const code = errors[0]?.extensions?.code;
  return (ERROR_CODES as readonly unknown[]).includes(code) ? HTTP_STATUS[code as ErrorCode] : 500;
}

/** Apollo's request-level codes, and the code of ours each one becomes (the original stays in `extensions.reason`). */
export const APOLLO_CODES: Readonly<Record<string, ErrorCode>> = {
  GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT',
};

/** The documented error body, `{ errors: [{ message, extensions: { code } }] }`, for answers outside GraphQL execution. */
export function errorBody(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { ...extensions, code } }] };
}

/** Base of every error the API throws on purpose; carries its code in `extensions.code`. */
export class ApiError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export class BadUserInputError extends ApiError {
  constructor(message: string, argument?: string) {
    super('BAD_USER_INPUT', message, argument ? { argument } : {});
  }
}

export class NotFoundError extends ApiError {
  constructor(type: string, key: string) {
    super('NOT_FOUND', `No ${type} found for ${key}.`, { type });
  }
}

/** An expected failure of a command-line script (db:seed, db:export, …): printed as `error [CODE]: message`, exit status 2. */
export class ScriptError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
