import { afterEach, describe, expect, it } from 'vitest';
import { roleHeaders, startServer, type TestServer } from '../helpers/server';

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number } } };
}

async function post(server: TestServer, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

/** A refusal by a rate limit: 429, Retry-After in whole seconds within the window, RATE_LIMITED naming the budget. */
function expectRateLimited(res: Answer, by: 'requests' | 'cost', windowSeconds = 60) {
  expect(res.status, JSON.stringify(res.body)).toBe(429);
  const retryAfter = res.headers.get('retry-after');
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(windowSeconds);
  expect(res.body.data ?? undefined).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: by, retryAfter: Number(retryAfter) });
}

const QUERY = '{ countries(first: 2) { nodes { code } } }';

// Rate limits are kept in each process's memory, whatever the database (README, "Rate limits"): SQLite only.
describe('rate limits', () => {
  const servers: TestServer[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startServer('sqlite', env);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('refuses a caller\'s requests beyond RATE_LIMIT_REQUESTS_PER_MINUTE with 429 and Retry-After, before the body is read or the cache answers', async () => {
    const server = await start({ RATE_LIMIT_REQUESTS_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) expect((await post(server, QUERY)).status).toBe(200);
    const statements = server.statements.length;
    // The answer is in the response cache by now; the refusal comes before it is looked up, and before any SQL.
    expectRateLimited(await post(server, QUERY), 'requests');
    // Refused before the body is parsed: even a malformed one gets the 429.
    const malformed = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(malformed.status).toBe(429);
    const get = await fetch(`${server.url}?query=${encodeURIComponent(QUERY)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(429);
    const exported = await fetch(`${server.url}/export?format=ndjson`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    expect(exported.status).toBe(429);
    expect(server.statements.length).toBe(statements);
  });

  it('gives each API token its own budget, apart from the anonymous callers of the same address', async () => {
    const server = await start({ RATE_LIMIT_REQUESTS_PER_MINUTE: '3' });
    const { reader, editor } = await roleHeaders(server, 'limits');
    for (let i = 0; i < 3; i++) expect((await post(server, QUERY)).status).toBe(200);
    expectRateLimited(await post(server, QUERY), 'requests');
    for (let i = 0; i < 3; i++) expect((await post(server, QUERY, reader)).status).toBe(200);
    expectRateLimited(await post(server, QUERY, reader), 'requests');
    expect((await post(server, QUERY, editor)).status).toBe(200);
    expectRateLimited(await post(server, QUERY), 'requests');
  });

  it('refuses a query whose requested cost the caller\'s RATE_LIMIT_COST_PER_MINUTE budget can no longer pay, without running or charging it', async () => {
    // Without the response cache, which would replay the answer at its actual cost (next test).
    const server = await start({ RATE_LIMIT_COST_PER_MINUTE: '500', QUERY_MAX_COST: '500', APO_DATA_RESPONSE_CACHE: 'false' });
    // 1 + 23 x (1 + 20 names): 484, paid up front; what it did not actually cost is given back after it ran.
    const costly = '{ countries(first: 23) { nodes { names { name } } } }';
    let remaining = 500;
    let refused: Answer | null = null;
    for (let i = 0; i < 50 && !refused; i++) {
      const res = await post(server, costly);
      if (res.status === 429) refused = res;
      else {
        expect(res.body.extensions?.cost?.requestedQueryCost).toBe(484);
        const actual = res.body.extensions!.cost!.actualQueryCost;
        expect(Number(res.headers.get('x-ratelimit-remaining'))).toBe(remaining - actual);
        remaining -= actual;
      }
    }
    expect(refused, 'the budget ran out').not.toBeNull();
    expect(remaining).toBeLessThan(484);
    expectRateLimited(refused!, 'cost');
    expect(refused!.body.errors![0].message).toMatch(/may cost 484/);
    // Nothing was charged for the refusal, and a query the rest of the budget can pay still runs.
    const statements = server.statements.length;
    const dry = await post(server, `{ rateLimit(dryRun: true) { remaining } }`);
    expect(dry.body.data!.rateLimit).toEqual({ remaining });
    expect(server.statements.length).toBe(statements);
    expect((await post(server, '{ countries(first: 1) { nodes { code } } }')).status).toBe(200);
  });

  it('charges each replay of a cached answer its actual cost, and refuses it once the budget cannot pay that', async () => {
    const server = await start({ RATE_LIMIT_COST_PER_MINUTE: '500', QUERY_MAX_COST: '500' });
    const query = '{ countries(first: 23) { nodes { names { name } } } }';
    const first = await post(server, query);
    const actual = first.body.extensions!.cost!.actualQueryCost;
    let remaining = 500 - actual;
    expect(Number(first.headers.get('x-ratelimit-remaining'))).toBe(remaining);
    const statements = server.statements.length;
    while (remaining >= actual) {
      const replay = await post(server, query);
      expect(replay.status).toBe(200);
      remaining -= actual;
      expect(Number(replay.headers.get('x-ratelimit-remaining'))).toBe(remaining);
    }
    const refused = await post(server, query);
    expectRateLimited(refused, 'cost');
    expect(refused.body.errors![0].message).toContain(`may cost ${actual}, ${remaining} of 500`);
    expect(server.statements.length, 'every answer came from the cache').toBe(statements);
  });

  it('opens the budget again when the window ends (RATE_LIMIT_WINDOW_SECONDS)', async () => {
    const server = await start({ RATE_LIMIT_REQUESTS_PER_MINUTE: '1', RATE_LIMIT_WINDOW_SECONDS: '1' });
    expect((await post(server, QUERY)).status).toBe(200);
    const refused = await post(server, QUERY);
    expectRateLimited(refused, 'requests', 1);
    await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get('retry-after')) * 1000 + 50));
    expect((await post(server, QUERY)).status).toBe(200);
  });

  it('turns each limit off with 0, and both with RATE_LIMIT_ENABLED=false', async () => {
    const off = await start({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_REQUESTS_PER_MINUTE: '1', RATE_LIMIT_COST_PER_MINUTE: '50000' });
    for (let i = 0; i < 5; i++) expect((await post(off, QUERY)).status).toBe(200);
    expect((await post(off, QUERY)).headers.get('x-ratelimit-limit')).toBeNull();
  });
});
