import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import { MikroORM } from '@mikro-orm/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppConfig } from './config';
import { createContext, type Context } from './context';
import { ormOptions, type OrmHooks } from './db/orm-config';
import { prepareDatabase } from './db/prepare';
import { formatError } from './format-error';
import { GRAPHQL_PATH, ideLandingPagePlugin, registerIde } from './ide/ide.routes';
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
  const orm = await MikroORM.init(ormOptions(config.database, hooks));
  try {
    await prepareDatabase(orm, { seed: config.seedOnStart });
    const http = Fastify({ logger: { level: config.logLevel } });
    const apollo = new ApolloServer<Context>({
      schema: await apiSchema(),
      // Apollo Server 5 always answers variable coercion errors with HTTP 400 (the issue's `status400ForVariableCoercionErrors`).
      includeStacktraceInErrorResponses: !config.production,
      formatError: formatError(config.production, http.log),
      validationRules: queryLimitRules(config.queryLimits),
      plugins: [fastifyApolloDrainPlugin(http), ideLandingPagePlugin()],
    });
    await apollo.start();
    if (config.corsOrigins.length) {
      await http.register(cors, { origin: config.corsOrigins.includes('*') ? true : config.corsOrigins, methods: ['GET', 'POST', 'OPTIONS'] });
    }
    const context = async () => createContext(orm.em);
    const handler = fastifyApolloHandler(apollo, { context });
    http.route({ url: GRAPHQL_PATH, method: ['GET', 'POST'], handler });
    await registerIde(http, apollo, context);
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
