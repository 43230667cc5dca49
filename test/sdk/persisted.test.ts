import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, isGraphQLError, operations, type OperationName } from '../../sdk/src';
import { ok, startFakeGraphQL } from '../helpers/fake-graphql';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

interface Exchange {
  body: { operationName?: string; query?: string; variables?: Record<string, unknown>; extensions?: { persistedQuery?: { version: number; sha256Hash: string } } };
  status: number;
  answer: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

/** A `fetch` that records every request body and the answer it got. */
function countingFetch() {
  const exchanges: Exchange[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    exchanges.push({ body: JSON.parse(String(init?.body)), status: res.status, answer: await res.clone().json() });
    return res;
  };
  return { fetch: wrapped, exchanges };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const codes = (e: Exchange) => (e.answer.errors ?? []).map((x) => x.extensions?.code);

describe('automatic persisted queries against the real service', () => {
  it('every operation hash is the sha256 of its document', () => {
    for (const [name, op] of Object.entries(operations)) {
      expect(op.hash, name).toBe(sha256(op.document));
      // The paginator's variant of a list (no totalCount) is persisted under its own hash.
      if (op.page) expect(op.page.hash, `${name} page`).toBe(sha256(op.page.document));
      expect(op.page !== null, name).toBe(op.connection !== null);
    }
    // Distinct documents, distinct hashes.
    expect(new Set(Object.values(operations).map((o) => o.hash)).size).toBe(Object.keys(operations).length);
  });

  it('first call: hash only, PERSISTED_QUERY_NOT_FOUND, then the full text; second call: hash only, one request', async () => {
    const { fetch, exchanges } = countingFetch();
    const client = createClient({ url: server.url, fetch });
    const hash = sha256(operations.country.document);

    const first = await client.country({ code: 'JP' });
    expect(first.country.name).toBe('Japan');
    expect(exchanges).toHaveLength(2);
    const [probe, register] = exchanges;
    expect(probe.body.query).toBeUndefined();
    expect('query' in probe.body).toBe(false);
    expect(probe.body.extensions?.persistedQuery).toEqual({ version: 1, sha256Hash: hash });
    expect(probe.body.variables).toEqual({ code: 'JP' });
    expect(codes(probe)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(register.body.query).toBe(operations.country.document);
    expect(register.body.extensions?.persistedQuery?.sha256Hash).toBe(hash);
    expect(register.status).toBe(200);
    expect(register.answer.errors).toBeUndefined();

    // The server now knows the hash: one request, no text, and the same answer.
    const second = await client.country({ code: 'JP' });
    expect(second).toEqual(first);
    expect(exchanges).toHaveLength(3);
    expect('query' in exchanges[2].body).toBe(false);
    expect(exchanges[2].body.extensions?.persistedQuery?.sha256Hash).toBe(hash);
    expect(exchanges[2].answer.data).toEqual(first);

    // Other variables reuse the registered hash too.
    const korea = await client.country({ code: 'KR' });
    expect(korea.country.code).toBe('KR');
    expect(exchanges).toHaveLength(4);
    expect('query' in exchanges[3].body).toBe(false);
  });

  it('the hash is known server-wide: a second client sends only the hash', async () => {
    const a = countingFetch();
    const b = countingFetch();
    await createClient({ url: server.url, fetch: a.fetch }).programs({ first: 3 });
    expect(a.exchanges).toHaveLength(2);
    const page = await createClient({ url: server.url, fetch: b.fetch }).programs({ first: 3 });
    expect(page.programs.edges).toHaveLength(3);
    expect(b.exchanges).toHaveLength(1);
    expect('query' in b.exchanges[0].body).toBe(false);
  });

  // Runs before the test below registers every operation's hash on this server.
  it('the GraphQL error of an operation is reported after the fallback, not PERSISTED_QUERY_NOT_FOUND', async () => {
    const { fetch, exchanges } = countingFetch();
    const client = createClient({ url: server.url, fetch });
    const id = Buffer.from('Source:no-such-source').toString('base64url');
    const err = await client.source({ id }).catch((e: unknown) => e);
    const raw = await server.gql(operations.source.document, { id });
    expect(isGraphQLError(err)).toBe(true);
    expect((err as { code: string }).code).toBe(raw.body.errors![0].extensions!.code);
    expect((err as { code: string }).code).not.toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(codes(exchanges[0])).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(exchanges).toHaveLength(2);
  });

  it('every SDK operation gets through the persisted-query round trip', async () => {
    const { fetch, exchanges } = countingFetch();
    const client = createClient({ url: server.url, fetch });
    // Arguments from the API itself, so each call succeeds.
    const grant = (await client.grants({ first: 1 })).grants.edges[0].node;
    const meeting = (await client.meetings({ first: 1 })).meetings.edges[0].node;
    const decision = (await client.decisions({ first: 1 })).decisions.edges[0].node;
    const organization = (await client.organizations({ first: 1 })).organizations.edges[0].node;
    const person = (await client.people({ first: 1 })).people.edges[0].node;
    const source = (await client.sources({ first: 1 })).sources.edges[0].node;
    const calls: { [K in OperationName]?: () => Promise<unknown> } = {
      countries: () => client.countries({ first: 1 }),
      country: () => client.country({ code: 'JP' }),
      decision: () => client.decision({ id: decision.id }),
      fundingSummary: () => client.fundingSummary({ groupBy: 'DONOR' }),
      grant: () => client.grant({ id: grant.id }),
      meeting: () => client.meeting({ id: meeting.id }),
      node: () => client.node({ id: grant.id }),
      nodes: () => client.nodes({ ids: [grant.id, person.id] }),
      organization: () => client.organization({ id: organization.id }),
      person: () => client.person({ id: person.id }),
      program: () => client.program({ code: 'GP2' }),
      programs: () => client.programs({ first: 1 }),
      search: () => client.search({ query: 'Japan' }),
      source: () => client.source({ id: source.id }),
    };
    for (const [name, call] of Object.entries(calls)) {
      exchanges.length = 0;
      await expect(call(), name).resolves.toBeTruthy();
      const hash = operations[name as OperationName].hash;
      expect(exchanges.every((e) => e.body.extensions?.persistedQuery?.sha256Hash === hash), name).toBe(true);
      expect(exchanges.at(-1)!.answer.errors, name).toBeUndefined();
    }
  });

  it('persistedQueries: false sends the full text once, with no hash', async () => {
    const { fetch, exchanges } = countingFetch();
    const client = createClient({ url: server.url, fetch, persistedQueries: false });
    const page = await client.organizations({ first: 2 });
    expect(page.organizations.edges).toHaveLength(2);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0].body.query).toBe(operations.organizations.document);
    expect(exchanges[0].body.extensions).toBeUndefined();
    expect(exchanges[0].body.operationName).toBe(operations.organizations.name);
    // And every further call too.
    await client.organizations({ first: 2 });
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1].body.query).toBe(operations.organizations.document);
  });

  it('a hand-written document (client.request) is sent as text, never as a hash', async () => {
    const { fetch, exchanges } = countingFetch();
    const client = createClient({ url: server.url, fetch });
    await expect(client.request('{ country(code: "JP") { name } }')).resolves.toEqual({ country: { name: 'Japan' } });
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0].body.query).toBe('{ country(code: "JP") { name } }');
    expect(exchanges[0].body.extensions).toBeUndefined();
  });

});

describe('a server without persisted queries', () => {
  it('PERSISTED_QUERY_NOT_SUPPORTED makes the SDK send the full text (Apollo protocol)', async () => {
    const fake = await startFakeGraphQL((req) =>
      req.body?.query
        ? ok({ country: { name: 'Japan' } })
        : { status: 200, body: { errors: [{ message: 'PersistedQueryNotSupported', extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } }] } },
    );
    try {
      const client = createClient({ url: fake.url });
      await expect(client.country({ code: 'JP' })).resolves.toEqual({ country: { name: 'Japan' } });
      expect(fake.requests.at(-1)!.body?.query).toBe(operations.country.document);
    } finally {
      await fake.close();
    }
  });
});
