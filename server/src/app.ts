import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler, type ApolloFastifyContextFunction } from '@as-integrations/fastify';
import { constants as zlib } from 'node:zlib';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import { MikroORM } from '@mikro-orm/core';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppConfig } from './config';
import { openDataVersion } from './cache/data-version';
import { registerResponseCache } from './cache/response-cache';
import { createContext, type Context } from './context';
import { ormOptions, type OrmHooks } from './db/orm-config';
import { prepareDatabase } from './db/prepare';
import { formatError } from './format-error';
import { databaseFaultPlugin } from './db/database-faults';
import { configureLockWait } from './shared/write/lock-wait';
import { trackRequests } from './in-flight';
import { registerErrorReplies } from './http-errors';
import { httpServerOptions } from './http-options';
import { hideSuggestionsPlugin } from './hide-suggestions';
import { deadline } from './request-deadline';
import { loadTracing, metricsPlugin, observeContext, registerObservability } from './observability';
import { createLogger } from './logger';
import { registerAuthentication, viewerOf } from './modules/auth';
import { StartupError } from './startup-error';
import { registerExport } from './export/export.route';
import { ideLandingPagePlugin, registerIde } from './ide/ide.routes';
import { EXPORT_PATH, GRAPHQL_PATH } from './paths';
import { createLimits } from './limits';
import { apiSchema } from './schema';

export interface App {
  http: FastifyInstance;
  orm: MikroORM;
  /** Starts listening; resolves to the GraphQL endpoint's URL. */
  listen(): Promise<string>;
  /** Stops taking requests, lets running ones finish (also those whose client has gone), closes the database. */
  close(): Promise<void>;
  /** How many requests are being handled now. */
  requestsInFlight(): number;
}

/** Builds the whole service without listening: database (migrated and seeded, under a lock on PostgreSQL), schema, HTTP. */
export async function createApp(config: AppConfig, hooks: OrmHooks = {}): Promise<App> {
  const log = hooks.logger ?? createLogger(config.logLevel);
  const orm = await MikroORM.init(ormOptions(config.database, { ...hooks, logger: log }));
  try {
    const check = await orm.checkConnection();
    if (!check.ok) throw check.error ?? new StartupError(`Cannot connect to the ${config.database.kind} database: ${check.reason}`);
    await prepareDatabase(orm, { seed: config.seedOnStart });
    configureLockWait(orm, config.database);
    // Typed as Fastify's own logger, so the instance fits the plugins' and integrations' FastifyInstance.
    const http: FastifyInstance = Fastify({ loggerInstance: log as FastifyBaseLogger, ...httpServerOptions(config) });
    // First, so that request ids and metrics cover every request, refusals by later hooks included.
    registerObservability(http, orm, { metrics: config.metrics });
    const tracing = await loadTracing(config.tracing, http);
    const requests = trackRequests(http);
    const limits = createLimits(config.queryLimits, config.rateLimits);
    const apollo = new ApolloServer<Context>({
      schema: await apiSchema(),
      // Apollo Server 5 always answers variable coercion errors with HTTP 400 (the issue's `status400ForVariableCoercionErrors`).
      includeStacktraceInErrorResponses: config.debugErrors,
      // Apollo turns introspection off in production; the data is public and the IDE's docs, codegen and editors need it.
      introspection: config.introspection,
      formatError: formatError(config.production, http.log),
      // No "Did you mean …" in production: it would map the schema for anyone without introspection.
      hideSchemaDetailsFromClientErrors: config.production,
      // Apollo's defaults, spelt out because they are part of the API: a GET or a form-like POST needs a header only
      // scripts can send (CSRF), and a JSON array of operations is refused, so limits and rate limits count every operation.
      csrfPrevention: true,
      allowBatchedHttpRequests: false,
      // main.ts stops the service on SIGTERM/SIGINT (close() below); Apollo's own handlers would cut connections in flight.
      stopOnTerminationSignals: false,
      parseOptions: limits.parseOptions,
      validationRules: limits.validationRules,
      // The cache-control plugin wraps every field resolver and its hints are unused (the response cache keys on the data version).
      plugins: [fastifyApolloDrainPlugin(http), ideLandingPagePlugin(config.publicBasePath), ApolloServerPluginCacheControlDisabled(), databaseFaultPlugin(), limits.plugin, metricsPlugin(), ...(tracing ? [tracing.plugin] : []), ...(config.production ? [hideSuggestionsPlugin()] : [])],
    });
    await apollo.start();
    registerErrorReplies(http, { [GRAPHQL_PATH]: ['GET', 'POST'], [EXPORT_PATH]: ['POST'] });
    const dataVersion = config.responseCache.enabled ? openDataVersion(config.database, orm) : null;
    if (dataVersion) {
      registerResponseCache(http, dataVersion, { ...config.responseCache, cost: limits.cache });
      http.addHook('onClose', () => dataVersion.close());
    }
    // Small answers go out as they are (compressing them costs more than it saves); brotli at quality 4 is fast enough for live answers.
    await http.register(compress, { threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } } });
    if (config.corsOrigins.length) {
      await http.register(cors, {
        origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
        methods: ['GET', 'POST', 'OPTIONS'],
        // A browser app reads the export's file name from content-disposition; preflights are cached for 10 minutes.
        exposedHeaders: ['content-disposition'],
        maxAge: 600,
      });
    }
    // After CORS, so that a browser can read a refusal; its onRequest hook runs before the response cache's preHandler.
    registerAuthentication(http, orm, { anonymousReads: config.anonymousReads });
    limits.register(http);
    const context: ApolloFastifyContextFunction<Context> = async (request, reply) =>
      observeContext(limits.bind(createContext(orm.em, { viewer: viewerOf(request), noStore: () => void reply.header('cache-control', 'no-store') }), request), request.observed);
    const handler = fastifyApolloHandler(apollo, { context });
    // GRAPHQL_TIMEOUT_MS: past it the client gets TIMEOUT (504) and the work left is abandoned (request-deadline.ts).
    const onTime = config.graphqlTimeoutMs > 0 ? { onRequest: deadline(config.graphqlTimeoutMs) } : {};
    http.route<{ Reply: string }>({ url: GRAPHQL_PATH, method: ['GET', 'POST'], ...onTime, async handler(request, reply) {
      const body = await handler.call(this, request, reply);
      return reply.sent ? reply : body; // an answer ready after the deadline's 504 is dropped
    } });
    await registerExport(http, apollo, context, { hideSuggestions: config.production });
    await registerIde(http, config.publicBasePath);
    return {
      http,
      orm,
      async listen() {
        const address = await http.listen({ port: config.port, host: config.host });
        return `${address.replace('[::1]', 'localhost')}/graphql`;
      },
      async close() {
        // No new connections, new requests on open ones refused; then every handler ends before the database closes.
        requests.stopAccepting();
        if (http.server.listening) http.server.close();
        await requests.drained();
        await apollo.stop(); // its drain plugin closes Fastify (onClose hooks included)
        await orm.close();
      },
      requestsInFlight: () => requests.count(),
    };
  } catch (err) {
    await orm.close();
    throw err;
  }
}
