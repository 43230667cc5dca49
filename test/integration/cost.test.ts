import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, gid, startServer, type TestServer } from '../helpers/server';

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number } } };
}

async function post(server: TestServer, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

/** Objects in a JSON value, each list item counted: the actual cost of an answer, counted here without the server's code. */
function objectsIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + objectsIn(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  return 1 + Object.values(value).reduce((n: number, v) => n + objectsIn(v), 0);
}

/** The actual cost of `data`: its objects, the root `data` object itself aside. */
const actualOf = (data: unknown) => objectsIn(data) - 1;

const COUNTRIES = '{ countries(first: 5) { totalCount nodes { code names { lang name } memberships { status } } } }';
/** 1 for the connection + 5 nodes x (1 + 20 names + 20 memberships): lists without `first` are counted as 20. */
const COUNTRIES_COST = 1 + 5 * (1 + 20 + 20);
const GRANTS = 'query Grants($n: Int!) { grants(first: $n) { nodes { id donor { name } program { code } } } }';

describe.each(databases())('query cost on %s', (db) => {
  let server: TestServer;
  let budgeted: TestServer;
  beforeAll(async () => {
    server = await startServer(db);
    budgeted = await startServer(db, { RATE_LIMIT_COST_PER_MINUTE: '100000' });
  });
  afterAll(async () => {
    await server?.close();
    await budgeted?.close();
  });

  it('puts the requested cost (before running, from the model) and the actual cost (from the answer) in extensions.cost', async () => {
    const res = await post(server, COUNTRIES);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions?.cost).toEqual({ requestedQueryCost: COUNTRIES_COST, actualQueryCost: actualOf(res.body.data) });
    expect(res.body.extensions!.cost!.actualQueryCost).toBeGreaterThan(5);
    expect(res.body.extensions!.cost!.actualQueryCost).toBeLessThanOrEqual(COUNTRIES_COST);
  });

  it('reads page sizes from the variables, and counts fragments like the fields they stand for', async () => {
    const two = await post(server, GRANTS, { n: 2 });
    expect(two.body.extensions?.cost?.requestedQueryCost).toBe(1 + 2 * 3);
    const fifty = await post(server, GRANTS, { n: 50 });
    expect(fifty.body.extensions?.cost).toEqual({ requestedQueryCost: 1 + 50 * 3, actualQueryCost: actualOf(fifty.body.data) });
    const withFragments = await post(server, `{ countries(first: 5) { ...Page } } fragment Page on CountryConnection { totalCount nodes { code ...Names memberships { status } } } fragment Names on Country { names { lang name } }`);
    expect(withFragments.body.extensions?.cost).toEqual((await post(server, COUNTRIES)).body.extensions?.cost);
  });

  it('counts a null object as nothing actually returned, and introspection, __typename and rateLimit as free', async () => {
    const missing = await post(server, `{ grant(id: "${gid('FundingGrant', 'no-such-grant')}") { title } }`);
    expect(missing.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(missing.body.extensions?.cost).toEqual({ requestedQueryCost: 1, actualQueryCost: 0 });
    const meta = await post(server, '{ __typename __schema { types { name fields { name } } } rateLimit { cost } }');
    expect(meta.body.extensions?.cost).toEqual({ requestedQueryCost: 0, actualQueryCost: 0 });
  });

  it('reports a cost on refusals too: 0 for a request that never resolved, the requested cost for one over QUERY_MAX_COST', async () => {
    const invalid = await post(server, '{ nosuchfield }');
    expect(invalid.status).toBe(400);
    expect(invalid.body.extensions?.cost).toEqual({ requestedQueryCost: 0, actualQueryCost: 0 });
    const statements = server.statements.length;
    const costly = await post(server, '{ programs(first: 100) { nodes { grants(first: 100) { nodes { id donor { name country { code } } recipient { country { code } } } } } } }');
    expect(costly.status).toBe(400);
    expect(costly.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', maximum: 50000 });
    expect(costly.body.extensions?.cost).toEqual({ requestedQueryCost: 1 + 100 * (1 + 1 + 100 * 5), actualQueryCost: 0 });
    expect(server.statements.length).toBe(statements);
  });

  it('replays a cached answer with the same extensions.cost and charges it again', async () => {
    const query = '{ countries(first: 3) { nodes { code name } } }';
    const first = await post(budgeted, query);
    const statements = budgeted.statements.length;
    const second = await post(budgeted, query);
    expect(budgeted.statements.length, 'the second answer came from the response cache').toBe(statements);
    expect(second.body).toEqual(first.body);
    const actual = first.body.extensions!.cost!.actualQueryCost;
    expect(actual).toBe(1 + 3);
    expect(Number(second.headers.get('x-ratelimit-used')) - Number(first.headers.get('x-ratelimit-used'))).toBe(actual);
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(100000 - Number(second.headers.get('x-ratelimit-used')));
  });

  it('charges the requested cost, refunds the difference to the actual one, and tells the budget in GitHub\'s x-ratelimit-* headers', async () => {
    const before = Number((await post(budgeted, '{ rateLimit(dryRun: true) { cost } }')).headers.get('x-ratelimit-used'));
    const res = await post(budgeted, GRANTS, { n: 20 });
    const { actualQueryCost } = res.body.extensions!.cost!;
    expect(res.headers.get('x-ratelimit-limit')).toBe('100000');
    expect(Number(res.headers.get('x-ratelimit-used'))).toBe(before + actualQueryCost);
    expect(Number(res.headers.get('x-ratelimit-remaining'))).toBe(100000 - before - actualQueryCost);
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    const now = Date.now() / 1000;
    expect(reset).toBeGreaterThan(now - 1);
    expect(reset).toBeLessThanOrEqual(Math.ceil(now) + 60);
    // The budget is the caller's own: it never goes in the body, which the response cache may replay to others.
    expect(JSON.stringify(res.body)).not.toMatch(/remaining/);
  });

  it('answers a dry run (rateLimit(dryRun: true)) with the cost of the whole operation, running nothing else and charging nothing', async () => {
    const query = 'query Dry($dry: Boolean!) { rateLimit(dryRun: $dry) { cost nodeCount limit remaining used resetAt } grants(first: 10) { nodes { id donor { name } } } }';
    const statements = budgeted.statements.length;
    const dry = await post(budgeted, query, { dry: true });
    expect(budgeted.statements.length, 'a dry run runs no SQL').toBe(statements);
    expect(Object.keys(dry.body.data ?? {})).toEqual(['rateLimit']);
    const rateLimit = dry.body.data!.rateLimit as Record<string, unknown>;
    // rateLimit itself costs nothing, like introspection.
    const cost = 1 + 10 * 2;
    expect(rateLimit).toMatchObject({ cost, nodeCount: cost, limit: 100000 });
    expect(rateLimit.remaining).toBe(100000 - (rateLimit.used as number));
    expect(new Date(rateLimit.resetAt as string).getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(dry.body.extensions?.cost).toEqual({ requestedQueryCost: cost, actualQueryCost: 0 });
    const again = await post(budgeted, query, { dry: true });
    expect(again.body.data!.rateLimit).toMatchObject({ used: rateLimit.used, remaining: rateLimit.remaining });
    // Without dryRun the same operation runs, and `rateLimit` tells its cost and the budget once it was charged.
    const run = await post(budgeted, query, { dry: false });
    expect(run.body.data?.grants).toBeDefined();
    expect(run.body.data!.rateLimit).toMatchObject({ cost, used: (rateLimit.used as number) + cost });
    expect(run.body.extensions?.cost?.requestedQueryCost).toBe(cost);
  });

  it('never caches an answer holding rateLimit, and leaves its fields null while the cost limit is off', async () => {
    const query = '{ rateLimit { cost used } countries(first: 1) { nodes { code } } }';
    const first = await post(budgeted, query);
    expect(first.headers.get('cache-control')).toMatch(/no-store/);
    const second = await post(budgeted, query);
    expect((second.body.data!.rateLimit as { used: number }).used).toBeGreaterThan((first.body.data!.rateLimit as { used: number }).used);
    const off = await post(server, query);
    expect(off.body.data!.rateLimit).toEqual({ cost: 1 + 1, used: null });
    expect(off.headers.get('x-ratelimit-limit')).toBeNull();
  });
});
