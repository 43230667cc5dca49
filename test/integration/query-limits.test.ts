import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startServer, type TestServer } from '../helpers/server';

/** `organizations { nodes { parent { parent { ... { name } } } } }` with `levels` parents. */
const deep = (levels: number) => `{ organizations(first: 1) { nodes { ${'parent { '.repeat(levels)}name${' }'.repeat(levels)} } } }`;
const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: country(code: "JP") { name }`).join(' ')} }`;

describe.each(databases())('query limits on %s', (db) => {
  let server: TestServer;
  let strict: TestServer;
  beforeAll(async () => {
    server = await startServer(db);
    strict = await startServer(db, { QUERY_MAX_DEPTH: '4', QUERY_MAX_COST: '60', QUERY_MAX_ALIASES: '2' });
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
    expect((await strict.gql('{ country(code: "JP") { name } }')).body).toEqual({ data: { country: { name: 'Japan' } } });
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
});
