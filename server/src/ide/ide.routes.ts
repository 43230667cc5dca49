import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import type { ApolloFastifyContextFunction } from '@as-integrations/fastify';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context';
import { EXPORT_PATH, registerExport } from './export.route';
import { IDE_ASSETS_PREFIX, IDE_BUNDLE_DIR, ideLandingPage } from './ide.page';

export const GRAPHQL_PATH = '/graphql';

/** The Apollo plugin that serves the IDE page at `GET /graphql` for browsers. */
export const ideLandingPagePlugin = () => ideLandingPage<Context>({ endpoint: GRAPHQL_PATH, exportEndpoint: EXPORT_PATH });

/** The IDE's routes: `/` redirects to it, its bundled assets, and the export endpoint. */
export async function registerIde(http: FastifyInstance, apollo: ApolloServer<Context>, context: ApolloFastifyContextFunction<Context>) {
  http.get('/', (_request, reply) => reply.redirect(GRAPHQL_PATH));
  const assets = join(IDE_BUNDLE_DIR, 'assets');
  if (existsSync(assets)) {
    // File names carry a content hash, so a browser may keep them for good; .br/.gz siblings are built beside them.
    await http.register(fastifyStatic, { root: assets, prefix: IDE_ASSETS_PREFIX, immutable: true, maxAge: '365d', preCompressed: true, index: false });
  }
  await registerExport(http, apollo, context);
}
