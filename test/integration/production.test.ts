import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { expectCodedError, jsonOf, raw } from '../helpers/http';
import { databases, startServer, type TestServer } from '../helpers/server';
import { holdTransaction } from '../helpers/transactions';

// Production mode (NODE_ENV=production) over real HTTP: what a hostile or careless client can learn or hold, and the
// defaults that stop it (OWASP's GraphQL cheat sheet, graphql-cop's checks). Each refusal is a coded GraphQL error.

const JSON_HEADERS = { 'content-type': 'application/json' };
const post = (url: string, body: unknown, headers: Record<string, string> = JSON_HEADERS) => raw(url, 'POST', headers, JSON.stringify(body));
/** Fails every test that lets a schema name, SQL, a file path or a stack trace through. */
const LEAKS = /Did you mean|stacktrace|\.ts:\d+|\.js:\d+|node_modules|\/work\/|\bselect\s|\bfrom\s+"|SQLITE_|DriverException/i;

describe('production defaults (NODE_ENV=production)', () => {
  let prod: TestServer;
  let dev: TestServer;
  beforeAll(async () => {
    [prod, dev] = await Promise.all([startServer('sqlite', { NODE_ENV: 'production' }), startServer('sqlite')]);
  });
  afterAll(async () => { await Promise.all([prod?.close(), dev?.close()]); });

  describe('no field suggestions', () => {
    const MISSPELT = [
      { query: '{ grnts(first: 1) { totalCount } }' }, // a field
      { query: '{ countries(frist: 1) { totalCount } }' }, // an argument
      { query: '{ countries(orderBy: [{ field: NAM }]) { totalCount } }' }, // an enum value in the query
      { query: 'query ($o: [CountryOrder!]) { countries(orderBy: $o) { totalCount } }', variables: { o: [{ field: 'NAM' }] } }, // in variables
      { query: 'query ($o: [CountryOrder!]) { countries(orderBy: $o) { totalCount } }', variables: { o: [{ fild: 'NAME' }] } }, // an input field
      { query: '{ country(code: "JP") { nme } }' },
    ];

    it('in development the same requests are answered with suggestions (so the checks below can fail)', async () => {
      for (const body of MISSPELT) expect((await post(dev.url, body)).body.toString(), body.query).toMatch(/Did you mean/);
    });

    it.each(MISSPELT)('none in %o, still with a coded error that names the problem', async (body) => {
      const r = await post(prod.url, body);
      const err = expectCodedError(r, 400, 'BAD_USER_INPUT');
      expect(r.body.toString()).not.toMatch(LEAKS);
      expect(err.message).toMatch(/grnts|frist|NAM|fild|nme/);
    });

    it('none from the export endpoint either, which runs GraphQL too', async () => {
      const r = await post(`${prod.url}/export?format=csv`, { query: '{ grnts(first: 1) { nodes { id } } }' });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.body.toString()).toMatch(/grnts/);
      expect(r.body.toString()).not.toMatch(LEAKS);
      expect(String((await post(`${dev.url}/export?format=csv`, { query: '{ grants(first: 1) { nodes { titl } } }' })).body)).toMatch(/Did you mean/);
      expect(String((await post(`${prod.url}/export?format=csv`, { query: '{ grants(first: 1) { nodes { titl } } }' })).body)).not.toMatch(LEAKS);
    });
  });

  describe('no stack traces, SQL or file paths', () => {
    it('an internal failure inside a resolver is "Internal server error" with its code, nothing else', async () => {
      prod.failNext(/from [`"]?country/i);
      const r = await post(prod.url, { query: '{ countries(first: 2) { nodes { code } } }' });
      const body = jsonOf(r) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(body.errors[0].message).toBe('Internal server error');
      expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(r.body.toString()).not.toMatch(LEAKS);
      expect(r.body.toString()).not.toMatch(/injected fault/);
    });

    it('the same failure in development shows its message (so the check above can fail)', async () => {
      dev.failNext(/from [`"]?country/i);
      const r = await post(dev.url, { query: '{ countries(first: 2) { nodes { code } } }' });
      expect(r.body.toString()).toMatch(/injected fault/);
    });

    it('an internal failure during an export is hidden the same way', async () => {
      prod.failNext(/from [`"]?country/i);
      const r = await post(`${prod.url}/export?format=ndjson`, { query: '{ countries(first: 5) { nodes { code } } }' });
      expect(r.body.toString()).not.toMatch(LEAKS);
      expect(r.body.toString()).not.toMatch(/injected fault/);
    });
  });

  describe('CSRF prevention', () => {
    const q = encodeURIComponent('{ __typename }');

    it('refuses a GET without a header only scripts can send, and answers it with one', async () => {
      expectCodedError(await raw(`${prod.url}?query=${q}`, 'GET', {}), 400, 'BAD_USER_INPUT');
      const ok = await raw(`${prod.url}?query=${q}`, 'GET', { 'apollo-require-preflight': 'true' });
      expect(ok.status).toBe(200);
      expect(jsonOf(ok)).toMatchObject({ data: { __typename: 'Query' } });
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('refuses a POST a plain HTML form can send: %s', async (type) => {
      const r = await raw(prod.url, 'POST', { 'content-type': type }, '{"query":"{ __typename }"}');
      expect([400, 415]).toContain(r.status);
      expectCodedError(r, r.status, 'BAD_USER_INPUT');
    });
  });

  it('refuses a mutation sent by GET (405), even with the preflight header', async () => {
    const mutation = encodeURIComponent('mutation { deleteCountry(input: { id: "x", version: 1 }) { userErrors { code } } }');
    const r = await raw(`${prod.url}?query=${mutation}`, 'GET', { 'apollo-require-preflight': 'true' });
    const err = expectCodedError(r, 405, 'BAD_USER_INPUT');
    expect(err.message).toMatch(/GET/);
  });

  it('refuses batched requests (a JSON array of operations): each operation must be its own request, counted by the limits', async () => {
    const r = await post(prod.url, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    const err = expectCodedError(r, 400, 'BAD_USER_INPUT');
    expect(err.message).toMatch(/batch/i);
  });

  it('refuses a body over 1 MB with 413 in the GraphQL error shape, and takes one just under it', async () => {
    const query = (bytes: number) => JSON.stringify({ query: `{ __typename }\n#${'x'.repeat(bytes)}` });
    const over = query(1024 * 1024);
    const r = await raw(prod.url, 'POST', JSON_HEADERS, over);
    const err = expectCodedError(r, 413, 'BAD_USER_INPUT');
    expect(err.message).toMatch(/1048576 bytes/);
    const under = await raw(prod.url, 'POST', JSON_HEADERS, query(1024 * 1024 - 200));
    expect(under.status).not.toBe(413);
  });

  it('sends every answer with an x-request-id', async () => {
    const r = await post(prod.url, { query: '{ __typename }' });
    expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('CORS in production', () => {
  it('refuses to start with CORS_ORIGINS=* (the browser apps allowed must be named)', async () => {
    expect(() => loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS: \* is refused with NODE_ENV=production/);
    await expect(startServer('sqlite', { NODE_ENV: 'production', CORS_ORIGINS: 'https://a.example,*' })).rejects.toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'app.example' })).toThrow(/not an origin/);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it('allows exactly the listed origins', async () => {
    const server = await startServer('sqlite', { NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example' });
    try {
      const preflight = (origin: string) =>
        raw(server.url, 'OPTIONS', { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
      expect((await preflight('https://app.example')).headers['access-control-allow-origin']).toBe('https://app.example');
      expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
      const r = await raw(server.url, 'POST', { ...JSON_HEADERS, origin: 'https://evil.example' }, JSON.stringify({ query: '{ __typename }' }));
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});

/** Opens a connection, sends `head`, then one more byte every `everyMs`, and resolves with what the server answered and when it closed. */
function trickle(url: string, head: string, everyMs: number): Promise<{ answer: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname, () => socket.write(head));
    let answer = '';
    const timer = setInterval(() => socket.writable && socket.write('x'), everyMs);
    const giveUp = setTimeout(() => socket.destroy(new Error('the server kept a trickling client for 15 s')), 15_000);
    socket.on('data', (c) => { answer += c.toString(); });
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
    socket.on('error', (err) => (err.message.includes('15 s') ? reject(err) : undefined));
  });
}

describe('slow clients are cut off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer('sqlite', { NODE_ENV: 'production', HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000' });
  });
  afterAll(() => server?.close());

  it('production defaults: 10 s for the headers, 30 s for the whole request; development keeps Node\'s', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).http).toEqual({ bodyLimitBytes: 1_048_576, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 });
    expect(loadConfig({}).http).toEqual({ bodyLimitBytes: 1_048_576, headersTimeoutMs: 60_000, requestTimeoutMs: 300_000 });
  });

  it('a client trickling its headers gets 408 TIMEOUT and is disconnected after the headers timeout', async () => {
    const { answer, closedAfterMs } = await trickle(server.url, 'POST /graphql HTTP/1.1\r\nHost: localhost\r\nX-Slow: ', 100);
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(answer).toContain('"code":"TIMEOUT"');
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(closedAfterMs).toBeLessThan(4_000);
  });

  it('a client trickling its body is disconnected after the request timeout', async () => {
    const head = `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"query":"`;
    const { answer, closedAfterMs } = await trickle(server.url, head, 100);
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(1_900);
    expect(closedAfterMs).toBeLessThan(5_000);
  });

  it('a client that sends in time is answered as usual on the same server', async () => {
    expect(jsonOf(await post(server.url, { query: '{ __typename }' }))).toMatchObject({ data: { __typename: 'Query' } });
  });
});

describe('timeouts on the database and on operations', () => {
  it('SQLite has no statement timeout; PostgreSQL gets 15 s by default in production, none in development', () => {
    const pg = 'postgres://db/apo';
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: pg }).database).toMatchObject({ statementTimeoutMs: 15_000 });
    expect(loadConfig({ DATABASE_URL: pg }).database).toMatchObject({ statementTimeoutMs: 0 });
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: pg, DATABASE_STATEMENT_TIMEOUT_MS: '0' }).database).toMatchObject({ statementTimeoutMs: 0 });
    expect(loadConfig({ NODE_ENV: 'production' }).graphqlTimeoutMs).toBe(30_000);
    expect(loadConfig({}).graphqlTimeoutMs).toBe(0);
  });

  const onPostgres = databases().includes('postgresql');
  describe.skipIf(!onPostgres)('on PostgreSQL (skipped without it: the global setup says why)', () => {
    /** Holds an exclusive lock on the country table, as a long migration or a stuck transaction would, until released. */
    const lockCountries = (server: TestServer) =>
      holdTransaction(server.em(), async (tx) => {
        await tx.getConnection().execute('set local statement_timeout = 0', [], 'run', tx.getTransactionContext());
        await tx.getConnection().execute('lock table country in access exclusive mode', [], 'run', tx.getTransactionContext());
      });

    it('the production default reaches every connection (SHOW statement_timeout is 15s)', async () => {
      const server = await startServer('postgresql', { NODE_ENV: 'production' });
      try {
        const rows = await server.em().getConnection().execute<Array<{ statement_timeout: string }>>('show statement_timeout');
        expect(rows[0].statement_timeout).toBe('15s');
      } finally {
        await server.close();
      }
    });

    it('a statement that runs past DATABASE_STATEMENT_TIMEOUT_MS is cancelled and the client gets TIMEOUT', async () => {
      const server = await startServer('postgresql', { NODE_ENV: 'production', DATABASE_STATEMENT_TIMEOUT_MS: '300' });
      const unlock = await lockCountries(server);
      try {
        const res = await server.gql('{ countries(first: 1) { nodes { code } } }');
        expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(res.body)).toBe('TIMEOUT');
        expect(JSON.stringify(res.body)).not.toMatch(LEAKS);
      } finally {
        await unlock();
        await server.close();
      }
    });

    it('an operation that runs past GRAPHQL_TIMEOUT_MS is answered 504 TIMEOUT at the deadline', async () => {
      const server = await startServer('postgresql', { NODE_ENV: 'production', GRAPHQL_TIMEOUT_MS: '500', DATABASE_STATEMENT_TIMEOUT_MS: '5000' });
      const unlock = await lockCountries(server);
      try {
        const started = Date.now();
        const r = await post(server.url, { query: '{ countries(first: 1) { nodes { code } } }' });
        expectCodedError(r, 504, 'TIMEOUT');
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        await unlock();
      }
      // The abandoned operation finished on its own once the lock went; the server goes on answering.
      expect(await server.data('{ country(code: "JP") { name } }')).toEqual({ country: { name: 'Japan' } });
      await server.close();
    });
  });
});
