import type { ErrorCode } from './generated/error-codes';

/** The codes the API puts in `extensions.code`, generated from the schema's `enum ErrorCode`; switch on them. */
export type { ErrorCode };

/** One entry of a GraphQL response's `errors`. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

/** Base of every error the SDK throws. */
export class ApoDataError extends Error {
  override name = 'ApoDataError';
}

/** The request never got an HTTP response (DNS, refused, reset), or was cut off. */
export class NetworkError extends ApoDataError {
  override name = 'NetworkError';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}

/** The call took longer than its `timeoutMs`. */
export class TimeoutError extends NetworkError {
  override name = 'TimeoutError';
}

/** The caller's AbortSignal fired. */
export class AbortError extends ApoDataError {
  override name = 'AbortError';
}

/** An HTTP response that is not a GraphQL answer (e.g. 429, 502, 503 from a proxy). */
export class HttpError extends ApoDataError {
  override name = 'HttpError';
  constructor(readonly status: number, readonly body: string, readonly retryAfterMs?: number) {
    super(`HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`);
  }
}

/** The API answered with GraphQL errors; `data` holds whatever part of the answer it could give. */
export class GraphQLRequestError<TData = unknown> extends ApoDataError {
  override name = 'GraphQLRequestError';
  /** The first error's code, e.g. `NOT_FOUND`. */
  readonly code: ErrorCode;
  readonly path?: ReadonlyArray<string | number>;
  constructor(
    readonly errors: GraphQLErrorEntry[],
    readonly data?: TData | null,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(errors.map((e) => e.message).join('; '));
    this.code = (errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR') as ErrorCode;
    this.path = errors[0]?.path;
  }
}

export const isApoDataError = (e: unknown): e is ApoDataError => e instanceof ApoDataError;
export const isNetworkError = (e: unknown): e is NetworkError => e instanceof NetworkError;
export const isTimeoutError = (e: unknown): e is TimeoutError => e instanceof TimeoutError;
export const isAbortError = (e: unknown): e is AbortError => e instanceof AbortError;
export const isHttpError = (e: unknown): e is HttpError => e instanceof HttpError;
export const isGraphQLError = (e: unknown): e is GraphQLRequestError => e instanceof GraphQLRequestError;
