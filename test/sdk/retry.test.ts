import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, GraphQLRequestError, HttpError, isGraphQLError, isHttpError, isNetworkError, isTimeoutError } from '../../sdk/src';
import { ok, sleep, startFakeGraphQL, type FakeGraphQL, type FakeResponse, thrown } from '../helpers/fake-graphql';

let fake: FakeGraphQL;
beforeAll(async () => {
  fake = await startFakeGraphQL();
});
afterAll(() => fake?.close());

const JAPAN = { country: { code: 'JP', name: 'Japan' } };
const busy = (status: number, headers: Record<string, string> = {}): FakeResponse => ({ status, headers, body: `HTTP ${status} from the fake` });

/** Lets any stray retry arrive before counting requests. */
const settle = () => sleep(150);

describe('queries are retried', () => {
  it('429 with Retry-After: 1 waits a second, then succeeds on the second attempt', async () => {
    fake.script([busy(429, { 'retry-after': '1' }), ok(JAPAN)]);
    const client = createClient({ url: fake.url });
    await expect(client.country({ code: 'JP' })).resolves.toEqual(JAPAN);
    await settle();
    expect(fake.requests).toHaveLength(2);
    const [gap] = fake.gaps();
    console.info(`429 Retry-After: 1 -> second attempt ${gap.toFixed(0)} ms after the first`);
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(2000);
    // The same operation and variables both times.
    expect(fake.requests[1].body).toEqual(fake.requests[0].body);
  });

  it('a 429 that is a GraphQL RATE_LIMITED answer honours Retry-After too', async () => {
    const limited: FakeResponse = {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } }] },
    };
    fake.script([limited, ok(JAPAN)]);
    const client = createClient({ url: fake.url });
    await expect(client.country({ code: 'JP' })).resolves.toEqual(JAPAN);
    expect(fake.requests).toHaveLength(2);
    expect(fake.gaps()[0]).toBeGreaterThanOrEqual(950);
  });

  it('503 without Retry-After is retried with exponential backoff and succeeds', async () => {
    fake.script([busy(503), busy(503), busy(503), ok(JAPAN)]);
    const client = createClient({ url: fake.url, retry: { baseDelayMs: 40 } });
    const started = performance.now();
    await expect(client.country({ code: 'JP' })).resolves.toEqual(JAPAN);
    const elapsed = performance.now() - started;
    await settle();
    expect(fake.requests).toHaveLength(4);
    // Full jitter: each wait is random in [0, 40·2^n), so the three waits stay under 40 + 80 + 160 ms.
    const gaps = fake.gaps();
    console.info(`503 backoff gaps (base 40 ms): ${gaps.map((g) => g.toFixed(0)).join(', ')} ms`);
    gaps.forEach((g, n) => expect(g).toBeLessThan(40 * 2 ** n + 60));
    expect(elapsed).toBeLessThan(1500);
  });

  it('the backoff window doubles from one attempt to the next', async () => {
    // Waits are random in [0, 20·2^n): the first never exceeds 20 ms, while the chance that all
    // ten third waits (window 80 ms) stay under 20 ms is 0.25^10, about one in a million.
    const firsts: number[] = [];
    const thirds: number[] = [];
    for (let run = 0; run < 10; run++) {
      fake.script([busy(503), busy(503), busy(503), ok(JAPAN)]);
      await createClient({ url: fake.url, retry: { baseDelayMs: 20 } }).country({ code: 'JP' });
      firsts.push(fake.gaps()[0]);
      thirds.push(fake.gaps()[2]);
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.info(`backoff (base 20 ms): first waits avg ${avg(firsts).toFixed(1)} ms, third waits avg ${avg(thirds).toFixed(1)} ms`);
    expect(Math.max(...firsts)).toBeLessThan(20 + 30);
    expect(Math.max(...thirds)).toBeGreaterThan(20);
    expect(avg(thirds)).toBeGreaterThan(avg(firsts));
  });

  it('gives up after `retries` and throws an HttpError with the last status', async () => {
    fake.script([busy(503), busy(503), busy(429, { 'retry-after': '0' }), ok(JAPAN)]);
    const client = createClient({ url: fake.url, retry: { retries: 2, baseDelayMs: 10 } });
    const err = await thrown(() => client.country({ code: 'JP' }));
    await settle();
    expect(isHttpError(err)).toBe(true);
    expect((err as HttpError).status).toBe(429);
    expect((err as HttpError).body).toBe('HTTP 429 from the fake');
    expect(fake.requests).toHaveLength(3); // retries + 1
  });

  it('gives up after the default 3 retries (4 attempts)', async () => {
    fake.script(() => busy(503));
    const client = createClient({ url: fake.url, retry: { baseDelayMs: 5 } });
    const err = await thrown(() => client.countries());
    await settle();
    expect((err as HttpError).status).toBe(503);
    expect(fake.requests).toHaveLength(4);
  });

  it('a RATE_LIMITED answer that never clears ends as a GraphQLRequestError with code and status', async () => {
    fake.script(() => ({ status: 429, headers: { 'retry-after': '0' }, body: { errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }] } }));
    const err = await thrown(() => createClient({ url: fake.url, retry: { retries: 1 } }).countries());
    expect(isGraphQLError(err)).toBe(true);
    expect((err as GraphQLRequestError).code).toBe('RATE_LIMITED');
    expect((err as GraphQLRequestError).status).toBe(429);
    expect(fake.requests).toHaveLength(2);
  });

  it('network errors are retried (the first connection is dropped)', async () => {
    fake.script([{ destroy: true }, ok(JAPAN)]);
    const client = createClient({ url: fake.url, retry: { baseDelayMs: 10 } });
    await expect(client.country({ code: 'JP' })).resolves.toEqual(JAPAN);
    expect(fake.requests).toHaveLength(2);
  });

  it('a connection that keeps dropping ends as a NetworkError after the retries', async () => {
    fake.script(() => ({ destroy: true }));
    const err = await thrown(() => createClient({ url: fake.url, retry: { retries: 2, baseDelayMs: 5 } }).countries());
    expect(isNetworkError(err)).toBe(true);
    expect(isTimeoutError(err)).toBe(false);
    expect(fake.requests).toHaveLength(3);
  });

  it('Retry-After longer than maxDelayMs is capped', async () => {
    fake.script([busy(429, { 'retry-after': '30' }), ok(JAPAN)]);
    const client = createClient({ url: fake.url, retry: { maxDelayMs: 200 } });
    const started = performance.now();
    await expect(client.country({ code: 'JP' })).resolves.toEqual(JAPAN);
    expect(performance.now() - started).toBeLessThan(1500);
    const [gap] = fake.gaps();
    expect(gap).toBeGreaterThanOrEqual(190);
    expect(gap).toBeLessThan(1000);
  });

  it('the timeout covers the retries: a long Retry-After ends in a TimeoutError', async () => {
    fake.script(() => busy(503, { 'retry-after': '10' }));
    const started = performance.now();
    const err = await thrown(() => createClient({ url: fake.url, timeoutMs: 300 }).countries());
    expect(isTimeoutError(err)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('what is not retried', () => {
  for (const status of [400, 500, 502]) {
    it(`HTTP ${status} is sent once`, async () => {
      fake.script(() => busy(status));
      const err = await thrown(() => createClient({ url: fake.url, retry: { baseDelayMs: 5 } }).country({ code: 'JP' }));
      await settle();
      expect((err as HttpError).status).toBe(status);
      expect(fake.requests).toHaveLength(1);
    });
  }

  it('a GraphQL error with status 200 (e.g. NOT_FOUND) is sent once', async () => {
    fake.script(() => ({ status: 200, body: { data: null, errors: [{ message: 'No program found for NOPE.', path: ['program'], extensions: { code: 'NOT_FOUND' } }] } }));
    const err = await thrown(() => createClient({ url: fake.url, retry: { baseDelayMs: 5 } }).program({ code: 'NOPE' }));
    await settle();
    expect((err as GraphQLRequestError).code).toBe('NOT_FOUND');
    expect(fake.requests).toHaveLength(1);
  });

  it('a mutation sent to a 503 server is sent exactly once', async () => {
    fake.script(() => busy(503));
    const client = createClient({ url: fake.url, retry: { baseDelayMs: 5 } });
    const err = await thrown(() => client.request('mutation { x }'));
    await settle();
    expect((err as HttpError).status).toBe(503);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].body?.query).toBe('mutation { x }');
  });

  it('a mutation is sent once even on 429 with Retry-After and on a dropped connection', async () => {
    const client = createClient({ url: fake.url, retry: { baseDelayMs: 5 } });
    fake.script(() => busy(429, { 'retry-after': '0' }));
    expect(isHttpError(await thrown(() => client.request('mutation Rename($id: ID!) { x(id: $id) }', { id: '1' })))).toBe(true);
    await settle();
    expect(fake.requests).toHaveLength(1);
    fake.script(() => ({ destroy: true }));
    expect(isNetworkError(await thrown(() => client.request('  mutation { x }')))).toBe(true);
    await settle();
    expect(fake.requests).toHaveLength(1);
  });

  it('a mutation is sent once however its document begins (comment, fragment first)', async () => {
    const client = createClient({ url: fake.url, retry: { baseDelayMs: 5 } });
    const documents = [
      '# renames a grant\nmutation { x }',
      'fragment F on Grant { id }\nmutation { x { ...F } }',
    ];
    const attempts: Record<string, number> = {};
    for (const doc of documents) {
      fake.script(() => busy(503));
      await thrown(() => client.request(doc));
      await settle();
      attempts[doc] = fake.requests.length;
    }
    expect(attempts).toEqual(Object.fromEntries(documents.map((d) => [d, 1])));
  });

  it('a mutation is retried when the call opts in with retry: { mutations: true }', async () => {
    fake.script([busy(503), ok({ x: true })]);
    const client = createClient({ url: fake.url });
    await expect(client.request('mutation { x }', {}, { retry: { mutations: true, baseDelayMs: 5 } })).resolves.toEqual({ x: true });
    expect(fake.requests).toHaveLength(2);
  });

  it('a mutation is retried when the client opts in with retry: { mutations: true }', async () => {
    fake.script([busy(503), ok({ x: true })]);
    const client = createClient({ url: fake.url, retry: { mutations: true, baseDelayMs: 5 } });
    await expect(client.request('mutation { x }')).resolves.toEqual({ x: true });
    expect(fake.requests).toHaveLength(2);
  });

  it('retry: false on a call sends a query once', async () => {
    fake.script(() => busy(503));
    const client = createClient({ url: fake.url, retry: { baseDelayMs: 5 } });
    const err = await thrown(() => client.country({ code: 'JP' }, { retry: false }));
    await settle();
    expect((err as HttpError).status).toBe(503);
    expect(fake.requests).toHaveLength(1);
  });

  it('retry: false on the client sends a query once', async () => {
    fake.script(() => busy(429, { 'retry-after': '0' }));
    const err = await thrown(() => createClient({ url: fake.url, retry: false }).countries());
    await settle();
    expect((err as HttpError).status).toBe(429);
    expect((err as HttpError).retryAfterMs).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });
});
