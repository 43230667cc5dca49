import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUESTIONS, TRICKY_COUNTRIES, arrangeTrickyData, recordsIn } from '../helpers/questions';
import { databases, startServer, type TestServer } from '../helpers/server';

/** Plain code-point order: SQLite's BINARY collation, and PostgreSQL's "C" that the schema sets on every string column. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Only meaningful with both databases; without PostgreSQL the global setup has said why it is skipped.
describe.skipIf(databases().length < 2)('SQLite and PostgreSQL give the same answers', () => {
  let sqlite: TestServer;
  let postgresql: TestServer;

  beforeAll(async () => {
    [sqlite, postgresql] = await Promise.all([startServer('sqlite'), startServer('postgresql')]);
    await Promise.all([arrangeTrickyData(sqlite.em()), arrangeTrickyData(postgresql.em())]);
  });
  afterAll(async () => {
    await Promise.all([sqlite?.close(), postgresql?.close()]);
  });

  it.each(QUESTIONS.map((q) => [q.name, q] as const))('%s', async (_name, question) => {
    const [fromSqlite, fromPostgresql] = await Promise.all([question.ask(sqlite), question.ask(postgresql)]);
    expect(recordsIn(fromSqlite), 'the question found nothing to compare').toBeGreaterThan(0);
    expect(fromPostgresql).toEqual(fromSqlite);
  });

  it('both sort strings by code point, whatever the PostgreSQL server locale (the test server\'s is ICU en-US)', async () => {
    const names = async (s: TestServer) => (await s.data<{ countries: { nodes: Array<{ name: string }> } }>(`{ countries(first: 100) { nodes { name } } }`)).countries.nodes.map((n) => n.name);
    const tricky = TRICKY_COUNTRIES.map((c) => c.name);
    for (const server of [sqlite, postgresql]) {
      const all: string[] = await names(server);
      expect(all).toEqual([...all].sort(cmp));
      // Upper case before lower case, '-' before letters, accented letters after 'z'.
      expect(all.filter((n) => tricky.includes(n))).toEqual(['Antigua-and-Barbuda', 'Antiguaand', 'Curaçao', 'Zimbabwe', 'aruba', 'Åland Islands']);
    }
  });

  it('dates are YYYY-MM-DD strings and timestamps ISO instants with milliseconds, the same on both', async () => {
    const q = `{ grant(id: "${Buffer.from('FundingGrant:parity-usd-big-a').toString('base64url')}") { awardedOn createdAt amount { amount currency } }
      source(id: "${Buffer.from('Source:parity-source').toString('base64url')}") { publishedAt } }`;
    const expected = { grant: { awardedOn: '2024-02-29', createdAt: '2024-02-29T23:59:59.999Z', amount: { amount: '2000000000000.01', currency: 'USD' } }, source: { publishedAt: '1969-07-20T20:17:40.123Z' } };
    expect(await sqlite.data(q)).toEqual(expected);
    expect(await postgresql.data(q)).toEqual(expected);
  });

  it('every string column of the PostgreSQL schema has the "C" collation', async () => {
    const rows: Array<{ table_name: string; column_name: string; collation_name: string | null }> = await postgresql.em().getConnection().execute(
      `select table_name, column_name, collation_name from information_schema.columns
       where table_schema = current_schema() and data_type in ('text', 'character varying') and table_name <> 'mikro_orm_migrations'`,
    );
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.collation_name !== 'C').map((r) => `${r.table_name}.${r.column_name}`)).toEqual([]);
  });
});
