import type { LogContext, Logger as OrmLogger, LoggerNamespace } from '@mikro-orm/core';
import type { FastifyBaseLogger } from 'fastify';
import pino, { type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from './config';
import { LOGGER_CONTEXT_KEY, requestOfError, type RequestState } from './observability/request-state';

export type { Logger } from 'pino';

/**
 * The service's one logger: JSON lines on stdout (pino), shared by Fastify, MikroORM and the start-up code.
 * Fastify's per-request child loggers carry the request id (`reqId`); a line written through this root logger
 * about an error Apollo reported for a request (formatError's) gets the id of that request.
 * `destination` is stdout unless given (tests read the lines).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    mixin: (line, _level, logger) => {
      const err = (line as { err?: unknown }).err;
      const request = err && !(logger as Marked)[HAS_REQUEST_ID] ? requestOfError(err) : undefined;
      return request ? { reqId: request.id } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

const HAS_REQUEST_ID = Symbol('hasRequestId');
type Marked = { [HAS_REQUEST_ID]?: true };

/** Fastify's `childLoggerFactory`: the request's logger, marked as carrying `reqId` already, so the mixin adds it once. */
export function requestChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  const child = logger.child(bindings, options);
  (child as Marked)[HAS_REQUEST_ID] = true;
  return child;
}

/** MikroORM namespaces worth a line at info (connecting, migrating); the rest (discovery, schema) is debug detail. */
const INFO_NAMESPACES = new Set(['info', 'migrator']);
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * MikroORM's logger, writing through pino, so LOG_LEVEL governs the ORM's lines like everything else and
 * they come out as the same JSON. SQL goes to `onQuery` (metrics, tests) and, at trace, to the log.
 */
export class PinoOrmLogger implements OrmLogger {
  constructor(private readonly out: Logger, private readonly onQuery?: (sql: string) => void) {}

  log(namespace: LoggerNamespace | string, message: string, context?: LogContext): void {
    if (context?.level === 'error') return this.error(namespace, message);
    if (context?.level === 'warning' || namespace === 'deprecated') return this.warn(namespace, message);
    this.out[INFO_NAMESPACES.has(namespace) ? 'info' : 'debug']({ orm: namespace }, clean(message));
  }

  error(namespace: LoggerNamespace | string, message: string): void {
    this.out.error({ orm: namespace }, clean(message));
  }

  warn(namespace: LoggerNamespace | string, message: string): void {
    this.out.warn({ orm: namespace }, clean(message));
  }

  logQuery(context: { query: string } & LogContext): void {
    // Counted for the metrics' statements-per-request; needs no SQL text, so it does not turn on query logging.
    const request = (context as { [LOGGER_CONTEXT_KEY]?: RequestState })[LOGGER_CONTEXT_KEY];
    if (request) request.statements++;
    this.onQuery?.(context.query);
    if (this.out.isLevelEnabled('trace')) this.out.trace({ orm: 'query', took: context.took, ...(request ? { reqId: request.id } : {}) }, clean(context.query));
  }

  setDebugMode(): void {}

  isEnabled(namespace: LoggerNamespace | string): boolean {
    if (namespace === 'query') return Boolean(this.onQuery) || this.out.isLevelEnabled('trace');
    return this.out.isLevelEnabled(INFO_NAMESPACES.has(namespace) ? 'info' : 'debug');
  }
}

const clean = (message: string) => message.replace(ANSI, '').replace(/\s+/g, ' ').trim();
