import { GraphQLError } from 'graphql';

/** The error codes clients may switch on (`extensions.code`). */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status of a response whose (first) error has this code, when the error stops the whole request. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  QUERY_TOO_COMPLEX: 400,
  RATE_LIMITED: 429,
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
