import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { ormOptions } from '../../server/src/db/orm-config';
import { postgresqlMigrations } from '../../server/src/db/migrations/postgresql';
import { Country } from '../../server/src/modules/country/country.entity';
import { FundingGrant } from '../../server/src/modules/grant/grant.entity';
import { GrantStatus } from '../../server/src/modules/grant/grant.types';
import { decimalToScaled } from '../../server/src/shared/decimal';
import { ApiRole } from '../../server/src/modules/auth/auth.types';
import { issueToken } from '../../server/src/modules/auth/token.service';
import { post, startProcess, stopProcess, type ServiceProcess } from '../helpers/process';
import { createTestDatabase, databases, gid, type TestDatabase } from '../helpers/server';

/** `data` of a GraphQL answer, of the shape `T` the caller expects; fails on any error. */
async function ask<T = unknown>(service: ServiceProcess, query: string, variables?: Record<string, unknown>): Promise<T> {
  const body = (await (await post(service.url, query, variables)).json()) as { data?: T; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

type Summary = { fundingSummary: Array<{ key: string | null; grantCount: number; totals: Array<{ amount: string; currency: string }> }> };
type JapanRead = { country: { name: string; version: number }; countries: { totalCount: number }; search: Array<{ __typename: string }> };

const GRANT = `query ($id: ID!) { grant(id: $id) { title amount { amount currency } } }`;
const SUMMARY = `{ fundingSummary(groupBy: CURRENCY) { key grantCount totals { amount currency } } }`;

// Stateless instances behind a load balancer: two processes of the built service on one PostgreSQL database.
describe.skipIf(!databases().includes('postgresql'))('two service processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let a: ServiceProcess;
  let b: ServiceProcess;
  /** Writes straight to the shared database, as an editor's tool or another service would. */
  let writer: MikroORM;

  beforeAll(async () => {
    // An empty database, as on a first deployment: both instances find no tables and start together.
    database = await createTestDatabase('postgresql', { empty: true });
    [a, b] = await Promise.all([startProcess(database.env), startProcess(database.env)]);
    writer = await MikroORM.init(ormOptions(loadConfig(database.env).database));
  });
  afterAll(async () => {
    await writer?.close();
    for (const service of [a, b]) if (service) await stopProcess(service);
    await database?.drop();
  });

  it('both migrate and seed a fresh database at once without error, and each migration is applied once', async () => {
    expect(a.url).not.toBe(b.url);
    for (const { name } of postgresqlMigrations) {
      const applied = [a, b].map((s) => s.log().split(`Applied '${name}'`).length - 1);
      expect(applied.sort(), name).toEqual([0, 1]);
    }
    const rows = await writer.em.fork().getConnection().execute('select name from mikro_orm_migrations order by id');
    expect(rows.map((r: { name: string }) => r.name)).toEqual(postgresqlMigrations.map((m) => m.name));
    // The dataset was loaded once: the second instance found every record and added none.
    const counts = `{ countries { totalCount } grants { totalCount } sources { totalCount } }`;
    const expected = { countries: { totalCount: 21 }, grants: { totalCount: 1 }, sources: { totalCount: 2 } };
    expect(await ask(a, counts)).toEqual(expected);
    expect(await ask(b, counts)).toEqual(expected);
    for (const s of [a, b]) expect((await fetch(s.url.replace('/graphql', '/readyz'))).status).toBe(200);
  });

  it('a record written to the shared database is read back by the other instance, and by both on their next request', async () => {
    const id = gid('FundingGrant', 'instances-new-grant');
    // Both have answered about this grant (and the totals) before it exists, so a per-process cache would now be stale.
    for (const s of [a, b]) {
      const body = (await (await post(s.url, GRANT, { id })).json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const totalsBefore = await ask(a, SUMMARY);
    expect(await ask(b, SUMMARY)).toEqual(totalsBefore);

    const em = writer.em.fork();
    em.create(FundingGrant, {
      id: 'instances-new-grant', title: 'Written beside the API', donor: 'government-of-japan', program: 'green-productivity-2',
      amountE4: decimalToScaled('12345678901234.5678'), currency: 'USD', awardedOn: '2024-02-29', status: GrantStatus.COMMITTED,
    } as never);
    await em.flush();

    const expected = { grant: { title: 'Written beside the API', amount: { amount: '12345678901234.5678', currency: 'USD' } } };
    expect(await ask(b, GRANT, { id })).toEqual(expected);
    expect(await ask(a, GRANT, { id })).toEqual(expected);
    const totalsAfter = await ask<Summary>(b, SUMMARY);
    expect(totalsAfter).not.toEqual(totalsBefore);
    expect(totalsAfter.fundingSummary).toContainEqual({ key: 'USD', grantCount: 1, totals: [{ amount: '12345678901234.5678', currency: 'USD' }] });
    expect(await ask(a, SUMMARY)).toEqual(totalsAfter);
  });

  it('a change to a record already read is seen by both at once, in lookups, lists and search', async () => {
    const read = `{ country(code: "JP") { name version } countries(filter: { name: "Nippon" }) { totalCount } search(query: "Nippon") { __typename } }`;
    const before = await ask<JapanRead>(a, read);
    expect(await ask(b, read)).toEqual(before);
    expect(before.countries.totalCount).toBe(0);

    const em = writer.em.fork();
    const japan = await em.findOneOrFail(Country, { code: 'JP' });
    japan.name = 'Japan (Nippon)';
    await em.flush();

    const after = { country: { name: 'Japan (Nippon)', version: before.country.version + 1 }, countries: { totalCount: 1 }, search: [{ __typename: 'Country' }] };
    expect(await ask(a, read)).toEqual(after);
    expect(await ask(b, read)).toEqual(after);
  });

  it('races conflicting updates through both instances: one wins, the others get CONFLICT, nothing is overwritten', async () => {
    const editor = { authorization: `Bearer ${(await issueToken(writer.em.fork(), 'instances-editor', ApiRole.EDITOR)).token}` };
    const update = `mutation ($input: UpdateGrantInput!) { updateGrant(input: $input) { grant { title version } userErrors { code field } } }`;
    const id = gid('FundingGrant', 'instances-new-grant');
    const { grant } = await ask<{ grant: { version: number } }>(a, 'query ($id: ID!) { grant(id: $id) { version } }', { id });
    // Two editors on each instance save the same grant from the same version at once.
    const saves = await Promise.all([a, b, a, b].map(async (s, i) => {
      const res = await post(s.url, update, { input: { id, version: grant.version, title: `Saved through ${s === a ? 'a' : 'b'} (${i})` } }, editor);
      return ((await res.json()) as { data: { updateGrant: { grant: { title: string; version: number }; userErrors: Array<{ code: string; field: string[] }> } } }).data.updateGrant;
    }));
    const won = saves.filter((r) => r.userErrors.length === 0);
    expect(won).toHaveLength(1);
    for (const lost of saves.filter((r) => r.userErrors.length)) {
      expect(lost.userErrors).toEqual([{ code: 'CONFLICT', field: ['version'] }]);
      expect(lost.grant.version).toBe(grant.version + 1);
    }
    const now = { grant: { title: won[0].grant.title, version: grant.version + 1 } };
    expect(await ask(a, 'query ($id: ID!) { grant(id: $id) { title version } }', { id })).toEqual(now);
    expect(await ask(b, 'query ($id: ID!) { grant(id: $id) { title version } }', { id })).toEqual(now);
    // One change in the feed, whichever instance is asked.
    const feed = `{ changes(first: 100, types: [FUNDING_GRANT]) { nodes { recordId operation version } } }`;
    const changes = await ask<{ changes: { nodes: Array<{ recordId: string; operation: string; version: number }> } }>(b, feed);
    expect(changes.changes.nodes.filter((n) => n.recordId === id)).toEqual([{ recordId: id, operation: 'UPDATE', version: grant.version + 1 }]);
    expect(await ask(a, feed)).toEqual(changes);
  });
});
