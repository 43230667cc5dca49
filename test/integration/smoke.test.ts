import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => { server = await startServer(); });
afterAll(() => server?.close());

it('serves the seeded dataset over HTTP', async () => {
  const data = await server.data('{ countries(first: 100) { totalCount } }');
  expect(data.countries.totalCount).toBe(21);
});
