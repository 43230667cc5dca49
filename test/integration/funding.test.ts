import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FundingGrant } from '../../server/src/modules/grant/grant.entity';
import { GrantStatus } from '../../server/src/modules/grant/grant.types';
import { decimalToScaled } from '../../server/src/shared/decimal';
import { databases, gid, startServer, type TestServer } from '../helpers/server';

// ---------------------------------------------------------------------------------------------
// A model of the grants in the database. How the API writes an amount is checked against totals
// written out by hand below; the model only adds amounts up, exactly (BigInt), to compare values.
// ---------------------------------------------------------------------------------------------

interface GrantRow {
  id: string;
  title: string;
  donor: string;
  recipient: string | null;
  program: string | null;
  amount: string | null;
  currency: string | null;
  awardedOn: string | null;
}

const DATA = join(__dirname, '..', '..', 'server', 'data');
/** The fields of grants.yaml read here. */
interface SeedGrant { id: string; title: string; donor: string; recipient?: string | null; program?: string | null; amount?: string | number | null; currency?: string | null; awardedOn?: string | null }
const seededGrants = (parse(readFileSync(join(DATA, 'grants.yaml'), 'utf8')) as SeedGrant[]).map(
  (g): GrantRow => ({
    id: g.id,
    title: g.title,
    donor: g.donor,
    recipient: g.recipient ?? null,
    program: g.program ?? null,
    amount: g.amount == null ? null : String(g.amount),
    currency: g.currency ?? null,
    awardedOn: g.awardedOn ?? null,
  }),
);
const organizations = parse(readFileSync(join(DATA, 'organizations.yaml'), 'utf8')) as Array<{ id: string; name: string; country?: string }>;
const programs = parse(readFileSync(join(DATA, 'programs.yaml'), 'utf8')) as Array<{ id: string; title: string }>;

/** A decimal string as an exact count of 1/10^4 units, so that "0.3" and "0.30" compare equal. */
function units(decimal: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(decimal);
  if (!m) throw new Error(`bad decimal ${decimal}`);
  const value = BigInt(m[2]) * 10000n + BigInt((m[3] ?? '').padEnd(4, '0'));
  return m[1] ? -value : value;
}

type GroupBy = 'DONOR' | 'RECIPIENT' | 'PROGRAM' | 'YEAR' | 'CURRENCY';
interface Money { amount: string; currency: string }
interface SummaryRow { key: string | null; label: string; grantCount: number; unknownAmountCount: number; totals: Money[] }

function keyOf(g: GrantRow, groupBy: GroupBy): string | null {
  switch (groupBy) {
    case 'DONOR': return gid('Organization', g.donor);
    case 'RECIPIENT': return g.recipient && gid('Organization', g.recipient);
    case 'PROGRAM': return g.program && gid('Program', g.program);
    case 'YEAR': return g.awardedOn && g.awardedOn.slice(0, 4);
    case 'CURRENCY': return g.currency;
  }
}

/** A summary row with its totals as exact values (units per currency), for comparing with the model. */
interface ValueRow { key: string | null; grantCount: number; unknownAmountCount: number; totals: Record<string, bigint> }

/** What fundingSummary must answer for `rows`, by value (labels and the written form are checked elsewhere). */
function expectedSummary(rows: GrantRow[], groupBy: GroupBy): ValueRow[] {
  const groups = new Map<string | null, { count: number; unknown: number; totals: Map<string, bigint> }>();
  for (const g of rows) {
    const key = keyOf(g, groupBy);
    const group = groups.get(key) ?? { count: 0, unknown: 0, totals: new Map<string, bigint>() };
    group.count++;
    if (g.amount == null) group.unknown++;
    else group.totals.set(g.currency!, (group.totals.get(g.currency!) ?? 0n) + units(g.amount));
    groups.set(key, group);
  }
  return [...groups].map(([key, g]) => ({ key, grantCount: g.count, unknownAmountCount: g.unknown, totals: Object.fromEntries(g.totals) })).sort(byKey);
}

const byKey = (a: { key: string | null }, b: { key: string | null }) => String(a.key).localeCompare(String(b.key));
/** The service's rows by value: each total parsed back to exact units. */
const values = (rows: SummaryRow[]): ValueRow[] =>
  rows.map(({ key, grantCount, unknownAmountCount, totals }) => ({ key, grantCount, unknownAmountCount, totals: Object.fromEntries(totals.map((t) => [t.currency, units(t.amount)])) })).sort(byKey);
/** The service's rows in key order, each one's totals in currency order, for comparing with a table written out below. */
const sorted = (rows: SummaryRow[]) => rows.map((r) => ({ ...r, totals: [...r.totals].sort((a, b) => a.currency.localeCompare(b.currency)) })).sort(byKey);

// ---------------------------------------------------------------------------------------------

const SUMMARY = `query Summary($groupBy: FundingGroupBy!, $filter: GrantFilter) {
  fundingSummary(groupBy: $groupBy, filter: $filter) { key label grantCount unknownAmountCount totals { amount currency } }
}`;

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  const inDatabase: GrantRow[] = [...seededGrants];

  async function summary(groupBy: GroupBy, filter?: Record<string, unknown>): Promise<SummaryRow[]> {
    return (await server.data<{ fundingSummary: SummaryRow[] }>(SUMMARY, { groupBy, filter })).fundingSummary;
  }

  /** Inserts grants through the ORM, as an editor's tool would, and records them in the model. */
  async function insert(rows: GrantRow[]) {
    const em = server.em();
    for (const g of rows) {
      em.create(FundingGrant, {
        id: g.id,
        title: g.title,
        donor: g.donor,
        recipient: g.recipient,
        program: g.program,
        status: GrantStatus.COMMITTED,
        amountE4: g.amount == null ? null : decimalToScaled(g.amount),
        currency: g.currency,
        awardedOn: g.awardedOn,
      } as never);
    }
    await em.flush();
    inDatabase.push(...rows);
  }

  const grant = (id: string, fields: Partial<GrantRow> & Pick<GrantRow, 'donor'>): GrantRow => ({
    id, title: `Test grant ${id}`, recipient: null, program: null, amount: null, currency: null, awardedOn: null, ...fields,
  });

  const JAPAN = 'government-of-japan';
  const KEMNAKER = 'kemnaker';
  const ARRANGED: GrantRow[] = [
    grant('test-usd-a', { donor: JAPAN, recipient: 'apo', program: 'green-productivity-2', amount: '0.1', currency: 'USD', awardedOn: '2022-03-01' }),
    grant('test-usd-b', { donor: JAPAN, recipient: 'apo', program: 'green-productivity-2', amount: '0.2', currency: 'USD', awardedOn: '2022-09-15' }),
    grant('test-jpy-a', { donor: JAPAN, recipient: 'apo', program: 'covid19-digital', amount: '1000000000', currency: 'JPY', awardedOn: '2021-06-10' }),
    grant('test-jpy-b', { donor: JAPAN, recipient: 'dit-bina-peningkatan-produktivitas', program: 'covid19-digital', amount: '2000000000', currency: 'JPY', awardedOn: '2023-02-01' }),
    grant('test-big', { donor: KEMNAKER, recipient: 'ditjen-binalavotas', program: 'covid19-digital', amount: '123456789012.34', currency: 'USD', awardedOn: '2021-12-31' }),
    grant('test-cent', { donor: KEMNAKER, amount: '0.01', currency: 'USD' }),
    grant('test-eur', { donor: KEMNAKER, recipient: 'apo', program: 'green-productivity-2', amount: '2500.5', currency: 'EUR', awardedOn: '2022-01-01' }),
    grant('test-unknown', { donor: KEMNAKER, program: 'covid19-digital', awardedOn: '2020-05-05' }),
  ];

  const usd = (amount: string): Money => ({ amount, currency: 'USD' });
  const jpy = (amount: string): Money => ({ amount, currency: 'JPY' });
  const eur = (amount: string): Money => ({ amount, currency: 'EUR' });
  const org = (id: string) => gid('Organization', id);
  const program = (id: string) => gid('Program', id);
  /**
   * fundingSummary of the seeded grant (Japan, GP2, recipient APO, no amount, no date) and the eight above,
   * added up by hand. Totals keep the currency's minor digits: 0.1 + 0.2 USD is "0.30", never 0.30000000000000004.
   */
  const WRITTEN_OUT: Record<GroupBy, SummaryRow[]> = {
    DONOR: [
      { key: org(JAPAN), label: 'Government of Japan', grantCount: 5, unknownAmountCount: 1, totals: [jpy('3000000000'), usd('0.30')] },
      { key: org(KEMNAKER), label: 'Ministry of Manpower, Republic of Indonesia', grantCount: 4, unknownAmountCount: 1, totals: [eur('2500.50'), usd('123456789012.35')] },
    ],
    RECIPIENT: [
      { key: org('apo'), label: 'Asian Productivity Organization', grantCount: 5, unknownAmountCount: 1, totals: [eur('2500.50'), jpy('1000000000'), usd('0.30')] },
      { key: org('dit-bina-peningkatan-produktivitas'), label: 'Directorate of Productivity Improvement Development', grantCount: 1, unknownAmountCount: 0, totals: [jpy('2000000000')] },
      { key: org('ditjen-binalavotas'), label: 'Directorate General of Vocational Training and Productivity Development', grantCount: 1, unknownAmountCount: 0, totals: [usd('123456789012.34')] },
      { key: null, label: 'Not recorded', grantCount: 2, unknownAmountCount: 1, totals: [usd('0.01')] },
    ],
    PROGRAM: [
      { key: program('green-productivity-2'), label: 'Green Productivity 2.0', grantCount: 4, unknownAmountCount: 1, totals: [eur('2500.50'), usd('0.30')] },
      { key: program('covid19-digital'), label: 'Digital capability for pandemic recovery of workers and MSMEs', grantCount: 4, unknownAmountCount: 1, totals: [jpy('3000000000'), usd('123456789012.34')] },
      { key: null, label: 'Not recorded', grantCount: 1, unknownAmountCount: 0, totals: [usd('0.01')] },
    ],
    YEAR: [
      { key: '2020', label: '2020', grantCount: 1, unknownAmountCount: 1, totals: [] },
      { key: '2021', label: '2021', grantCount: 2, unknownAmountCount: 0, totals: [jpy('1000000000'), usd('123456789012.34')] },
      { key: '2022', label: '2022', grantCount: 3, unknownAmountCount: 0, totals: [eur('2500.50'), usd('0.30')] },
      { key: '2023', label: '2023', grantCount: 1, unknownAmountCount: 0, totals: [jpy('2000000000')] },
      { key: null, label: 'Not recorded', grantCount: 2, unknownAmountCount: 1, totals: [usd('0.01')] },
    ],
    CURRENCY: [
      { key: 'EUR', label: 'EUR', grantCount: 1, unknownAmountCount: 0, totals: [eur('2500.50')] },
      { key: 'JPY', label: 'JPY', grantCount: 2, unknownAmountCount: 0, totals: [jpy('3000000000')] },
      { key: 'USD', label: 'USD', grantCount: 4, unknownAmountCount: 0, totals: [usd('123456789012.65')] },
      { key: null, label: 'Amount unknown', grantCount: 2, unknownAmountCount: 2, totals: [] },
    ],
  };

  beforeAll(async () => { server = await startServer(db); });
  afterAll(() => server?.close());

  describe('the seeded dataset', () => {
    it('has the Japan Special Cash Grant with an unknown amount: null, never "0"', async () => {
      const japan = seededGrants.find((g) => g.donor === JAPAN)!;
      expect(japan.amount).toBeNull();
      const data = await server.data<{ grant: unknown }>(`query($id: ID!) { grant(id: $id) { id title amount { amount currency } } }`, { id: gid('FundingGrant', japan.id) });
      expect(data.grant).toEqual({ id: gid('FundingGrant', japan.id), title: japan.title, amount: null });
    });

    it('counts it in fundingSummary as one grant of unknown amount, with no totals', async () => {
      const rows = await summary('DONOR');
      expect(rows).toEqual([
        { key: gid('Organization', JAPAN), label: organizations.find((o) => o.id === JAPAN)!.name, grantCount: 1, unknownAmountCount: 1, totals: [] },
      ]);
      expect(JSON.stringify(rows)).not.toMatch(/"amount":"0(\.0*)?"/);
    });

    it('groups it by currency under key null, labelled as unknown', async () => {
      const rows = await summary('CURRENCY');
      expect(rows).toEqual([{ key: null, label: 'Amount unknown', grantCount: 1, unknownAmountCount: 1, totals: [] }]);
    });
  });

  describe('with arranged grants', () => {
    beforeAll(() => insert(ARRANGED));

    const usdTotals = (rows: SummaryRow[]) => rows.flatMap((r) => r.totals).filter((t) => t.currency === 'USD');

    it('0.1 + 0.2 USD totals exactly, with 2 fraction digits', async () => {
      const filter = { donor: gid('Organization', JAPAN), currencies: ['USD'] };
      const rows = await summary('DONOR', filter);
      expect(rows).toHaveLength(1);
      expect(rows[0].totals).toEqual([{ amount: '0.30', currency: 'USD' }]);
      expect(String(0.1 + 0.2)).toBe('0.30000000000000004'); // what floats would have made of it
    });

    it('JPY totals have no fraction digits', async () => {
      const rows = await summary('CURRENCY', { currencies: ['JPY'] });
      expect(rows).toEqual([expect.objectContaining({ key: 'JPY', totals: [{ amount: '3000000000', currency: 'JPY' }] })]);
    });

    it('very large amounts sum exactly with small ones', async () => {
      const rows = await summary('DONOR', { donor: gid('Organization', KEMNAKER), currencies: ['USD'] });
      // 123456789012.34 + 0.01
      expect(usdTotals(rows)).toEqual([{ amount: '123456789012.35', currency: 'USD' }]);
    });

    it('never sums across currencies: a donor with USD and JPY grants has one total per currency', async () => {
      const rows = await summary('DONOR');
      const japan = rows.find((r) => r.key === gid('Organization', JAPAN))!;
      expect(sorted([japan])[0].totals).toEqual([{ amount: '3000000000', currency: 'JPY' }, { amount: '0.30', currency: 'USD' }]);
    });

    it.each(Object.keys(WRITTEN_OUT) as GroupBy[])('groupBy %s counts, totals and labels every grant as worked out by hand', async (groupBy) => {
      const rows = await summary(groupBy);
      expect(sorted(rows)).toEqual([...WRITTEN_OUT[groupBy]].sort(byKey));
      expect(rows.reduce((n, r) => n + r.grantCount, 0)).toBe(inDatabase.length);
    });

    it.each(Object.keys(WRITTEN_OUT) as GroupBy[])('groupBy %s agrees, by value, with the sums of the grants inserted', async (groupBy) => {
      expect(values(await summary(groupBy))).toEqual(expectedSummary(inDatabase, groupBy));
    });

    it('groupBy YEAR keys rows by the year of award, grants without an award date under key null', async () => {
      const rows = await summary('YEAR');
      const years = [...new Set(inDatabase.map((g) => g.awardedOn?.slice(0, 4)).filter((y): y is string => !!y))].sort();
      expect(rows.filter((r) => r.key !== null).map((r) => r.key).sort()).toEqual(years);
      for (const r of rows) if (r.key !== null) expect(r.label).toBe(r.key);
      const undated = rows.find((r) => r.key === null);
      expect(undated).toMatchObject({ label: 'Not recorded', grantCount: inDatabase.filter((g) => !g.awardedOn).length });
      // Null sorts last.
      expect(rows[rows.length - 1].key).toBeNull();
    });

    it('groupBy CURRENCY keys rows by currency code, unknown amounts under key null', async () => {
      const rows = await summary('CURRENCY');
      const currencies = [...new Set(inDatabase.map((g) => g.currency).filter((c): c is string => !!c))].sort();
      expect(rows.filter((r) => r.key !== null).map((r) => r.key).sort()).toEqual(currencies);
      for (const r of rows.filter((r) => r.key !== null)) expect(r.totals.map((t) => t.currency)).toEqual([r.key]);
      expect(rows.find((r) => r.key === null)).toMatchObject({ label: 'Amount unknown', totals: [] });
    });

    it.each([
      ['PROGRAM', 'Program', 'title'],
      ['RECIPIENT', 'Organization', 'name'],
      ['DONOR', 'Organization', 'name'],
    ] as const)('groupBy %s keys are global IDs that node(id:) resolves to the labelled %s', async (groupBy, type, field) => {
      const rows = (await summary(groupBy)).filter((r) => r.key !== null);
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) {
        const data = await server.data<{ node: unknown }>(`query($id: ID!) { node(id: $id) { __typename id ... on Program { title } ... on Organization { name } } }`, { id: row.key });
        expect(data.node, row.key!).toMatchObject({ __typename: type, id: row.key, [field]: row.label });
      }
      const expectedLabels = Object.fromEntries(
        type === 'Program' ? programs.map((p) => [gid('Program', p.id), p.title]) : organizations.map((o) => [gid('Organization', o.id), o.name]),
      );
      for (const row of rows) expect(row.label).toBe(expectedLabels[row.key!]);
    });

    it('groupBy PROGRAM and RECIPIENT put grants without one under key null', async () => {
      for (const [groupBy, field] of [['PROGRAM', 'program'], ['RECIPIENT', 'recipient']] as const) {
        const none = (await summary(groupBy)).find((r) => r.key === null);
        expect(none, groupBy).toMatchObject({ label: 'Not recorded', grantCount: inDatabase.filter((g) => !g[field]).length });
      }
    });

    describe('filters narrow the summary', () => {
      const cases: Array<[string, Record<string, unknown>, (g: GrantRow) => boolean]> = [
        ['donor', { donor: gid('Organization', KEMNAKER) }, (g) => g.donor === KEMNAKER],
        ['currencies', { currencies: ['USD', 'EUR'] }, (g) => g.currency === 'USD' || g.currency === 'EUR'],
        ['awardedOnOrAfter', { awardedOnOrAfter: '2022-01-01' }, (g) => g.awardedOn != null && g.awardedOn >= '2022-01-01'],
        ['awardedOnOrBefore', { awardedOnOrBefore: '2021-12-31' }, (g) => g.awardedOn != null && g.awardedOn <= '2021-12-31'],
        ['program', { program: gid('Program', 'covid19-digital') }, (g) => g.program === 'covid19-digital'],
        ['recipient', { recipient: gid('Organization', 'apo') }, (g) => g.recipient === 'apo'],
        ['donorCountry', { donorCountry: 'JP' }, (g) => organizations.find((o) => o.id === g.donor)?.country === 'JP'],
        [
          'donor + currencies + awardedOnOrAfter',
          { donor: gid('Organization', JAPAN), currencies: ['USD', 'JPY'], awardedOnOrAfter: '2022-06-01' },
          (g) => g.donor === JAPAN && (g.currency === 'USD' || g.currency === 'JPY') && g.awardedOn != null && g.awardedOn >= '2022-06-01',
        ],
      ];
      it.each(cases)('%s', async (_name, filter, keep) => {
        const kept = inDatabase.filter(keep);
        expect(kept.length).toBeGreaterThan(0);
        expect(kept.length).toBeLessThan(inDatabase.length);
        for (const groupBy of ['DONOR', 'YEAR', 'CURRENCY'] as const) {
          expect(values(await summary(groupBy, filter)), groupBy).toEqual(expectedSummary(kept, groupBy));
        }
      });

      it('donor and donorCountry together: both must hold (a donor of another country gives nothing)', async () => {
        const kemnakerCountry = organizations.find((o) => o.id === KEMNAKER)!.country;
        expect(kemnakerCountry).not.toBe('JP');
        const rows = await summary('DONOR', { donor: gid('Organization', KEMNAKER), donorCountry: 'JP' });
        expect(rows).toEqual([]);
        const list = await server.data<{ grants: { totalCount: number } }>(`query($f: GrantFilter) { grants(first: 100, filter: $f) { totalCount } }`, {
          f: { donor: gid('Organization', KEMNAKER), donorCountry: 'JP' },
        });
        expect(list.grants.totalCount).toBe(0);
      });

      it('a filter no grant meets gives an empty summary', async () => {
        expect(await summary('DONOR', { awardedOnOrAfter: '2999-01-01' })).toEqual([]);
      });
    });

    it('grants(...) shows each amount as the same exact string, null when unknown', async () => {
      const data = await server.data<{ grants: { totalCount: number; nodes: Array<{ id: string; amount: Money | null }> } }>(`{ grants(first: 100) { totalCount nodes { id amount { amount currency } } } }`);
      expect(data.grants.totalCount).toBe(inDatabase.length);
      // Written with the currency's minor digits (two for USD and EUR, none for JPY).
      const shown: Record<string, Money | null> = {
        'japan-special-cash-grant-gp2': null,
        'test-usd-a': { amount: '0.10', currency: 'USD' },
        'test-usd-b': { amount: '0.20', currency: 'USD' },
        'test-jpy-a': { amount: '1000000000', currency: 'JPY' },
        'test-jpy-b': { amount: '2000000000', currency: 'JPY' },
        'test-big': { amount: '123456789012.34', currency: 'USD' },
        'test-cent': { amount: '0.01', currency: 'USD' },
        'test-eur': { amount: '2500.50', currency: 'EUR' },
        'test-unknown': null,
      };
      const expected = Object.fromEntries(Object.entries(shown).map(([id, amount]) => [gid('FundingGrant', id), amount]));
      expect(Object.fromEntries(data.grants.nodes.map((n) => [n.id, n.amount]))).toEqual(expected);
    });

    it('grants of a donor add up, in the client, to the summary total of that donor', async () => {
      const filter = { donor: gid('Organization', JAPAN) };
      const data = await server.data<{ grants: { nodes: Array<{ amount: Money | null }> } }>(`query($f: GrantFilter) { grants(first: 100, filter: $f) { nodes { amount { amount currency } } } }`, { f: filter });
      const sums: Record<string, bigint> = {};
      for (const { amount } of data.grants.nodes) if (amount) sums[amount.currency] = (sums[amount.currency] ?? 0n) + units(amount.amount);
      expect(Object.keys(sums).sort()).toEqual(['JPY', 'USD']);
      const [row] = await summary('DONOR', filter);
      expect(values([row])[0].totals).toEqual(sums);
    });
  });

  describe('amounts beyond 2^53 units of 1/10^4 (within the documented Decimal range)', () => {
    // The Decimal scalar accepts up to 18 integer digits and 4 fraction digits, and SQLite stores these
    // units exactly as 64-bit integers. The first two amounts, scaled, each fit exactly in a double, but
    // their sum does not; the third does not fit alone. Anything that reads them through JavaScript
    // numbers rounds them; exact money must not.
    const BIG: GrantRow[] = [
      grant('test-huge-a', { donor: 'bd-ministry-of-industries', amount: '2000000000000.01', currency: 'USD', awardedOn: '2024-01-01' }),
      grant('test-huge-b', { donor: 'bd-ministry-of-industries', amount: '2000000000000.02', currency: 'USD', awardedOn: '2024-01-02' }),
      grant('test-huge-c', { donor: 'apo', amount: '900719925474.0993', currency: 'USD', awardedOn: '2024-02-01' }),
    ];
    beforeAll(() => insert(BIG));

    it('the arranged amounts really are beyond exact doubles', () => {
      const sum = units(BIG[0].amount!) + units(BIG[1].amount!);
      for (const g of BIG.slice(0, 2)) expect(BigInt(Number(units(g.amount!)))).toBe(units(g.amount!));
      expect(BigInt(Number(sum))).not.toBe(sum);
      expect(BigInt(Number(units(BIG[2].amount!)))).not.toBe(units(BIG[2].amount!));
    });

    it('a single amount above 2^53 units reads back exactly', async () => {
      const data = await server.data<{ grant: { amount: Money | null } }>(`query($id: ID!) { grant(id: $id) { amount { amount currency } } }`, { id: gid('FundingGrant', BIG[2].id) });
      expect(data.grant.amount).toEqual({ amount: '900719925474.0993', currency: 'USD' });
    });

    it('a total above 2^53 units is exact', async () => {
      const rows = await summary('DONOR', { donor: gid('Organization', 'bd-ministry-of-industries') });
      // 2000000000000.01 + 2000000000000.02
      expect(rows.map((r) => r.totals)).toEqual([[{ amount: '4000000000000.03', currency: 'USD' }]]);
    });
  });

  // The sums read covering indexes the migrations create; the year index is on an expression, which the
  // service's SQL must repeat exactly. SQLite's planner says which index it reads whatever the table's size.
  const GROUPINGS: GroupBy[] = ['DONOR', 'RECIPIENT', 'PROGRAM', 'CURRENCY', 'YEAR'];
  it.runIf(db === 'sqlite').each(GROUPINGS)('the %s summary reads its summary index, not the table', async (groupBy: GroupBy) => {
    const before = server.statements.length;
    await summary(groupBy);
    const sql = server.statements.slice(before).find((q) => /count\(\*\)/.test(q))!;
    const plan = await server.em().getConnection().execute<Array<{ detail: string }>>(`explain query plan ${sql}`);
    expect(plan.map((p: { detail: string }) => p.detail).join(' | ')).toContain(`funding_grant_${groupBy.toLowerCase()}_summary_index`);
  });
});
