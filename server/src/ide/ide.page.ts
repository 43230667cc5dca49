import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { IDE_CONFIG_ELEMENT, type IdeConfig } from './ide-config';
import { loadSavedQueries } from './saved-queries';

/** Where `npm run build` writes the IDE bundle (server/ide/build.mjs); the same path from `src/ide` and `dist/ide`. */
export const IDE_BUNDLE_DIR = resolve(__dirname, '..', '..', 'dist', 'ide-bundle');
export const IDE_ASSETS_PREFIX = '/ide/assets/';

interface Manifest {
  script: string;
  stylesheet: string;
}

// Everything comes from this service: the browser refuses any other host, so a stray CDN link fails loudly.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Apollo's landing page, i.e. what a browser (Accept: text/html) gets from `GET /graphql`: our bundled
 * GraphiQL with the saved queries. JSON and POST requests still reach Apollo's GraphQL handling.
 */
export function ideLandingPage<T extends BaseContext>(config: Omit<IdeConfig, 'savedQueries'>, assetsPrefix = IDE_ASSETS_PREFIX): ApolloServerPlugin<T> {
  return {
    async serverWillStart() {
      const html = renderIdePage(readManifest(), { ...config, savedQueries: loadSavedQueries() }, assetsPrefix);
      return { renderLandingPage: async () => ({ html }) };
    },
  };
}

function readManifest(): Manifest | null {
  const file = join(IDE_BUNDLE_DIR, 'manifest.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : null;
}

/** The page; `assetsPrefix` is where the browser finds the bundle, e.g. `/apo-data/ide/assets/` behind a proxy. */
export function renderIdePage(manifest: Manifest | null, config: IdeConfig, assetsPrefix = IDE_ASSETS_PREFIX): string {
  const head = manifest
    ? `<link rel="stylesheet" href="${assetsPrefix}${manifest.stylesheet}">\n<script type="module" src="${assetsPrefix}${manifest.script}"></script>`
    : '';
  const body = manifest
    ? `<div id="ide"></div>\n<script type="application/json" id="${IDE_CONFIG_ELEMENT}">${safeJson(config)}</script>`
    : '<p>The GraphQL IDE has not been built. Run <code>npm run build</code>, then restart the service.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>apo-data GraphQL IDE</title>
<link rel="icon" href="data:,">
${head}
</head>
<body style="margin:0;height:100vh">
${body}
</body>
</html>
`;
}

/** JSON that cannot close the script element it sits in. */
const safeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
