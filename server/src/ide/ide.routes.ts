import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context';
import { EXPORT_PATH, GRAPHQL_PATH } from '../paths';
import { IDE_ASSETS_PREFIX, IDE_BUNDLE_DIR, ideLandingPage } from './ide.page';

/**
 * The Apollo plugin that serves the IDE page at `GET /graphql` for browsers. `basePath` (PUBLIC_BASE_PATH, e.g.
 * `/apo-data`) prefixes every URL the page hands the browser; a reverse proxy strips it before forwarding.
 */
export const ideLandingPagePlugin = (basePath = '') =>
  ideLandingPage<Context>({ endpoint: basePath + GRAPHQL_PATH, exportEndpoint: basePath + EXPORT_PATH }, basePath + IDE_ASSETS_PREFIX);

/** The IDE's routes: `/` redirects to it (under `basePath`, as the browser sees it), and its bundled assets. */
export async function registerIde(http: FastifyInstance, basePath = '') {
  http.get('/', (_request, reply) => reply.redirect(basePath + GRAPHQL_PATH));
  const assets = join(IDE_BUNDLE_DIR, 'assets');
  if (existsSync(assets)) {
    // File names carry a content hash, so a browser may keep them for good; .br/.gz siblings are built beside them.
    await http.register(fastifyStatic, { root: assets, prefix: IDE_ASSETS_PREFIX, immutable: true, maxAge: '365d', preCompressed: true, index: false });
  }
}
