import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costOf, createClient, GraphQLRequestError, operations, type Client } from '../../sdk/src';
import { startServer, type TestServer } from '../helpers/server';

/** A fetch that records the status of every answer, so a test can see the SDK's retries. */
function recordingFetch() {
  const statuses: number[] = [];
  const fetcher: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    statuses.push(res.status);
    return res;
  };
  return { statuses, fetch: fetcher };
}

describe('the SDK and query cost', () => {
  let server: TestServer;
  let client: Client;
  beforeAll(async () => {
    server = await startServer('sqlite', { RATE_LIMIT_COST_PER_MINUTE: '100000' });
    client = createClient({ url: server.url, persistedQueries: false });
  });
  afterAll(() => server?.close());

  it('tells what an answer cost: costOf(result) is its extensions.cost', async () => {
    const result = await client.grants({ first: 3 });
    const cost = costOf(result);
    expect(cost).toBeDefined();
    expect(cost!.actualQueryCost).toBeGreaterThan(0);
    expect(cost!.actualQueryCost).toBeLessThanOrEqual(cost!.requestedQueryCost);
    // The same operation sent by hand reports the same cost.
    const raw = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: operations.grants.document, variables: { first: 3 } }) });
    expect(((await raw.json()) as { extensions: { cost: unknown } }).extensions.cost).toEqual(cost);
    expect(costOf({})).toBeUndefined();
  });

  it('estimates an operation without running it: client.cost(name, variables), charged nothing', async () => {
    const first = await client.cost('grants', { first: 50 });
    const second = await client.cost('grants', { first: 50 });
    expect(first.requestedQueryCost).toBeGreaterThan((await client.cost('grants', { first: 5 })).requestedQueryCost);
    expect(first).toMatchObject({ limit: 100000, used: second.used, remaining: second.remaining });
    expect(first.remaining).toBe(100000 - first.used!);
    expect(Date.parse(first.resetAt!)).toBeGreaterThan(Date.now() - 1000);
    // What the dry run says is what the real call is then told it requested.
    const result = await client.grants({ first: 50 });
    expect(costOf(result)!.requestedQueryCost).toBe(first.requestedQueryCost);
  });

  it('estimates any query document too, with its variables and fragments; a mutation cannot be dry-run', async () => {
    const document = `# a hand-written query
      query Countries($n: Int) { countries(first: $n) { ...Codes } }
      fragment Codes on CountryConnection { nodes { code name } }`;
    expect((await client.cost(document, { n: 7 })).requestedQueryCost).toBe(1 + 7);
    await expect(client.cost('mutation { deleteGrant(input: { id: "x", version: 1 }) { userErrors { message } } }')).rejects.toThrow(TypeError);
  });
});

describe('the SDK against the real rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer('sqlite', { RATE_LIMIT_REQUESTS_PER_MINUTE: '2', RATE_LIMIT_WINDOW_SECONDS: '1' });
  });
  afterAll(() => server?.close());

  it('waits the Retry-After of a 429 RATE_LIMITED answer and then gets the data', async () => {
    const recorder = recordingFetch();
    const client = createClient({ url: server.url, persistedQueries: false, fetch: recorder.fetch });
    const started = Date.now();
    for (let i = 0; i < 3; i++) expect((await client.countries({ first: 1 })).countries.edges).toHaveLength(1);
    expect(recorder.statuses).toContain(429);
    expect(recorder.statuses[recorder.statuses.length - 1]).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('without retries, the refusal is a GraphQLRequestError with code RATE_LIMITED, status 429 and the wait', async () => {
    const client = createClient({ url: server.url, persistedQueries: false, retry: false });
    const errors: unknown[] = [];
    for (let i = 0; i < 3; i++) await client.countries({ first: 1 }).catch((err: unknown) => errors.push(err));
    expect(errors.length).toBeGreaterThanOrEqual(1);
    const err = errors[0] as GraphQLRequestError;
    expect(err).toBeInstanceOf(GraphQLRequestError);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(1000);
  });
});
