import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiToken } from '../../server/src/modules/auth/api-token.entity';
import { ApiRole } from '../../server/src/modules/auth/auth.types';
import { issueToken, revokeToken } from '../../server/src/modules/auth/token.service';
import { Country } from '../../server/src/modules/country/country.entity';
import { createTestDatabase, databases, startServer, type TestDatabase, type TestServer } from '../helpers/server';

// The response cache: repeated queries come from memory, and a write, by any writer on any instance, is seen
// by the very next read.

const QUERY = '{ country(code: "JP") { name memberships { joinedOn } } countries(first: 3) { nodes { code name } } }';

/**
 * Tables whose writes leave the data version alone. `api_token`: a token is a credential, not data, and every
 * request looks its token up before the cache answers, so creating or revoking one needs no answer thrown away.
 */
const UNVERSIONED = ['api_token'];

interface CountryAnswer { data?: { country: { name: string } } }

/** Posts QUERY and returns the answer and how many SQL statements the server ran for it. */
async function ask(server: TestServer, query = QUERY) {
  const before = server.statements.length;
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: res.status, text: await res.text(), statements: server.statements.length - before };
}

const nameIn = (text: string) => (JSON.parse(text) as CountryAnswer).data?.country.name;

async function rename(server: TestServer, name: string) {
  const em = server.em();
  (await em.findOneOrFail(Country, { code: 'JP' })).name = name;
  await em.flush();
}

describe.each(databases())('on %s', (kind) => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database);
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('answers a repeated query from memory, the same bytes and no SQL, whatever its spacing', async () => {
    const first = await ask(server, `${QUERY} # first`);
    expect(first.statements).toBeGreaterThan(0);
    const again = await ask(server, `${QUERY.replace(/ /g, '   ')}\n  # first`);
    expect(again).toEqual({ status: 200, text: first.text, statements: 0 });
  });

  it('a write through the ORM is seen by the next read', async () => {
    await ask(server);
    expect(nameIn((await ask(server)).text)).toBe('Japan');
    await rename(server, 'Japan (renamed)');
    const after = await ask(server);
    expect(after.statements).toBeGreaterThan(0);
    expect(nameIn(after.text)).toBe('Japan (renamed)');
    await rename(server, 'Japan');
    expect(nameIn((await ask(server)).text)).toBe('Japan');
  });

  it('a write by plain SQL, outside the ORM, is seen by the next read too (triggers keep the version)', async () => {
    await ask(server);
    const connection = server.em().getConnection();
    await connection.execute(`update country set name = 'Nippon' where code = 'JP'`);
    expect(nameIn((await ask(server)).text)).toBe('Nippon');
    await connection.execute(`update country set name = 'Japan' where code = 'JP'`);
    expect(nameIn((await ask(server)).text)).toBe('Japan');
  });

  it('a write acknowledged by another instance on the same database is seen by the next read here', async () => {
    const other = await startServer(database);
    try {
      await ask(server);
      await ask(other);
      await rename(other, 'Japan (from the other instance)');
      expect(nameIn((await ask(server)).text)).toBe('Japan (from the other instance)');
      await rename(server, 'Japan');
      expect(nameIn((await ask(other)).text)).toBe('Japan');
    } finally {
      await other.close();
    }
  });

  it('creating or revoking an API token keeps the cached answers: tokens are not data', async () => {
    await ask(server);
    const { record } = await issueToken(server.em(), 'cache-test', ApiRole.READER);
    expect((await ask(server)).statements).toBe(0);
    const em = server.em();
    await revokeToken(em, await em.findOneOrFail(ApiToken, { id: record.id }));
    expect((await ask(server)).statements).toBe(0);
  });

  it('keeps no answer with errors', async () => {
    const bad = '{ country(code: "US") { name } }';
    expect((await ask(server, bad)).statements).toBeGreaterThan(0);
    expect((await ask(server, bad)).statements).toBeGreaterThan(0);
  });

  it('different variables are different answers', async () => {
    const q = 'query ($c: CountryCode!) { country(code: $c) { name } }';
    const post = (c: string) => fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q, variables: { c } }) }).then((r) => r.json()).then((b) => b.data);
    expect(await post('JP')).toEqual({ country: { name: 'Japan' } });
    expect(await post('ID')).toEqual({ country: { name: 'Indonesia' } });
    expect(await post('JP')).toEqual({ country: { name: 'Japan' } });
  });

  it('a GET (persisted query) carries an ETag; If-None-Match gets 304 until the data changes', async () => {
    const query = '{ country(code: "FJ") { name } }';
    const hash = createHash('sha256').update(query).digest('hex');
    const url = (withText: boolean) => {
      const u = new URL(server.url);
      if (withText) u.searchParams.set('query', query);
      u.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
      return u.toString();
    };
    const headers = { 'apollo-require-preflight': 'true' };
    const first = await fetch(url(true), { headers });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"\d+-[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const revalidated = await fetch(url(false), { headers: { ...headers, 'if-none-match': etag! } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    await server.em().getConnection().execute(`update country set name = 'Fiji Islands' where code = 'FJ'`);
    const changed = await fetch(url(false), { headers: { ...headers, 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await changed.json()).data).toEqual({ country: { name: 'Fiji Islands' } });
    await server.em().getConnection().execute(`update country set name = 'Fiji' where code = 'FJ'`);
  });

  it('every table has the triggers that raise the data version, but api_token', async () => {
    const list = kind === 'sqlite'
      ? "select name as t from sqlite_master where type = 'table' and name not like 'sqlite_%'"
      : 'select table_name as t from information_schema.tables where table_schema = current_schema()';
    const rows: Array<{ t: string }> = await server.em().getConnection().execute(list);
    const tables = rows.map((r) => r.t).filter((t) => !['mikro_orm_migrations', 'data_version'].includes(t));
    expect(tables.length).toBeGreaterThan(10);
    const sql = kind === 'sqlite'
      ? "select tbl_name as t from sqlite_master where type = 'trigger' and name like '%_data_version'"
      : "select event_object_table as t from information_schema.triggers where trigger_name like '%_data_version'";
    const withTriggers = new Set((await server.em().getConnection().execute<Array<{ t: string }>>(sql)).map((r: { t: string }) => r.t));
    expect(tables.filter((t: string) => !withTriggers.has(t) && !UNVERSIONED.includes(t))).toEqual([]);
    expect(UNVERSIONED.filter((t) => tables.includes(t) && !withTriggers.has(t))).toEqual(UNVERSIONED);
  });
});

describe('configuration', () => {
  it('APO_DATA_RESPONSE_CACHE=false runs every query', async () => {
    const server = await startServer('sqlite', { APO_DATA_RESPONSE_CACHE: 'false' });
    try {
      await ask(server);
      expect((await ask(server)).statements).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('APO_DATA_RESPONSE_CACHE_MAX_BYTES bounds it: an answer larger than the bound is not kept', async () => {
    const server = await startServer('sqlite', { APO_DATA_RESPONSE_CACHE_MAX_BYTES: '2000' });
    try {
      const big = '{ countries(first: 100) { nodes { code name alpha3 names { lang name } } } }';
      expect((await ask(server, big)).text.length).toBeGreaterThan(2000);
      expect((await ask(server, big)).statements).toBeGreaterThan(0);
      const small = '{ country(code: "JP") { name } }';
      await ask(server, small);
      expect((await ask(server, small)).statements).toBe(0);
    } finally {
      await server.close();
    }
  });
});
