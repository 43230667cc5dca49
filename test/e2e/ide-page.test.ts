import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDE_CONFIG_ELEMENT, type IdeConfig } from '../../server/src/ide/ide-config';
import { IDE_BUNDLE_DIR } from '../../server/src/ide/ide.page';
import { loadSavedQueries } from '../../server/src/ide/saved-queries';
import { startServer, type TestServer } from '../helpers/server';

// How the service serves its IDE over HTTP: the page for browsers at GET /graphql, the redirect from /,
// the bundled assets with cache headers. GraphQL clients on the same URL still get Apollo. With
// PUBLIC_BASE_PATH the page hands the browser URLs under that path, for a reverse proxy that strips it.

const manifest = JSON.parse(readFileSync(join(IDE_BUNDLE_DIR, 'manifest.json'), 'utf8')) as { script: string; stylesheet: string };
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The IDE page a browser gets from `url`, with every URL it names and the config it hands the app. */
async function idePage(url: string) {
  const res = await fetch(url, { headers: { accept: BROWSER_ACCEPT } });
  const html = await res.text();
  const json = new RegExp(`<script type="application/json" id="${IDE_CONFIG_ELEMENT}">(.*?)</script>`).exec(html)?.[1];
  const urls = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  return { res, html, urls, config: json ? (JSON.parse(json) as IdeConfig) : null };
}

describe('the IDE page and its assets', () => {
  let server: TestServer;
  let origin: string;
  beforeAll(async () => {
    server = await startServer('sqlite');
    origin = new URL(server.url).origin;
  });
  afterAll(() => server?.close());

  it('GET / redirects to /graphql', async () => {
    const res = await fetch(`${origin}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/graphql');
  });

  it('GET /graphql from a browser is the IDE page: bundled script and stylesheet, a same-origin CSP, every saved query', async () => {
    const { res, html, urls, config } = await idePage(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain(`<script type="module" src="/ide/assets/${manifest.script}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/ide/assets/${manifest.stylesheet}">`);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self';[^"]*connect-src 'self'/);
    expect(urls).toEqual(['data:,', `/ide/assets/${manifest.stylesheet}`, `/ide/assets/${manifest.script}`]);
    expect(config).toEqual({ endpoint: '/graphql', exportEndpoint: '/graphql/export', savedQueries: loadSavedQueries() });
  });

  it('serves the assets with long-lived immutable caching, compressed when the browser accepts it', async () => {
    for (const file of [manifest.script, manifest.stylesheet]) {
      const plain = await fetch(`${origin}/ide/assets/${file}`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.status).toBe(200);
      expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(plain.headers.get('content-type')).toMatch(file.endsWith('.js') ? /^application\/javascript/ : /^text\/css/);
      expect(await plain.text()).toBe(readFileSync(join(IDE_BUNDLE_DIR, 'assets', file), 'utf8'));
      const br = await fetch(`${origin}/ide/assets/${file}`, { headers: { 'accept-encoding': 'br' } });
      expect(br.headers.get('content-encoding')).toBe('br');
    }
    expect((await fetch(`${origin}/ide/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${origin}/ide/assets/..%2Fmanifest.json`)).status).toBe(404);
  });

  it('still answers GraphQL on the same URL: GET with Accept JSON and POST', async () => {
    // Apollo's CSRF prevention wants a header a plain HTML form cannot send.
    const headers = { accept: 'application/json', 'apollo-require-preflight': 'true' };
    const get = await fetch(`${server.url}?query=${encodeURIComponent('{ country(code: "JP") { name } }')}`, { headers });
    expect(get.status).toBe(200);
    expect((await get.json()).data).toEqual({ country: { name: 'Japan' } });
    expect(await server.data('{ country(code: "JP") { name } }')).toEqual({ country: { name: 'Japan' } });
  });
});

describe('the IDE page with PUBLIC_BASE_PATH=/apo-data (behind a reverse proxy that strips /apo-data)', () => {
  let server: TestServer;
  let origin: string;
  beforeAll(async () => {
    server = await startServer('sqlite', { PUBLIC_BASE_PATH: '/apo-data' });
    origin = new URL(server.url).origin;
  });
  afterAll(() => server?.close());

  it('GET / redirects to /apo-data/graphql, the IDE as the browser sees it', async () => {
    const res = await fetch(`${origin}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/apo-data/graphql');
  });

  it('the page names its script, stylesheet, GraphQL endpoint and export endpoint under /apo-data', async () => {
    const { res, urls, config } = await idePage(server.url);
    expect(res.status).toBe(200);
    expect(urls).toEqual(['data:,', `/apo-data/ide/assets/${manifest.stylesheet}`, `/apo-data/ide/assets/${manifest.script}`]);
    expect(config).toEqual({ endpoint: '/apo-data/graphql', exportEndpoint: '/apo-data/graphql/export', savedQueries: loadSavedQueries() });
  });

  it('still serves its own routes without the prefix, as the proxy forwards them', async () => {
    const asset = await fetch(`${origin}/ide/assets/${manifest.script}`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe(readFileSync(join(IDE_BUNDLE_DIR, 'assets', manifest.script), 'utf8'));
    expect(await server.data('{ country(code: "JP") { name } }')).toEqual({ country: { name: 'Japan' } });
  });
});
