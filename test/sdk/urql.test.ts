import { Client, fetchExchange, type ClientOptions } from '@urql/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient } from '../../sdk/src';
import { CountryDocument } from '../../sdk/src/documents';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

/** urql 6 with `options`, recording the method and headers of every request it sends. */
function urql(options: Partial<ClientOptions> = {}) {
  const sent: Array<{ method: string; headers: Headers }> = [];
  const recording: typeof fetch = (input, init) => {
    sent.push({ method: init?.method ?? 'GET', headers: new Headers(init?.headers) });
    return fetch(input, init);
  };
  return { client: new Client({ url: server.url, exchanges: [fetchExchange], fetch: recording, ...options }), sent };
}

it("urql's defaults send a short query as GET without a content-type, which CSRF prevention refuses", async () => {
  const { client, sent } = urql();
  const result = await client.query(CountryDocument, { code: 'JP' }).toPromise();
  expect(sent).toHaveLength(1);
  expect(sent[0].method).toBe('GET');
  expect(sent[0].headers.has('content-type')).toBe(false);
  expect(result.data).toBeUndefined();
  expect(result.error?.response?.status).toBe(400);
  expect(result.error?.message).toMatch(/Cross-Site Request Forgery/);
});

it("the README's setup (preferGetMethod: false) sends POST and gets the country", async () => {
  const { client, sent } = urql({ preferGetMethod: false });
  const result = await client.query(CountryDocument, { code: 'JP' }).toPromise();
  expect(result.error).toBeUndefined();
  expect(sent.map((s) => s.method)).toEqual(['POST']);
  expect(result.data?.country).toEqual((await createClient({ url: server.url }).country({ code: 'JP' })).country);
});

it("keeping GET: the README's apollo-require-preflight header is accepted", async () => {
  const { client, sent } = urql({ fetchOptions: { headers: { 'apollo-require-preflight': 'true' } } });
  const result = await client.query(CountryDocument, { code: 'KR' }).toPromise();
  expect(result.error).toBeUndefined();
  expect(sent.map((s) => s.method)).toEqual(['GET']);
  expect(result.data?.country.code).toBe('KR');
});
