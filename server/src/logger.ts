import type { LogContext, Logger as OrmLogger, LoggerNamespace } from '@mikro-orm/core';
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger } from 'pino';

/** The service's one logger: JSON lines on stdout (pino), shared by Fastify, MikroORM and the start-up code. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level });
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
    this.onQuery?.(context.query);
    if (this.out.isLevelEnabled('trace')) this.out.trace({ orm: 'query', took: context.took }, clean(context.query));
  }

  setDebugMode(): void {}

  isEnabled(namespace: LoggerNamespace | string): boolean {
    if (namespace === 'query') return Boolean(this.onQuery) || this.out.isLevelEnabled('trace');
    return this.out.isLevelEnabled(INFO_NAMESPACES.has(namespace) ? 'info' : 'debug');
  }
}

const clean = (message: string) => message.replace(ANSI, '').replace(/\s+/g, ' ').trim();
