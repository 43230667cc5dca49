import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { chartPlan, luminance, SERIES_COLOURS, type ChartPlan } from '../../server/ide/src/results/chart-plan';
import { pageRequest, pageSize, PAGE_INFO_KEY } from '../../server/ide/src/results/paging';
import { resultRows, type SentRequest } from '../../server/ide/src/results/result-rows';
import { compareNumbers, sortRows, tableCsv } from '../../server/ide/src/results/table-model';

// The rules behind the IDE's Table and Chart views (server/ide/src/results), against the published schema:
// which answers have rows (the CSV export's rule), how cells sort, when and how rows can be charted
// (never adding or co-plotting amounts of different currencies), and how a table pages a connection.
const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));
const request = (query: string, variables: Record<string, unknown> | null = null): SentRequest => ({ query, variables, operationName: null });
const SUMMARY = '{ fundingSummary(groupBy: YEAR) { label grantCount unknownAmountCount totals { amount currency } } }';

function rowsOf(query: string, data: unknown, variables?: Record<string, unknown>) {
  const result = resultRows(schema, request(query, variables), { data });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

function planOf(query: string, data: unknown): ChartPlan {
  const { rows, columns } = rowsOf(query, data);
  const result = chartPlan(rows, columns);
  if (!result.ok) throw new Error(result.reason);
  return result.plan;
}

describe('resultRows: the rows of an answer, by the CSV export\'s rule', () => {
  it('finds a list\'s rows and types its columns', () => {
    const result = rowsOf(SUMMARY, { fundingSummary: [{ label: '2020', grantCount: 2, unknownAmountCount: 0, totals: [] }] });
    expect(result.columns).toEqual([
      { path: 'label', type: 'String', list: false },
      { path: 'grantCount', type: 'Int', list: false },
      { path: 'unknownAmountCount', type: 'Int', list: false },
      { path: 'totals', type: 'Money', list: true },
    ]);
    expect(result.rows).toHaveLength(1);
    expect(result.plan.paged).toBe(false);
  });

  it('finds a connection\'s nodes or edges, and its page info under any alias', () => {
    const nodes = rowsOf('{ grants(first: 2) { nodes { title amount { amount currency } } p: pageInfo { hasNextPage endCursor } } }', {
      grants: { nodes: [{ title: 'a', amount: null }, { title: 'b', amount: { amount: '1.50', currency: 'USD' } }], p: { hasNextPage: true, endCursor: 'c2' } },
    });
    expect(nodes.columns.map((c) => c.path)).toEqual(['title', 'amount.amount', 'amount.currency']);
    expect(nodes.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: 'c2' });
    const edges = rowsOf('{ grants { edges { node { title } } } }', { grants: { edges: [{ node: { title: 'a' } }] } });
    expect(edges.rows).toEqual([{ title: 'a' }]);
  });

  it('says why there are no rows: one record, two root fields, no data, no query', () => {
    const reason = (query: string, answer: unknown = { data: {} }) => {
      const r = resultRows(schema, request(query), answer);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('{ program(code: "GP2") { title } }')).toMatch(/returns one Program, not a list/);
    expect(reason('{ grants { totalCount } countries { code } }')).toMatch(/exactly one root field/);
    expect(reason('{ grants { totalCount } }')).toMatch(/Select the rows/);
    expect(reason(SUMMARY, { errors: [{ message: 'x' }] })).toMatch(/no data/);
    expect(resultRows(schema, null, null)).toEqual({ ok: false, reason: 'Run a query to see its rows.' });
  });
});

describe('table cells: exact sorting and the CSV of what is shown', () => {
  const columns = [{ path: 'name', type: 'String', list: false }, { path: 'amount', type: 'Decimal', list: false }];
  const rows = [{ name: 'b', amount: '10.5' }, { name: 'a', amount: '9.75' }, { name: 'c', amount: null }, { name: 'd', amount: '-1' }, { name: 'e', amount: '10.50' }];

  it('sorts exact decimals by value, empty cells last either way, ties in their first order', () => {
    const names = (dir: 'ascending' | 'descending') => sortRows(rows, columns, { column: 'amount', direction: dir }).map((r) => r.name);
    expect(names('ascending')).toEqual(['d', 'a', 'b', 'e', 'c']);
    expect(names('descending')).toEqual(['b', 'e', 'a', 'd', 'c']);
    expect(sortRows(rows, columns, null).map((r) => r.name)).toEqual(['b', 'a', 'c', 'd', 'e']);
  });

  it('compares decimals beyond a float\'s precision exactly', () => {
    expect(compareNumbers('12345678901234567890.01', '12345678901234567890.02')).toBeLessThan(0);
    expect(compareNumbers('0.1', '0.10')).toBe(0);
    expect(compareNumbers('-2.5', '-10')).toBeGreaterThan(0);
    expect(compareNumbers(3, 12)).toBeLessThan(0);
  });

  it('copies the shown rows as CSV, quoted where needed, lists as JSON', () => {
    const csv = tableCsv([{ name: 'a, "b"', tags: ['x', 'y'] }], [{ path: 'name', type: 'String', list: false }, { path: 'tags', type: 'String', list: true }]);
    expect(parseCsv(csv)).toEqual([['name', 'tags'], ['a, "b"', '["x","y"]']]);
  });
});

describe('chartPlan: whether and how rows can be charted', () => {
  const byYear = {
    fundingSummary: [
      { label: '2021', grantCount: 3, unknownAmountCount: 1, totals: [{ amount: '1000.00', currency: 'JPY' }, { amount: '20.50', currency: 'USD' }] },
      { label: '2019', grantCount: 1, unknownAmountCount: 0, totals: [{ amount: '500', currency: 'JPY' }] },
      { label: '2020', grantCount: 2, unknownAmountCount: 2, totals: [] },
      { label: 'Not recorded', grantCount: 1, unknownAmountCount: 0, totals: [{ amount: '7', currency: 'USD' }] },
    ],
  };

  it('draws years as a line in time order, one panel and one series per currency, never adding currencies together', () => {
    const plan = planOf(SUMMARY, byYear);
    expect(plan.kind).toBe('line');
    expect(plan.labels).toEqual(['2019', '2020', '2021']);
    const [amounts] = plan.measures;
    expect(amounts.panels.map((p) => [p.axis, p.series.map((s) => s.name)])).toEqual([['totals (JPY)', ['JPY']], ['totals (USD)', ['USD']]]);
    expect(amounts.panels[0].series[0].points.map((p) => [p.label, p.exact])).toEqual([['2019', '500'], ['2021', '1000.00']]);
    expect(amounts.panels[1].series[0].points.map((p) => [p.label, p.exact])).toEqual([['2021', '20.50']]);
    expect(plan.notes.join(' ')).toMatch(/“Not recorded”/);
    expect(plan.notes.join(' ')).toMatch(/1 of 3 rows have no amount in `totals`/);
  });

  it('charts counts as measures of their own, with every row', () => {
    const plan = planOf(SUMMARY, byYear);
    expect(plan.measures.map((m) => m.name)).toEqual(['Amounts (totals), one axis per currency', 'grantCount', 'unknownAmountCount']);
    expect(plan.measures[1].panels[0].series[0].points.map((p) => p.value)).toEqual([1, 2, 3]);
  });

  it('draws bars by label when the labels are not years, in the answer\'s order', () => {
    const plan = planOf('{ fundingSummary(groupBy: DONOR) { label grantCount } }', { fundingSummary: [{ label: 'Japan', grantCount: 2 }, { label: 'Korea', grantCount: 5 }] });
    expect(plan.kind).toBe('bar');
    expect(plan.labels).toEqual(['Japan', 'Korea']);
  });

  it('groups a grant\'s own amount by its currency, and leaves out grants without an amount', () => {
    const plan = planOf('{ grants { nodes { title amount { amount currency } } } }', {
      grants: { nodes: [{ title: 'A', amount: { amount: '10', currency: 'USD' } }, { title: 'B', amount: null }, { title: 'C', amount: { amount: '3', currency: 'EUR' } }] },
    });
    expect(plan.measures).toHaveLength(1);
    expect(plan.measures[0].panels.map((p) => [p.axis, p.series[0].points.map((x) => x.label)])).toEqual([['amount (EUR)', ['C']], ['amount (USD)', ['A']]]);
    expect(plan.notes).toEqual(['1 of 3 rows have no amount in `amount` and draw no bar there.']);
  });

  it('says in one line why rows cannot be charted', () => {
    const reason = (query: string, data: unknown) => {
      const { rows, columns } = rowsOf(query, data);
      const r = chartPlan(rows, columns);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('{ countries { nodes { code name } } }', { countries: { nodes: [{ code: 'JP', name: 'Japan' }] } })).toMatch(/no numeric column/);
    expect(reason('{ fundingSummary(groupBy: YEAR) { grantCount } }', { fundingSummary: [{ grantCount: 1 }] })).toMatch(/no column to label/);
    expect(reason(SUMMARY, { fundingSummary: [] })).toMatch(/no rows/);
  });

  it('uses series colours that stay apart in grey scale (contrast ratio of luminances at least 1.4)', () => {
    for (const [i, a] of SERIES_COLOURS.entries()) {
      for (const b of SERIES_COLOURS.slice(i + 1)) {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        expect((hi + 0.05) / (lo + 0.05), `${a} vs ${b}`).toBeGreaterThanOrEqual(1.4);
      }
    }
  });
});

describe('pageRequest: a table pages a connection by its cursors, with the query\'s own variables', () => {
  const query = 'query Grants($n: Int, $after: String, $donor: ID) { grants(first: $n, after: $after, filter: { donor: $donor }) { nodes { title } } }';
  const sent = request(query, { n: 5, after: 'old', donor: 'D1' });
  const rows = rowsOf(query, { grants: { nodes: [] } }, sent.variables!);

  it('asks for the page after the last cursor, as many rows as the query asked for, keeping its other arguments', () => {
    const next = pageRequest(sent, rows.plan, rows.document, rows.operation, 'next', 'C5');
    expect(print(parse(next.query))).toBe(print(parse(`query Grants($donor: ID) { grants(filter: { donor: $donor }, first: 5, after: "C5") { nodes { title } ${PAGE_INFO_KEY}: pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`)));
    expect(next.variables).toEqual({ donor: 'D1' });
  });

  it('asks for the page before the first cursor with last/before', () => {
    const previous = pageRequest(sent, rows.plan, rows.document, rows.operation, 'previous', 'C1');
    expect(previous.query).toMatch(/last: 5, before: "C1"/);
  });

  it('re-asks the query\'s own page with the page info added', () => {
    const first = pageRequest(sent, rows.plan, rows.document, rows.operation, 'first', null);
    expect(first.query).toMatch(/first: \$n, after: \$after/);
    expect(first.variables).toEqual(sent.variables);
  });

  it('takes the page size from a literal, a variable, or the API\'s default', () => {
    expect(pageSize(rowsOf('{ grants(first: 7) { nodes { title } } }', { grants: { nodes: [] } }).plan.root, {})).toBe(7);
    expect(pageSize(rows.plan.root, { n: 9 })).toBe(9);
    expect(pageSize(rowsOf('{ grants { nodes { title } } }', { grants: { nodes: [] } }).plan.root, {})).toBe(20);
  });
});
