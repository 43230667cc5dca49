import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient } from '../../sdk/src';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => { server = await startServer(); });
afterAll(() => server?.close());

it('works', async () => {
  const client = createClient({ url: server.url });
  const c = await client.country({ code: 'JP' });
  expect(c.country.name).toBe('Japan');
  const all = [];
  for await (const country of client.paginate.countries({}, { pageSize: 5 })) all.push(country.code);
  expect(all).toHaveLength(21);
  const s = await client.search({ query: 'Jepang' });
  expect(s.search[0].__typename).toBe('Country');
});
