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
import { registerErrorReplies } from './http-errors';
import { createLogger } from './logger';
import { registerAuthentication, viewerOf } from './modules/auth';
import { StartupError } from './startup-error';
import { registerExport } from './export/export.route';
import { ideLandingPagePlugin, registerIde } from './ide/ide.routes';
import { EXPORT_PATH, GRAPHQL_PATH } from './paths';
import { queryLimitRules } from './query-limits';
import { apiSchema } from './schema';

export interface App {
  http: FastifyInstance;
  orm: MikroORM;
  /** Starts listening; resolves to the GraphQL endpoint's URL. */
  listen(): Promise<string>;
  /** Stops taking requests, lets running ones finish, closes the database. */
  close(): Promise<void>;
}

/** Builds the whole service without listening: database (migrated and seeded, under a lock on PostgreSQL), schema, HTTP. */
export async function createApp(config: AppConfig, hooks: OrmHooks = {}): Promise<App> {
  const log = hooks.logger ?? createLogger(config.logLevel);
  const orm = await MikroORM.init(ormOptions(config.database, { ...hooks, logger: log }));
  try {
    const check = await orm.checkConnection();
    if (!check.ok) throw check.error ?? new StartupError(`Cannot connect to the ${config.database.kind} database: ${check.reason}`);
    await prepareDatabase(orm, { seed: config.seedOnStart });
    // Typed as Fastify's own logger, so the instance fits the plugins' and integrations' FastifyInstance.
    const http: FastifyInstance = Fastify({ loggerInstance: log as FastifyBaseLogger });
    const apollo = new ApolloServer<Context>({
      schema: await apiSchema(),
      // Apollo Server 5 always answers variable coercion errors with HTTP 400 (the issue's `status400ForVariableCoercionErrors`).
      includeStacktraceInErrorResponses: config.debugErrors,
      // Apollo turns introspection off in production; the data is public and the IDE's docs, codegen and editors need it.
      introspection: config.introspection,
      formatError: formatError(config.production, http.log),
      validationRules: queryLimitRules(config.queryLimits),
      // The cache-control plugin wraps every field resolver and its hints are unused (the response cache keys on the data version).
      plugins: [fastifyApolloDrainPlugin(http), ideLandingPagePlugin(config.publicBasePath), ApolloServerPluginCacheControlDisabled()],
    });
    await apollo.start();
    registerErrorReplies(http, { [GRAPHQL_PATH]: ['GET', 'POST'], [EXPORT_PATH]: ['POST'] });
    const dataVersion = config.responseCache.enabled ? openDataVersion(config.database, orm) : null;
    if (dataVersion) {
      registerResponseCache(http, dataVersion, config.responseCache);
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
    const context: ApolloFastifyContextFunction<Context> = async (request, reply) =>
      createContext(orm.em, { viewer: viewerOf(request), noStore: () => void reply.header('cache-control', 'no-store') });
    const handler = fastifyApolloHandler(apollo, { context });
    http.route({ url: GRAPHQL_PATH, method: ['GET', 'POST'], handler });
    await registerExport(http, apollo, context);
    await registerIde(http, config.publicBasePath);
    http.get('/healthz', async () => ({ status: 'ok' }));
    http.get('/readyz', async (_req, reply) => {
      const ok = await orm.isConnected();
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'database unavailable' });
    });
    return {
      http,
      orm,
      async listen() {
        const address = await http.listen({ port: config.port, host: config.host });
        return `${address.replace('[::1]', 'localhost')}/graphql`;
      },
      async close() {
        await http.close();
        await orm.close();
      },
    };
  } catch (err) {
    await orm.close();
    throw err;
  }
}
