import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf as json, raw, type RawResponse } from '../helpers/http';
import { startServer, type TestServer } from '../helpers/server';

// What a client sees of the HTTP layer: the documented error shape for every refusal (Fastify's own
// included), introspection in production, compression, and CORS details a browser app relies on.

/** The documented error body: `{ errors: [{ message, extensions: { code } }] }` and nothing else at the top. */
function expectErrorShape(r: RawResponse, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
  const body = json(r) as { errors: Array<{ message: string; extensions: { code: string } }> };
  // Besides the errors, at most the query's cost (extensions.cost), never data.
  expect(Object.keys(body).filter((k) => k !== 'extensions')).toEqual(['errors']);
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0].message).toEqual(expect.stringMatching(/\w{3}/));
  expect(body.errors[0].extensions.code).toBe(code);
  expect(JSON.stringify(body)).not.toMatch(/statusCode|stack/);
  return body.errors[0];
}

/** The largest answer the bundled dataset gives: the schema, as the IDE and codegen fetch it. */
const BIG = getIntrospectionQuery({ descriptions: true });

describe('the HTTP layer', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startServer('sqlite'); });
  afterAll(() => server?.close());

  describe('every error is a GraphQL error body with the right status', () => {
    it('a POST with a content-type the API does not read (XML): 415', async () => {
      const err = expectErrorShape(await raw(server.url, 'POST', { 'content-type': 'application/xml' }, '<query/>'), 415, 'BAD_USER_INPUT');
      expect(err.message).toMatch(/application\/json/);
    });

    it('a POST with content-type text/plain, which a plain HTML form can send (CSRF prevention): 400', async () => {
      const err = expectErrorShape(await raw(server.url, 'POST', { 'content-type': 'text/plain' }, '{"query":"{ __typename }"}'), 400, 'BAD_USER_INPUT');
      expect(err.message).toMatch(/Cross-Site Request Forgery/);
    });

    it('malformed JSON: 400', async () => {
      expectErrorShape(await raw(server.url, 'POST', { 'content-type': 'application/json' }, '{"query": '), 400, 'BAD_USER_INPUT');
    });

    it('an empty JSON body: 400', async () => {
      expectErrorShape(await raw(server.url, 'POST', { 'content-type': 'application/json' }), 400, 'BAD_USER_INPUT');
    });

    it('OPTIONS /graphql with CORS off, and PUT: 405 with an Allow header', async () => {
      for (const method of ['OPTIONS', 'PUT', 'DELETE']) {
        const r = await raw(server.url, method, {});
        expectErrorShape(r, 405, 'BAD_USER_INPUT');
        expect(r.headers.allow).toBe('GET, POST');
      }
    });

    it('the export endpoint: XML is 415, GET is 405', async () => {
      const exportUrl = `${server.url}/export?format=csv`;
      expectErrorShape(await raw(exportUrl, 'POST', { 'content-type': 'application/xml' }, '<x/>'), 415, 'BAD_USER_INPUT');
      const get = await raw(exportUrl, 'GET', {});
      expectErrorShape(get, 405, 'BAD_USER_INPUT');
      expect(get.headers.allow).toBe('POST');
    });

    it('an unknown path: 404 NOT_FOUND naming where the API is', async () => {
      const err = expectErrorShape(await raw(new URL('/graphq', server.url).toString(), 'POST', { 'content-type': 'application/json' }, '{}'), 404, 'NOT_FOUND');
      expect(err.message).toContain('/graphql');
    });

    it('a GET without a preflight header (CSRF prevention): 400 in the same shape', async () => {
      const r = await raw(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, 'GET', {});
      expectErrorShape(r, 400, 'BAD_USER_INPUT');
    });
  });

  describe('compression', () => {
    it('a large answer is sent gzip- or brotli-compressed to a client that accepts it, and decodes to the same JSON', async () => {
      const body = JSON.stringify({ query: BIG });
      const headers = { 'content-type': 'application/json' };
      const plain = await raw(server.url, 'POST', headers, body);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.length).toBeGreaterThan(10_000);
      const gzip = await raw(server.url, 'POST', { ...headers, 'accept-encoding': 'gzip' }, body);
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
      expect(gzip.body.length).toBeLessThan(plain.body.length / 3);
      const br = await raw(server.url, 'POST', { ...headers, 'accept-encoding': 'br, gzip' }, body);
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    });

    it('a small answer goes out uncompressed (compressing it would cost more than it saves)', async () => {
      const r = await raw(server.url, 'POST', { 'content-type': 'application/json', 'accept-encoding': 'gzip, br' }, JSON.stringify({ query: '{ __typename }' }));
      expect(r.headers['content-encoding']).toBeUndefined();
      expect((json(r) as { data: unknown }).data).toEqual({ __typename: 'Query' });
    });
  });
});

describe('introspection', () => {
  const INTROSPECT = JSON.stringify({ query: getIntrospectionQuery() });
  const headers = { 'content-type': 'application/json' };

  it('stays on in production (NODE_ENV=production): the data is public, and the IDE, codegen and editors need it', async () => {
    const prod = await startServer('sqlite', { NODE_ENV: 'production' });
    try {
      const r = await raw(prod.url, 'POST', headers, INTROSPECT);
      expect(r.status).toBe(200);
      const body = json(r) as { data: { __schema: { queryType: { name: string }; types: Array<{ name: string }> } } };
      expect(body.data.__schema.queryType.name).toBe('Query');
      expect(body.data.__schema.types.map((t) => t.name)).toContain('FundingGrant');
    } finally {
      await prod.close();
    }
  });

  it('GRAPHQL_INTROSPECTION=false turns it off, with a coded error', async () => {
    const closed = await startServer('sqlite', { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'false' });
    try {
      const err = expectErrorShape(await raw(closed.url, 'POST', headers, INTROSPECT), 400, 'BAD_USER_INPUT');
      expect(err.message).toMatch(/introspection/i);
      // Ordinary queries still work.
      expect(await closed.data('{ country(code: "JP") { name } }')).toEqual({ country: { name: 'Japan' } });
    } finally {
      await closed.close();
    }
  });
});

describe('CORS for a browser app on another origin', () => {
  const ORIGIN = 'https://app.example';
  let server: TestServer;
  beforeAll(async () => { server = await startServer('sqlite', { CORS_ORIGINS: ORIGIN }); });
  afterAll(() => server?.close());

  it('a preflight is answered and may be cached (Access-Control-Max-Age)', async () => {
    const r = await raw(server.url, 'OPTIONS', { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(Number(r.headers['access-control-max-age'])).toBeGreaterThanOrEqual(600);
  });

  it("the export's content-disposition is exposed, so the app can read the file name", async () => {
    const r = await raw(`${server.url}/export?format=csv`, 'POST', { origin: ORIGIN, 'content-type': 'application/json' }, JSON.stringify({ query: '{ countries { nodes { code } } }' }));
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toMatch(/filename="countries\.csv"/);
    expect(String(r.headers['access-control-expose-headers']).toLowerCase()).toContain('content-disposition');
  });

  it('another origin gets no CORS grant', async () => {
    const r = await raw(server.url, 'OPTIONS', { origin: 'https://evil.example', 'access-control-request-method': 'POST' });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });
});
