import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSchema, isEnumType } from 'graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  AbortError,
  ApoDataError,
  createClient,
  GraphQLRequestError,
  HttpError,
  isAbortError,
  isApoDataError,
  isGraphQLError,
  isHttpError,
  isNetworkError,
  isTimeoutError,
  NetworkError,
  operations,
  TimeoutError,
  type ErrorCode,
} from '../../sdk/src';
import { ERROR_CODES as SDK_ERROR_CODES } from '../../sdk/src/generated/error-codes';
import { ERROR_CODE_DESCRIPTIONS, ERROR_CODES as SERVER_ERROR_CODES, type ErrorCode as ServerErrorCode } from '../../server/src/errors';
import { closedPort, ok, sleep, startFakeGraphQL, type FakeGraphQL, thrown } from '../helpers/fake-graphql';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let fake: FakeGraphQL;
beforeAll(async () => {
  [server, fake] = await Promise.all([startServer(), startFakeGraphQL()]);
});
afterAll(async () => {
  await Promise.all([server?.close(), fake?.close()]);
});

/** Which of the SDK's guards accept `err`, so each test states exactly one kind (and its parents). */
const guards = (err: unknown) => ({
  apoData: isApoDataError(err),
  network: isNetworkError(err),
  timeout: isTimeoutError(err),
  abort: isAbortError(err),
  http: isHttpError(err),
  graphql: isGraphQLError(err),
});
const none = { apoData: true, network: false, timeout: false, abort: false, http: false, graphql: false };

/** What the API itself answers to `query`, without the SDK. */
async function rawErrors(query: string, variables?: Record<string, unknown>) {
  const res = await server.gql(query, variables);
  expect(res.body.errors?.length, `the API should reject ${query}`).toBeGreaterThan(0);
  return res;
}

describe('NetworkError', () => {
  it('is thrown when nothing listens on the port', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/graphql`;
    const client = createClient({ url, retry: false });
    const err = await thrown(() => client.country({ code: 'JP' }));
    expect(guards(err)).toEqual({ ...none, network: true });
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toBeInstanceOf(ApoDataError);
    expect(err).toBeInstanceOf(Error);
    const e = err as NetworkError;
    expect(e.name).toBe('NetworkError');
    expect(e.message).toContain(url);
    // The underlying fetch failure is kept for diagnosis (ECONNREFUSED somewhere in the chain).
    expect(e.cause).toBeDefined();
    const cause = e.cause as { code?: string; cause?: { code?: string } };
    expect(cause.cause?.code ?? cause.code).toBe('ECONNREFUSED');
  });
});

describe('HttpError', () => {
  it('carries the status and body of a non-GraphQL answer (a proxy 502 page)', async () => {
    const page = 'Bad Gateway: upstream apo-data did not answer';
    fake.script([{ status: 502, headers: { 'content-type': 'text/plain' }, body: page }]);
    const client = createClient({ url: fake.url });
    const err = await thrown(() => client.countries({ first: 5 }));
    expect(guards(err)).toEqual({ ...none, http: true });
    expect(err).toBeInstanceOf(HttpError);
    const e = err as HttpError;
    expect(e.status).toBe(502);
    expect(e.body).toBe(page);
    expect(e.name).toBe('HttpError');
    expect(e.message).toContain('502');
    expect(e.retryAfterMs).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
  });

  it('is also what an HTML error page with status 200 becomes (not a GraphQL answer)', async () => {
    fake.script([{ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>captive portal</html>' }]);
    const err = await thrown(() => createClient({ url: fake.url }).countries());
    expect(isHttpError(err)).toBe(true);
    expect((err as HttpError).status).toBe(200);
    expect((err as HttpError).body).toBe('<html>captive portal</html>');
  });
});

describe('GraphQLRequestError against the real service', () => {
  it('NOT_FOUND: an unknown program code, with the code, the path and the API message', async () => {
    const client = createClient({ url: server.url });
    const err = await thrown(() => client.program({ code: 'NOPE' }));
    expect(guards(err)).toEqual({ ...none, graphql: true });
    expect(err).toBeInstanceOf(GraphQLRequestError);
    const e = err as GraphQLRequestError;
    const raw = await rawErrors(operations.program.document, { code: 'NOPE' });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.path).toEqual(['program']);
    expect(e.message).toBe(raw.body.errors![0].message);
    expect(e.message).toContain('NOPE');
    expect(e.errors).toEqual(raw.body.errors);
    expect(e.name).toBe('GraphQLRequestError');
  });

  it('BAD_USER_INPUT: a page larger than the API allows', async () => {
    const client = createClient({ url: server.url });
    const err = await thrown(() => client.countries({ first: 101 }));
    expect(guards(err)).toEqual({ ...none, graphql: true });
    const e = err as GraphQLRequestError;
    const raw = await rawErrors(operations.countries.document, { first: 101 });
    expect(e.code).toBe('BAD_USER_INPUT');
    // Refused before anything runs (no path), naming the argument.
    expect(e.path).toBeUndefined();
    expect(e.errors[0].extensions).toMatchObject({ argument: 'first' });
    expect(raw.status).toBe(400);
    expect(e.message).toBe(raw.body.errors![0].message);
    expect(e.errors[0].extensions).toEqual(raw.body.errors![0].extensions);
    // 100 is accepted: the limit is exactly what the error complains about.
    const page = await client.countries({ first: 100 });
    expect(page.countries.edges.length).toBe(page.countries.totalCount);
  });

  it('BAD_USER_INPUT with HTTP 400 when a variable cannot be coerced', async () => {
    const client = createClient({ url: server.url });
    const doc = 'query ($code: CountryCode!) { country(code: $code) { name } }';
    const err = await thrown(() => client.request(doc, { code: 123 }));
    expect(guards(err)).toEqual({ ...none, graphql: true });
    const e = err as GraphQLRequestError;
    const raw = await rawErrors(doc, { code: 123 });
    expect(raw.status).toBe(400);
    expect(e.status).toBe(400);
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.message).toBe(raw.body.errors![0].message);
    expect(e.data ?? null).toBeNull();
    // The same document with a valid variable works.
    await expect(client.request(doc, { code: 'JP' })).resolves.toEqual({ country: { name: 'Japan' } });
  });

  it('keeps the partial data next to the error', async () => {
    const client = createClient({ url: server.url });
    // `node` is nullable, so its error leaves the rest of the answer standing.
    const doc = '{ a: country(code: "JP") { name } b: node(id: "not a global id") { id } }';
    const err = await thrown(() => client.request(doc));
    expect(isGraphQLError(err)).toBe(true);
    const e = err as GraphQLRequestError<{ a: { name: string } | null; b: { id: string } | null }>;
    const raw = await rawErrors(doc);
    const japan = await client.country({ code: 'JP' });
    expect(e.data?.a?.name).toBe(japan.country.name);
    expect(e.data?.a?.name).toBe('Japan');
    expect(e.data?.b).toBeNull();
    expect(e.data).toEqual(raw.body.data);
    expect(e.code).toBe(raw.body.errors![0].extensions!.code);
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.path).toEqual(['b']);
  });

  it('keeps whatever data the API gave when a non-null root field fails (GraphQL nulls the whole answer)', async () => {
    const client = createClient({ url: server.url });
    // `program` is `Program!`: its NOT_FOUND propagates to `data: null` (GraphQL spec), so there is no partial data to keep.
    const doc = '{ a: country(code: "JP") { name } b: program(code: "NOPE") { code } }';
    const err = await thrown(() => client.request(doc));
    const raw = await rawErrors(doc);
    expect(isGraphQLError(err)).toBe(true);
    const e = err as GraphQLRequestError;
    expect(e.code).toBe('NOT_FOUND');
    expect(e.path).toEqual(['b']);
    expect(e.data ?? null).toEqual(raw.body.data ?? null);
  });
});

describe('TimeoutError', () => {
  const slow = () => fake.script(() => ({ ...ok({ countries: null }), delayMs: 2000 }));

  it('fires after the client-wide timeoutMs', async () => {
    slow();
    const client = createClient({ url: fake.url, timeoutMs: 200 });
    const started = performance.now();
    const err = await thrown(() => client.countries());
    const elapsed = performance.now() - started;
    expect(guards(err)).toEqual({ ...none, network: true, timeout: true });
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).name).toBe('TimeoutError');
    expect((err as TimeoutError).message).toContain('200');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
    // A timed-out call is not retried: the server saw one request.
    await sleep(100);
    expect(fake.requests).toHaveLength(1);
  });

  it('fires after a per-call timeoutMs that overrides the client default', async () => {
    slow();
    const client = createClient({ url: fake.url }); // default 30 s
    const started = performance.now();
    const err = await thrown(() => client.countries({}, { timeoutMs: 200 }));
    const elapsed = performance.now() - started;
    expect(isTimeoutError(err)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
  });

  it('a per-call timeoutMs can also be longer than the client default', async () => {
    fake.script(() => ({ ...ok({ country: { name: 'Japan' } }), delayMs: 400 }));
    const client = createClient({ url: fake.url, timeoutMs: 100 });
    await expect(client.country({ code: 'JP' }, { timeoutMs: 3000 })).resolves.toEqual({ country: { name: 'Japan' } });
    expect(isTimeoutError(await thrown(() => client.country({ code: 'JP' })))).toBe(true);
  });
});

describe('AbortError', () => {
  it('is thrown when the caller aborts mid-request', async () => {
    fake.script(() => ({ ...ok({ countries: null }), delayMs: 2000 }));
    const client = createClient({ url: fake.url });
    const ctl = new AbortController();
    const started = performance.now();
    setTimeout(() => ctl.abort(), 150);
    const err = await thrown(() => client.countries({}, { signal: ctl.signal }));
    const elapsed = performance.now() - started;
    expect(guards(err)).toEqual({ ...none, abort: true });
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).name).toBe('AbortError');
    expect(elapsed).toBeLessThan(1000);
    expect(fake.requests).toHaveLength(1);
  });

  it('is thrown without sending anything when the signal is already aborted', async () => {
    fake.script(() => ok({ country: { name: 'Japan' } }));
    const client = createClient({ url: fake.url });
    const err = await thrown(() => client.country({ code: 'JP' }, { signal: AbortSignal.abort() }));
    expect(guards(err)).toEqual({ ...none, abort: true });
    await sleep(100);
    expect(fake.requests).toHaveLength(0);
  });

  it('interrupts the wait between retries', async () => {
    fake.script(() => ({ status: 503, headers: { 'retry-after': '5' }, body: 'busy' }));
    const client = createClient({ url: fake.url });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 200);
    const started = performance.now();
    const err = await thrown(() => client.countries({}, { signal: ctl.signal }));
    expect(isAbortError(err)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(fake.requests).toHaveLength(1);
  });

  it('stops a pagination walk', async () => {
    const client = createClient({ url: server.url });
    const ctl = new AbortController();
    const seen: string[] = [];
    const err = await thrown(async () => {
      for await (const c of client.paginate.countries({}, { pageSize: 2, signal: ctl.signal })) {
        seen.push(c.code);
        if (seen.length === 3) ctl.abort();
      }
    });
    expect(isAbortError(err)).toBe(true);
    expect(seen).toHaveLength(4); // the rest of page 2 was already in hand; page 3 was never fetched
  });
});

describe('typed error codes', () => {
  /** A caller's code: TypeScript checks that every case is a real code and that none is missing. */
  function advice(err: GraphQLRequestError): string {
    switch (err.code) {
      case 'BAD_USER_INPUT':
        return 'fix the arguments';
      case 'NOT_FOUND':
        return 'no such record';
      case 'UNAUTHENTICATED':
        return 'log in';
      case 'FORBIDDEN':
        return 'ask for access';
      case 'CONFLICT':
        return 'reload and retry';
      case 'QUERY_TOO_COMPLEX':
        return 'ask for less';
      case 'RATE_LIMITED':
        return 'slow down';
      case 'TIMEOUT':
        return 'ask for less';
      case 'SERVICE_UNAVAILABLE':
        return 'retry later';
      case 'INTERNAL_SERVER_ERROR':
        return 'report a bug';
      default: {
        // Exhaustive: fails to compile if a code is added to the union and not handled here.
        const unhandled: never = err.code;
        return unhandled;
      }
    }
  }

  it('can be switched on, and the union rejects codes the API does not have', async () => {
    const client = createClient({ url: server.url });
    const notFound = (await thrown(() => client.program({ code: 'NOPE' }))) as GraphQLRequestError;
    const badInput = (await thrown(() => client.countries({ first: 101 }))) as GraphQLRequestError;
    expect(advice(notFound)).toBe('no such record');
    expect(advice(badInput)).toBe('fix the arguments');
    // @ts-expect-error 'NOT_A_CODE' is not an ErrorCode: this line stops compiling if `code` widens to string.
    expect(notFound.code === 'NOT_A_CODE').toBe(false);
    const code: ErrorCode = notFound.code;
    expect(code).toBe('NOT_FOUND');
  });

  it("are the server's codes, published as the schema's documented enum ErrorCode", async () => {
    const introspected = await server.data<{ __type: { kind: string; enumValues: Array<{ name: string; description: string | null }> } | null }>(
      '{ __type(name: "ErrorCode") { kind enumValues { name description } } }',
    );
    expect(introspected.__type?.kind).toBe('ENUM');
    const live = introspected.__type!.enumValues;
    const committed = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8')).getType('ErrorCode');
    const sorted = (codes: readonly string[]) => [...codes].sort();
    expect(sorted(SDK_ERROR_CODES)).toEqual(sorted(SERVER_ERROR_CODES));
    expect(sorted(live.map((v) => v.name))).toEqual(sorted(SERVER_ERROR_CODES));
    expect(isEnumType(committed) ? sorted(committed.getValues().map((v) => v.name)) : null).toEqual(sorted(SERVER_ERROR_CODES));
    expect(Object.fromEntries(live.map((v) => [v.name, v.description]))).toEqual(ERROR_CODE_DESCRIPTIONS);
    // The SDK's type is the server's union: this stops compiling when the two differ.
    expectTypeOf<ErrorCode>().toEqualTypeOf<ServerErrorCode>();
  });
});
