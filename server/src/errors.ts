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
