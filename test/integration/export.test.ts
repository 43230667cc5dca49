import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FundingGrant } from '../../server/src/modules/grant/grant.entity';
import { GrantStatus } from '../../server/src/modules/grant/grant.types';
import { decimalToScaled } from '../../server/src/shared/decimal';
import { walkForward, type Page } from '../helpers/pages';
import { databases, startServer, type TestServer } from '../helpers/server';

// `POST /graphql/export?format=csv|ndjson`: every row of a list, streamed, compared with the same list
// fetched through GraphQL page by page. 250 grants are inserted, so an export needs three pages of 100.

const ARRANGED = 250;
const CURRENCIES = ['USD', 'JPY', 'EUR', null] as const;

/** A grant selection with nested objects, a list and nulls, to check every kind of CSV cell. */
const GRANT_FIELDS = `title mechanism awardedOn amount { amount currency } donor { name country { code } } recipient { name } citations { status }`;
const GRANT_COLUMNS = ['title', 'mechanism', 'awardedOn', 'amount.amount', 'amount.currency', 'donor.name', 'donor.country.code', 'recipient.name', 'citations'];
const EXPORT_GRANTS = `query Export($filter: GrantFilter, $orderBy: [GrantOrder!]) { grants(first: 5, filter: $filter, orderBy: $orderBy) { nodes { ${GRANT_FIELDS} } } }`;
const PAGE_GRANTS = `query Page($filter: GrantFilter, $orderBy: [GrantOrder!], $after: String) {
  grants(first: 100, after: $after, filter: $filter, orderBy: $orderBy) { totalCount edges { cursor node { id } } nodes { ${GRANT_FIELDS} } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
}`;

type Row = Record<string, unknown>;

/** What a CSV cell should hold for a value: empty for null, JSON for a list or object, else the text. */
const cell = (v: unknown) => (v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const at = (row: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v == null ? v : (v as Row)[k]), row);

interface Exported {
  status: number;
  headers: Headers;
  text: string;
}

/** POSTs `body` (JSON unless a string is given) to the server's export endpoint. */
async function exportFrom(server: TestServer, format: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Exported> {
  const res = await fetch(`${server.url}/export?format=${format}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  const exportAs = (format: string, body: unknown, headers?: Record<string, string>) => exportFrom(server, format, body, headers);

  /** The same list through GraphQL, following `endCursor` page by page. */
  async function allGrants(variables: Record<string, unknown> = {}): Promise<Row[]> {
    const pages = await walkForward<Row>(async (after) => (await server.data<{ grants: Page<Row> }>(PAGE_GRANTS, { ...variables, after })).grants);
    return pages.flatMap((p) => p.nodes);
  }

  beforeAll(async () => {
    server = await startServer(db);
    const em = server.em();
    for (let i = 0; i < ARRANGED; i++) {
      const currency = CURRENCIES[i % CURRENCIES.length];
      em.create(FundingGrant, {
        id: `export-${String(i).padStart(3, '0')}`,
        // Commas, quotes, a line break and non-ASCII text: what CSV quoting must survive.
        title: i % 7 === 0 ? `Grant ${i}, "phase 2"\nfor Türkiye` : `Grant ${i}`,
        donor: i % 2 ? 'government-of-japan' : 'kemnaker',
        recipient: i % 3 ? 'apo' : null,
        mechanism: i % 5 ? 'Special Cash Grant' : null,
        status: GrantStatus.COMMITTED,
        amountE4: currency ? decimalToScaled(`${i * 1000}.${i % 100}`) : null,
        currency,
        awardedOn: i % 4 ? `20${10 + (i % 13)}-0${1 + (i % 9)}-1${i % 10}` : null,
      } as never);
    }
    await em.flush();
  });
  afterAll(() => server?.close());

  it('exports every grant as CSV, one row per node in the GraphQL order, with dotted columns and JSON lists', async () => {
    const expected = await allGrants();
    expect(expected.length).toBe(ARRANGED + 1);
    const res = await exportAs('csv', { query: EXPORT_GRANTS });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="grants.csv"');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const [header, ...rows] = parseCsv(res.text, { relaxQuotes: false }) as string[][];
    expect(header).toEqual(GRANT_COLUMNS);
    expect(rows).toEqual(expected.map((g) => GRANT_COLUMNS.map((c) => cell(at(g, c)))));
    expect(rows.some((r) => r[0].includes('"phase 2"\nfor Türkiye'))).toBe(true);
  });

  it('exports the same rows as NDJSON, each line the node as GraphQL returns it', async () => {
    const expected = await allGrants();
    const res = await exportAs('ndjson', { query: EXPORT_GRANTS });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="grants.ndjson"');
    expect(res.text.endsWith('\n')).toBe(true);
    expect(res.text.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual(expected);
  });

  it('keeps the filter, the order and the variables, and ignores the query\'s own page size', async () => {
    const variables = { filter: { currencies: ['USD', 'JPY'] }, orderBy: [{ field: 'AMOUNT', direction: 'DESC' }, { field: 'TITLE' }] };
    const expected = await allGrants(variables);
    expect(expected.length).toBeGreaterThan(100);
    const res = await exportAs('ndjson', { query: EXPORT_GRANTS, variables, operationName: 'Export' });
    expect(res.text.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual(expected);
  });

  it('reads rows from `edges { node }` too, and names columns by alias, with fragments expanded', async () => {
    const query = `query { list: grants(orderBy: [{ field: TITLE }]) { edges { cursor node { name: title ...Money } } } }
      fragment Money on FundingGrant { amount { value: amount currency } }`;
    const res = await exportAs('csv', { query });
    const [header, ...rows] = parseCsv(res.text) as string[][];
    expect(header).toEqual(['name', 'amount.value', 'amount.currency']);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="list.csv"');
    const expected = await allGrants({ orderBy: [{ field: 'TITLE' }] });
    expect(rows).toEqual(expected.map((g) => [g.title, cell(at(g, 'amount.amount')), cell(at(g, 'amount.currency'))]));
  });

  it('exports a plain list field, such as fundingSummary, in one request', async () => {
    const query = '{ fundingSummary(groupBy: DONOR) { label grantCount totals { amount currency } } }';
    const { fundingSummary } = await server.data<{ fundingSummary: Row[] }>(query);
    const [header, ...rows] = parseCsv((await exportAs('csv', { query })).text) as string[][];
    expect(header).toEqual(['label', 'grantCount', 'totals']);
    expect(rows).toEqual(fundingSummary.map((r) => [r.label, String(r.grantCount), JSON.stringify(r.totals)]));
    expect(rows.map((r) => r[0])).toContain('Government of Japan');
  });

  it('writes the CSV header alone when nothing matches', async () => {
    const res = await exportAs('csv', { query: EXPORT_GRANTS, variables: { filter: { currencies: ['CHF'] } } });
    expect(res.status).toBe(200);
    expect(res.text).toBe(`${GRANT_COLUMNS.join(',')}\n`);
  });

  describe('refuses bad requests with HTTP 400 and a coded error, before sending any row', () => {
    async function refused(format: string, body: unknown, headers?: Record<string, string>) {
      const res = await exportAs(format, body, headers);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const { errors } = JSON.parse(res.text) as { errors: Array<{ message: string; extensions: Row }> };
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e.extensions.code).toBe('BAD_USER_INPUT');
      return errors;
    }

    it('an unknown or missing format', async () => {
      expect((await refused('xlsx', { query: EXPORT_GRANTS }))[0].message).toBe('`format` must be one of csv, ndjson; got "xlsx".');
      const res = await fetch(`${server.url}/export`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: EXPORT_GRANTS }) });
      expect(res.status).toBe(400);
    });

    it('a GraphQL syntax error, with its location', async () => {
      const [e] = await refused('csv', { query: '{ grants { nodes { title }' });
      expect(e.message).toMatch(/^Syntax Error/);
      expect(e.extensions.reason).toBe('GRAPHQL_PARSE_FAILED');
    });

    it('a field the schema does not have', async () => {
      const [e] = await refused('csv', { query: '{ grants { nodes { price } } }' });
      expect(e.message).toBe('Cannot query field "price" on type "FundingGrant".');
    });

    it('an operation whose root field is not a list', async () => {
      const [e] = await refused('csv', { query: '{ program(code: "GP2") { title } }' });
      expect(e.message).toMatch(/`program` returns one Program, not a list/);
    });

    it('an operation with two root fields', async () => {
      const [e] = await refused('ndjson', { query: '{ grants { nodes { title } } programs { nodes { title } } }' });
      expect(e.message).toMatch(/exactly one root field/);
    });

    it('a connection without nodes or edges selected', async () => {
      const [e] = await refused('csv', { query: '{ grants { totalCount } }' });
      expect(e.message).toMatch(/Select the rows for an export/);
    });

    it('several operations and no operationName, or an unknown one', async () => {
      const query = 'query A { grants { nodes { title } } } query B { programs { nodes { title } } }';
      expect((await refused('csv', { query }))[0].message).toMatch(/pass `operationName`/);
      expect((await refused('csv', { query, operationName: 'C' }))[0].message).toMatch(/no operation named "C"/);
    });

    it('a body that is not a GraphQL request', async () => {
      await refused('csv', { variables: {} });
      await refused('csv', { query: EXPORT_GRANTS, variables: [1] });
      await refused('csv', '{"query": ', { 'content-type': 'application/json' });
      await refused('csv', JSON.stringify({ query: EXPORT_GRANTS }), { 'content-type': 'text/plain' });
    });

    it('an argument the resolver rejects, with its path, as /graphql reports it', async () => {
      const [e] = await refused('csv', { query: '{ grants(filter: { donor: "bm90LWFuLWlk" }) { nodes { title } } }' });
      expect(e.message).toBe((await server.gql('{ grants(filter: { donor: "bm90LWFuLWlk" }) { nodes { title } } }')).body.errors![0].message);
      expect((e as { path?: string[] }).path).toEqual(['grants']);
    });
  });
});

describe('the row bound', () => {
  // Only on SQLite: the bound is checked in the export code, the same on every database, and 10,000 rows take a while to insert.
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer('sqlite');
    const em = server.em();
    for (let i = 0; i < 10_000; i++) {
      em.create(FundingGrant, { id: `bound-${i}`, title: `Grant ${i}`, donor: 'kemnaker', status: GrantStatus.PLANNED } as never);
    }
    await em.flush();
  }, 120_000);
  afterAll(() => server?.close());

  it('refuses an export of more than 10,000 rows with BAD_USER_INPUT naming the bound and the count, and sends no row', async () => {
    const res = await exportFrom(server, 'csv', { query: '{ grants { nodes { title } } }' });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('Grant 1');
    expect(JSON.parse(res.text).errors).toEqual([{
      message: 'This export has 10001 rows; at most 10000 can be exported at once. Narrow it with a filter.',
      extensions: { code: 'BAD_USER_INPUT', maxRows: 10_000, totalCount: 10_001 },
    }]);
  });

  it('exports exactly 10,000 rows when a filter brings it within the bound', async () => {
    const res = await exportFrom(server, 'ndjson', { query: '{ grants(filter: { statuses: [PLANNED] }) { nodes { title } } }' });
    expect(res.status).toBe(200);
    const lines = res.text.trimEnd().split('\n');
    expect(lines).toHaveLength(10_000);
    expect(new Set(lines).size).toBe(10_000);
  });
});
