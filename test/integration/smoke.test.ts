import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startServer, type TestServer } from '../helpers/server';

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  beforeAll(async () => { server = await startServer(db); });
  afterAll(() => server?.close());

  it('serves the seeded dataset over HTTP', async () => {
    const data = await server.data<{ countries: { totalCount: number } }>('{ countries(first: 100) { totalCount } }');
    expect(data.countries.totalCount).toBe(21);
  });
});
