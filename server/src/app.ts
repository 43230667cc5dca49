import 'reflect-metadata';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import { MikroORM } from '@mikro-orm/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppConfig } from './config';
import { createContext, type Context } from './context';
import { ormOptions, type OrmHooks } from './db/orm-config';
import { seed } from './db/seed';
import { formatError } from './format-error';
import { apiSchema } from './schema';

export interface App {
  http: FastifyInstance;
  orm: MikroORM;
  /** Starts listening; resolves to the GraphQL endpoint's URL. */
  listen(): Promise<string>;
  /** Stops taking requests, lets running ones finish, closes the database. */
  close(): Promise<void>;
}

/** Builds the whole service without listening: database (migrated, seeded if empty), schema, HTTP. */
export async function createApp(config: AppConfig, hooks: OrmHooks = {}): Promise<App> {
  const orm = await MikroORM.init(ormOptions(config.database, hooks));
  try {
    await orm.migrator.up();
    if (config.seedOnStart) await seed(orm.em.fork());
    const http = Fastify({ logger: { level: config.logLevel } });
    const apollo = new ApolloServer<Context>({
      schema: await apiSchema(),
      // Apollo Server 5 always answers variable coercion errors with HTTP 400 (the issue's `status400ForVariableCoercionErrors`).
      includeStacktraceInErrorResponses: !config.production,
      formatError: formatError(config.production, http.log),
      plugins: [fastifyApolloDrainPlugin(http), ApolloServerPluginLandingPageDisabled() as ApolloServerPlugin<Context>],
    });
    await apollo.start();
    if (config.corsOrigins.length) {
      await http.register(cors, { origin: config.corsOrigins.includes('*') ? true : config.corsOrigins, methods: ['GET', 'POST', 'OPTIONS'] });
    }
    const handler = fastifyApolloHandler(apollo, { context: async () => createContext(orm.em) });
    http.route({ url: '/graphql', method: ['GET', 'POST'], handler });
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
