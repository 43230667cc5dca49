import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startServer, type TestServer } from '../helpers/server';

/** `organizations { nodes { parent { parent { ... { name } } } } }` with `levels` parents. */
const deep = (levels: number) => `{ organizations(first: 1) { nodes { ${'parent { '.repeat(levels)}name${' }'.repeat(levels)} } } }`;
const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: country(code: "JP") { name }`).join(' ')} }`;

/** Sends `query` and expects the refusal of a query limit: HTTP 400, QUERY_TOO_COMPLEX, the limit named with its maximum, no SQL run. */
async function expectRefusedBy(server: TestServer, limit: string, maximum: number, query: string, variables?: Record<string, unknown>) {
  const before = server.statements.length;
  const res = await server.gql(query, variables);
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
  expect(res.body.data).toBeUndefined();
  // First the limit; graphql-js may add "Validation aborted." when its own work budget (overlapping fields) ran out too.
  const [error, ...others] = res.body.errors ?? [];
  expect(others.map((e) => e.message)).toEqual(others.map(() => 'Validation aborted.'));
  expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit, maximum });
  expect(error.message.toLowerCase()).toContain(`${limit} limit of ${maximum}`);
  expect(server.statements.length).toBe(before);
  return error;
}

describe.each(databases())('query limits on %s', (db) => {
  let server: TestServer;
  let strict: TestServer;
  beforeAll(async () => {
    server = await startServer(db);
    strict = await startServer(db, { QUERY_MAX_DEPTH: '4', QUERY_MAX_COST: '60', QUERY_MAX_ALIASES: '2', QUERY_MAX_DIRECTIVES: '3', QUERY_MAX_TOKENS: '200', QUERY_MAX_FIELDS: '50' });
  });
  afterAll(async () => {
    await server?.close();
    await strict?.close();
  });

  it('refuses an operation nested deeper than QUERY_MAX_DEPTH (default 12) with QUERY_TOO_COMPLEX, before running it', async () => {
    expect((await server.gql(deep(8))).body.errors).toBeUndefined();
    const before = server.statements.length;
    const res = await server.gql(deep(20));
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.errors?.[0].message).toMatch(/depth limit of 12/i);
    expect(server.statements.length).toBe(before);
  });

  it('refuses more aliases than QUERY_MAX_ALIASES (default 30)', async () => {
    expect((await server.gql(aliased(30))).body.errors).toBeUndefined();
    const res = await server.gql(aliased(31));
    expect(res.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.errors?.[0].message).toMatch(/aliases limit of 30/i);
  });

  it('reads every limit from the configuration, cost included', async () => {
    const depth = await strict.gql(deep(4));
    expect(depth.body.errors?.map((e) => e.extensions?.code)).toContain('QUERY_TOO_COMPLEX');
    const aliases = await strict.gql(aliased(3));
    expect(aliases.body.errors?.[0].message).toMatch(/aliases limit of 2/i);
    const cost = await strict.gql('{ countries(first: 100) { nodes { id code alpha3 name names { lang name note } memberships { status joinedOn } } } }');
    expect(cost.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(cost.body.errors?.[0].message).toMatch(/cost limit of 60/i);
    expect((await strict.gql('{ country(code: "JP") { name } }')).body.data).toEqual({ country: { name: 'Japan' } });
  });

  it('lets every saved analyst query and the IDE\'s schema introspection through the default limits', async () => {
    const dir = join(__dirname, '..', '..', 'server', 'ide', 'queries');
    const files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const res = await server.gql(readFileSync(join(dir, file), 'utf8'));
      expect(res.body.errors?.filter((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX') ?? [], file).toEqual([]);
    }
    const { getIntrospectionQuery } = await import('graphql');
    expect((await server.gql(getIntrospectionQuery({ descriptions: true }))).body.errors).toBeUndefined();
  });

  it('counts every alias, `__typename` included (graphql-armor leaves it out unless told)', async () => {
    const typenames = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    expect((await server.gql(typenames(30))).body.errors).toBeUndefined();
    await expectRefusedBy(server, 'aliases', 30, typenames(31));
    // The 5,000 aliased `__typename` (89 KB): refused, now by the token limit before it is even parsed whole.
    const error = await expectRefusedBy(server, 'tokens', 5000, typenames(5000));
    expect(error.message).toMatch(/too long/);
  });

  it('refuses more directives than QUERY_MAX_DIRECTIVES (default 50)', async () => {
    // A directive may appear once per place, but the same field may be selected again: one directive each.
    const directives = (count: number) => `{ country(code: "JP") { ${'name @include(if: true) '.repeat(count)} } }`;
    expect((await server.gql(directives(50))).body.errors).toBeUndefined();
    await expectRefusedBy(server, 'directives', 50, directives(51));
    await expectRefusedBy(strict, 'directives', 3, directives(4));
  });

  it('refuses a document of more than QUERY_MAX_TOKENS tokens (default 5,000) while parsing it', async () => {
    const long = `{ ${Array.from({ length: 40 }, (_, i) => `c${i}: country(code: "JP") { name }`).join(' ')} }`;
    await expectRefusedBy(strict, 'tokens', 200, long);
    const huge = `{ country(code: "JP") { ${'name '.repeat(6000)} } }`;
    await expectRefusedBy(server, 'tokens', 5000, huge);
  });

  it('refuses field duplication: `{ name name … }` 10,000 times, and more fields than QUERY_MAX_FIELDS once fragments are expanded', async () => {
    await expectRefusedBy(server, 'tokens', 5000, `{ country(code: "JP") { ${'name '.repeat(10_000)} } }`);
    // Under the token limit, the field cap (default 1,000) refuses the duplicates.
    await expectRefusedBy(server, 'fields', 1000, `{ country(code: "JP") { ${'name '.repeat(1000)} } }`);
    expect((await server.gql(`{ country(code: "JP") { ${'name '.repeat(500)} } }`)).body.errors).toBeUndefined();
    await expectRefusedBy(strict, 'fields', 50, `{ country(code: "JP") { ${'name '.repeat(50)} } }`);
  });

  it('counts fragments as expanded: a "fragment bomb" of 150 tokens selecting 2^20 fields is refused', async () => {
    const levels = 20;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Country { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const bomb = `{ country(code: "JP") { ...F0 } } ${fragments} fragment F${levels} on Country { name }`;
    await expectRefusedBy(server, 'fields', 1000, bomb);
  });

  it('refuses circular fragments (graphql-js validation) as BAD_USER_INPUT, without running anything', async () => {
    const before = server.statements.length;
    const res = await server.gql('{ country(code: "JP") { ...A } } fragment A on Country { name ...B } fragment B on Country { code ...A }');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
    expect(res.body.errors?.[0].message).toMatch(/Cannot spread fragment "A" within itself/);
    expect(server.statements.length).toBe(before);
  });

  it('answers a page size over 100 with BAD_USER_INPUT naming the argument, before cost, for literals and variables, running no SQL', async () => {
    // Nested pages of 100,000 would cost far beyond QUERY_MAX_COST: the documented argument error still comes first.
    const costly = '{ programs(first: 100000) { nodes { grants(first: 100000) { nodes { donor { name } } } } } }';
    const cases: Array<[string, Record<string, unknown> | undefined, string, number]> = [
      ['{ grants(first: 100000) { nodes { id } } }', undefined, 'first', 100000],
      [costly, undefined, 'first', 100000],
      ['query Page($n: Int) { grants(first: $n) { nodes { id } } }', { n: 101 }, 'first', 101],
      ['query Page($n: Int) { grants(last: $n) { nodes { id } } }', { n: 5000 }, 'last', 5000],
      ['query Page($n: Int) { programs(first: 2) { nodes { grants(first: $n) { nodes { id } } } } }', { n: -1 }, 'first', -1],
    ];
    for (const [query, variables, argument, value] of cases) {
      const before = server.statements.length;
      const res = await server.gql(query, variables);
      expect(res.status, query).toBe(400);
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(res.body.errors?.[0].message).toContain(`got ${value}`);
      expect(server.statements.length, query).toBe(before);
    }
    expect((await server.gql('query Page($n: Int) { grants(first: $n) { nodes { id } } }', { n: 100 })).body.errors).toBeUndefined();
  });

  it('reads the cost limit with the variables: the same document passes or is refused by its page size', async () => {
    const query = 'query Page($n: Int) { grants(first: $n) { nodes { id donor { name } } } }';
    expect((await strict.gql(query, { n: 10 })).body.errors).toBeUndefined();
    const error = await expectRefusedBy(strict, 'cost', 60, query, { n: 30 });
    expect(error.extensions?.requestedQueryCost).toBe(1 + 30 * 2);
  });
});
