import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import type { AppConfig } from './config';
import { replyToClientError } from './http-errors';
import { requestChildLogger } from './logger';
import { requestIdGenerator } from './observability/request-id';

/**
 * Fastify's server options: how big a request may be, how long a client may take to send it (a client that
 * trickles its headers or body is cut off with 408, so it cannot hold a connection for long), which proxies are
 * trusted, and where request ids come from.
 */
export function httpServerOptions(config: AppConfig): FastifyHttpOptions<Server> {
  const { bodyLimitBytes, headersTimeoutMs, requestTimeoutMs } = config.http;
  return {
    bodyLimit: bodyLimitBytes,
    // The whole request, body included; Node checks its timeouts every connectionsCheckingInterval.
    requestTimeout: requestTimeoutMs,
    http: { headersTimeout: headersTimeoutMs, connectionsCheckingInterval: Math.min(1000, headersTimeoutMs) },
    trustProxy: config.trustProxy,
    genReqId: requestIdGenerator(config.trustProxy),
    childLoggerFactory: requestChildLogger,
    clientErrorHandler: replyToClientError,
  };
}
