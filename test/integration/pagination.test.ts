import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Country } from '../../server/src/modules/country/country.entity';
import { FundingGrant } from '../../server/src/modules/grant/grant.entity';
import { GrantStatus } from '../../server/src/modules/grant/grant.types';
import { walkBackward, walkForward, type Page } from '../helpers/pages';
import { databases, startServer, type TestServer } from '../helpers/server';

// Facts of the bundled dataset, written out by hand: pages are checked against one unpaged list from the
// service, and that list against these.
/** The 20 economies of the article and Hong Kong, by name in code-unit order (Türkiye after Thailand). */
const COUNTRIES_BY_NAME = ['BD', 'KH', 'FJ', 'HK', 'IN', 'ID', 'IR', 'JP', 'LA', 'MY', 'MN', 'NP', 'PK', 'PH', 'TW', 'KR', 'SG', 'LK', 'TH', 'TR', 'VN'];
const COUNTRY_COUNT = 21;
const ORGANIZATION_COUNT = 8;
const MINISTRIES = ['Ministry of Industries, Government of the People\'s Republic of Bangladesh', 'Ministry of Manpower, Republic of Indonesia'];
const PROGRAM_CODES = ['COVID19-DIGITAL', 'GP', 'GP2'];
const JAPAN_GRANT = 'Government of Japan Special Cash Grant for Green Productivity 2.0';

/** Plain code-unit order, the order of SQLite's BINARY collation (and of PostgreSQL's "C", which the schema uses). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const COUNTRIES = `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: [CountryOrder!], $filter: CountryFilter) {
  countries(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
    totalCount
    edges { cursor node { code name } }
    nodes { code name }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
type CountryRow = { code: string; name: string };

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  beforeAll(async () => { server = await startServer(db); });
  afterAll(() => server?.close());

  const countries = async (vars: Record<string, unknown>) => (await server.data<{ countries: Page<CountryRow> }>(COUNTRIES, vars)).countries;

  describe('walking countries page by page', () => {
    it('forwards with first:5 yields exactly the one-request list, in order, with no overlap or gap', async () => {
      const all = await countries({ first: 100 });
      expect(all.totalCount).toBe(COUNTRY_COUNT);
      expect(all.nodes).toHaveLength(COUNTRY_COUNT);
      expect(all.pageInfo.hasNextPage).toBe(false);

      const pages = await walkForward((after) => countries({ first: 5, after }));
      expect(pages).toHaveLength(5); // 5 + 5 + 5 + 5 + 1
      const walked = pages.flatMap((p) => p.nodes.map((n) => n.code));
      expect(new Set(walked).size).toBe(walked.length); // no overlap
      expect(walked).toEqual(all.nodes.map((n) => n.code)); // no gap, same order

      pages.forEach((page, i) => {
        expect(page.totalCount).toBe(COUNTRY_COUNT);
        expect(page.nodes.length).toBe(i < pages.length - 1 ? 5 : 1);
        expect(page.edges.map((e) => e.node.code)).toEqual(page.nodes.map((n) => n.code));
        expect(page.pageInfo.startCursor).toBe(page.edges[0].cursor);
        expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
        expect(page.pageInfo.hasPreviousPage).toBe(i > 0);
        expect(page.pageInfo.hasNextPage).toBe(i < pages.length - 1);
      });
    });

    it('lists countries by name by default', async () => {
      const all = await countries({ first: 100 });
      const names = all.nodes.map((n) => n.name);
      expect(names).toEqual([...names].sort(cmp));
      expect(all.nodes.map((n) => n.code)).toEqual(COUNTRIES_BY_NAME);
    });

    it('backwards with last:5 and before yields the same list', async () => {
      const all = (await countries({ first: 100 })).nodes.map((n) => n.code);
      const pages = await walkBackward((before) => countries({ last: 5, before }));
      expect(all).toHaveLength(COUNTRY_COUNT);
      expect(pages).toHaveLength(5);
      const walked = [...pages].reverse().flatMap((p) => p.nodes.map((n) => n.code));
      expect(new Set(walked).size).toBe(walked.length);
      expect(walked).toEqual(all);
      expect(pages[0].nodes.map((n) => n.code)).toEqual(all.slice(-5));
      expect(pages[0].pageInfo.hasNextPage).toBe(false);
      pages.forEach((p) => expect(p.totalCount).toBe(all.length));
    });

    it('a cursor from the middle works in both directions', async () => {
      const all = (await countries({ first: 100 })).edges;
      const pivot = all[10];
      const after = await countries({ first: 3, after: pivot.cursor });
      expect(after.nodes.map((n) => n.code)).toEqual(all.slice(11, 14).map((e) => e.node.code));
      const before = await countries({ last: 3, before: pivot.cursor });
      expect(before.nodes.map((n) => n.code)).toEqual(all.slice(7, 10).map((e) => e.node.code));
      expect(before.pageInfo.hasPreviousPage).toBe(true);
      expect(before.pageInfo.hasNextPage).toBe(true);
      const between = await countries({ first: 100, after: all[2].cursor, before: all[6].cursor });
      expect(between.nodes.map((n) => n.code)).toEqual(all.slice(3, 6).map((e) => e.node.code));
    });

    it('first:0 returns no items and still counts them', async () => {
      const page = await countries({ first: 0 });
      expect(page.edges).toEqual([]);
      expect(page.nodes).toEqual([]);
      expect(page.totalCount).toBe(COUNTRY_COUNT);
      expect(page.pageInfo.startCursor).toBeNull();
      expect(page.pageInfo.endCursor).toBeNull();
    });

    it('first:0 reports that items follow (Relay: more edges than `first` means hasNextPage)', async () => {
      const page = await countries({ first: 0 });
      expect(page.totalCount).toBeGreaterThan(0);
      expect(page.pageInfo.hasNextPage).toBe(true);
    });

    it('first:0 on the nested Program.grants reports that items follow', async () => {
      const data = await server.data<{ program: { grants: { totalCount: number; nodes: unknown[]; pageInfo: unknown } } }>(`{ program(code: "GP2") { grants(first: 0) { totalCount nodes { title } pageInfo { hasNextPage endCursor } } } }`);
      expect(data.program.grants.nodes).toEqual([]);
      expect(data.program.grants.totalCount).toBe(1);
      expect(data.program.grants.pageInfo).toEqual({ hasNextPage: true, endCursor: null });
    });

    it('without first or last, returns the default page of 20', async () => {
      const page = await countries({});
      expect(page.nodes.map((n) => n.code)).toEqual(COUNTRIES_BY_NAME.slice(0, 20));
      expect(page.pageInfo.hasNextPage).toBe(true);
    });
  });

  describe('orderBy', () => {
    it('countries by CODE DESC, walked 4 at a time', async () => {
      const orderBy = [{ field: 'CODE', direction: 'DESC' }];
      const expected = (await countries({ first: 100 })).nodes.map((n) => n.code).sort(cmp).reverse();
      expect(expected).toHaveLength(COUNTRY_COUNT);
      expect([expected[0], expected[COUNTRY_COUNT - 1]]).toEqual(['VN', 'BD']);
      const all = await countries({ first: 100, orderBy });
      expect(all.nodes.map((n) => n.code)).toEqual(expected);
      const pages = await walkForward((after) => countries({ first: 4, after, orderBy }));
      expect(pages.flatMap((p) => p.nodes.map((n) => n.code))).toEqual(expected);
    });

    it('organizations by KIND then NAME DESC, in one request and page by page', async () => {
      const Q = `query ($first: Int, $after: String, $last: Int, $before: String) {
        organizations(first: $first, after: $after, last: $last, before: $before, orderBy: [{ field: KIND }, { field: NAME, direction: DESC }]) {
          totalCount nodes { name kind } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { name kind } }
        }
      }`;
      const orgs = async (vars: Record<string, unknown>) => (await server.data<{ organizations: Page<{ name: string; kind: string }> }>(Q, vars)).organizations;
      const all = await orgs({ first: 100 });
      expect(all.totalCount).toBe(ORGANIZATION_COUNT);
      const expected = [...all.nodes].sort((a, b) => cmp(a.kind, b.kind) || cmp(b.name, a.name)).map((o) => o.name);
      expect(all.nodes.map((o) => o.name)).toEqual(expected);
      // The seed has two ministries, so the second key really decides something.
      const ministries = all.nodes.filter((o) => o.kind === 'MINISTRY').map((o) => o.name);
      expect(ministries).toEqual([...MINISTRIES].reverse());

      const forward = await walkForward((after) => orgs({ first: 3, after }));
      expect(forward.flatMap((p) => p.nodes.map((o) => o.name))).toEqual(expected);
      const backward = await walkBackward((before) => orgs({ last: 2, before }));
      expect([...backward].reverse().flatMap((p) => p.nodes.map((o) => o.name))).toEqual(expected);
    });

    describe('with nulls: nulls last ascending, first descending', () => {
      const Q = `query ($first: Int, $after: String, $last: Int, $before: String, $dir: OrderDirection!) {
        programs(first: $first, after: $after, last: $last, before: $before, orderBy: [{ field: END_DATE, direction: $dir }]) {
          nodes { code endDate } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          totalCount edges { cursor node { code endDate } }
        }
      }`;
      type P = { code: string; endDate: string | null };
      const programs = async (vars: Record<string, unknown>) => (await server.data<{ programs: Page<P> }>(Q, vars)).programs;

      it('the seed has programs with and without an end date', async () => {
        const all = (await programs({ first: 100, dir: 'ASC' })).nodes;
        expect(all).toEqual([{ code: 'COVID19-DIGITAL', endDate: '2022-07-01' }, expect.objectContaining({ endDate: null }), expect.objectContaining({ endDate: null })]);
      });

      for (const dir of ['ASC', 'DESC'] as const) {
        it(`END_DATE ${dir}`, async () => {
          const all = (await programs({ first: 100, dir })).nodes;
          expect(all.map((p) => p.code).sort()).toEqual(PROGRAM_CODES);
          const dated = all.filter((p) => p.endDate != null);
          const undated = all.filter((p) => p.endDate == null);
          const expectedDates = dated.map((p) => p.endDate!).sort(cmp);
          if (dir === 'DESC') expectedDates.reverse();
          expect(dated.map((p) => p.endDate)).toEqual(expectedDates);
          expect(all).toEqual(dir === 'ASC' ? [...dated, ...undated] : [...undated, ...dated]);

          // Cursors sitting on a null value continue correctly in both directions.
          const forward = await walkForward((after) => programs({ first: 1, after, dir }));
          expect(forward.flatMap((p) => p.nodes.map((n) => n.code))).toEqual(all.map((p) => p.code));
          const backward = await walkBackward((before) => programs({ last: 1, before, dir }));
          expect([...backward].reverse().flatMap((p) => p.nodes.map((n) => n.code))).toEqual(all.map((p) => p.code));
        });
      }

      it('meetings by SESSION_NUMBER (one meeting has none), both directions', async () => {
        const MQ = `query ($first: Int, $after: String, $dir: OrderDirection!) {
          meetings(first: $first, after: $after, orderBy: [{ field: SESSION_NUMBER, direction: $dir }]) {
            nodes { title sessionNumber } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount edges { cursor node { title sessionNumber } }
          }
        }`;
        for (const dir of ['ASC', 'DESC']) {
          type M = { title: string; sessionNumber: number | null };
          const fetchPage = async (vars: Record<string, unknown>) => (await server.data<{ meetings: Page<M> }>(MQ, { ...vars, dir })).meetings;
          const all = (await fetchPage({ first: 100 })).nodes;
          expect(all.map((m) => m.sessionNumber)).toEqual(dir === 'ASC' ? [63, null] : [null, 63]);
          const numbered = all.filter((m) => m.sessionNumber != null);
          const unnumbered = all.filter((m) => m.sessionNumber == null);
          const nums = numbered.map((m) => m.sessionNumber!);
          expect(nums).toEqual([...nums].sort((a, b) => (dir === 'ASC' ? a - b : b - a)));
          expect(all).toEqual(dir === 'ASC' ? [...numbered, ...unnumbered] : [...unnumbered, ...numbered]);
          const walked = await walkForward((after) => fetchPage({ first: 1, after }));
          expect(walked.flatMap((p) => p.nodes.map((m) => m.title))).toEqual(all.map((m) => m.title));
        }
      });
    });
  });

  describe('stability under inserts', () => {
    it('page 2 continues right after page 1 even when a row is inserted before the cursor', async () => {
      const orderBy = [{ field: 'NAME', direction: 'ASC' }];
      const before = (await countries({ first: 100, orderBy })).nodes.map((n) => n.code);
      const page1 = await countries({ first: 5, orderBy });
      expect(page1.nodes.map((n) => n.code)).toEqual(before.slice(0, 5));

      // A real ISO code the dataset lacks (codes are validated on output too, so no user-assigned XA).
      expect(before).not.toContain('AQ');
      const em = server.em();
      const inserted = em.create(Country, { id: 'AQ', code: 'AQ', alpha3: 'ATA', name: 'Aaa Test', names: [] } as never);
      await em.flush();
      try {
        // The new row sorts before the cursor: an OFFSET-based page 2 would repeat page 1's last item.
        expect(cmp('Aaa Test', page1.nodes[page1.nodes.length - 1].name)).toBeLessThan(0);
        const page2 = await countries({ first: 5, after: page1.pageInfo.endCursor, orderBy });
        expect(page2.nodes.map((n) => n.code)).toEqual(before.slice(5, 10));
        expect(page2.totalCount).toBe(before.length + 1);
        const rest = await walkForward((after) => countries({ first: 5, after: after ?? page2.pageInfo.endCursor, orderBy }));
        const walked = [...page1.nodes, ...page2.nodes, ...rest.flatMap((p) => p.nodes)].map((n) => n.code);
        expect(walked).toEqual(before);
        // A fresh first page shows the new country.
        expect((await countries({ first: 5, orderBy })).nodes[0].code).toBe('AQ');
      } finally {
        await em.remove(inserted).flush();
      }
      expect((await countries({ first: 100 })).totalCount).toBe(before.length);
    });
  });

  describe('filters', () => {
    type Titles = { totalCount: number; nodes: Array<{ title: string }> };
    const titles = (list: Titles) => list.nodes.map((n) => n.title).sort();

    it('countries by codes', async () => {
      const page = await countries({ first: 100, filter: { codes: ['JP', 'ID', 'TR'] } });
      expect(page.totalCount).toBe(3);
      expect([...page.nodes].sort((a, b) => cmp(a.code, b.code))).toEqual([
        { code: 'ID', name: 'Indonesia' },
        { code: 'JP', name: 'Japan' },
        { code: 'TR', name: 'Türkiye' },
      ]);
    });

    it('countries by name, including a localized (Indonesian) name', async () => {
      for (const name of ['Jepang', 'jepang', 'JEPANG', 'Japan']) {
        const page = await countries({ first: 100, filter: { name } });
        expect(page.nodes.map((n) => n.code)).toEqual(['JP']);
        expect(page.totalCount).toBe(1);
      }
      // Accents are ignored: "Turkiye" finds "Türkiye".
      expect((await countries({ first: 100, filter: { name: 'turki' } })).nodes.map((n) => n.code)).toEqual(['TR']);
      expect((await countries({ first: 100, filter: { name: 'Atlantis' } })).totalCount).toBe(0);
    });

    it('filters combine with pagination: totalCount counts the filter, pages walk the filtered list', async () => {
      const filter = { name: 'a' };
      const all = await countries({ first: 100, filter });
      expect(all.totalCount).toBeGreaterThan(3);
      expect(all.totalCount).toBeLessThan(COUNTRY_COUNT);
      const pages = await walkForward((after) => countries({ first: 2, after, filter }));
      expect(pages.flatMap((p) => p.nodes.map((n) => n.code))).toEqual(all.nodes.map((n) => n.code));
      pages.forEach((p) => expect(p.totalCount).toBe(all.totalCount));
    });

    it('organizations by kinds', async () => {
      const data = await server.data<{ organizations: { totalCount: number; nodes: Array<{ name: string; kind: string }> } }>(`{ organizations(first: 100, filter: { kinds: [MINISTRY, GOVERNMENT] }) { totalCount nodes { name kind } } }`);
      expect(data.organizations.nodes.map((o) => o.name).sort()).toEqual(['Government of Japan', ...MINISTRIES]);
      expect(data.organizations.totalCount).toBe(3);
    });

    it('organizations by parent', async () => {
      type Orgs = { organizations: { nodes: Array<{ id: string; name: string; parent: { acronym: string | null } | null }> } };
      const byName = async (name: string) => (await server.data<Orgs>(`query ($n: String) { organizations(first: 100, filter: { name: $n }) { nodes { id name parent { acronym } } } }`, { n: name })).organizations.nodes;
      const children = async (parent: string) => (await server.data<Orgs>(`query ($p: ID!) { organizations(first: 100, filter: { parent: $p }) { nodes { id name parent { acronym } } } }`, { p: parent })).organizations.nodes;
      const apo = await byName('Asian Productivity Organization');
      expect(apo).toHaveLength(1);
      const ofApo = await children(apo[0].id);
      expect(ofApo.map((o) => o.name).sort()).toEqual(['APO Governing Body', 'APO Secretariat']);
      for (const o of ofApo) expect(o.parent?.acronym).toBe('APO');
      // Only direct children: the Ministry of Manpower's grandchild is not the ministry's child.
      const kemnaker = (await byName('Kemnaker'))[0];
      expect((await children(kemnaker.id)).map((o) => o.name)).toEqual(['Directorate General of Vocational Training and Productivity Development']);
    });

    it('programs active on a day', async () => {
      const codes = async (activeOn: string) =>
        (await server.data<{ programs: { nodes: Array<{ code: string }> } }>(`query ($d: Date) { programs(first: 100, filter: { activeOn: $d }) { nodes { code } } }`, { d: activeOn })).programs.nodes.map((p) => p.code);
      // GP2 is committed, not started (no start date or year); GP has no dates at all.
      expect(await codes('2021-06-09')).toEqual(['COVID19-DIGITAL']);
      // COVID19-DIGITAL ends on 2022-07-01 (extended from 2021-12-01): still running that day, not after.
      expect(await codes('2022-07-01')).toEqual(['COVID19-DIGITAL']);
      expect(await codes('2022-07-02')).toEqual([]);
      expect(await codes('2019-06-01')).toEqual([]); // before its start year 2020
    });

    it('programs by participating country', async () => {
      const programsOf = async (c: string) =>
        (await server.data<{ programs: { totalCount: number; nodes: Array<{ code: string }> } }>(`query ($c: CountryCode) { programs(first: 100, filter: { participatingCountry: $c }) { totalCount nodes { code } } }`, { c })).programs;
      const jp = await programsOf('JP');
      expect(jp.nodes.map((p) => p.code).sort()).toEqual(['COVID19-DIGITAL', 'GP2']);
      expect(jp.totalCount).toBe(2);
      expect((await programsOf('HK')).totalCount).toBe(0); // Hong Kong is suspended and takes part in none
    });

    it('meetings by kinds and by session number', async () => {
      const meetings = async (filter: string) => (await server.data<{ meetings: Titles }>(`{ meetings(first: 100, filter: ${filter}) { totalCount nodes { title } } }`)).meetings;
      const preparatory = 'Preparatory teleconference for the 63rd APO Governing Body Meeting';
      const gbm = '63rd Session of the APO Governing Body';
      const byKind = await meetings('{ kinds: [PREPARATORY] }');
      expect(titles(byKind)).toEqual([preparatory]);
      expect(byKind.totalCount).toBe(1);
      // The preparatory meeting has no session number of its own.
      expect(titles(await meetings('{ sessionNumber: 63 }'))).toEqual([gbm]);
      expect(await meetings('{ sessionNumber: 64 }')).toEqual({ totalCount: 0, nodes: [] });
      expect((await meetings('{ kinds: [PREPARATORY], sessionNumber: 63 }')).totalCount).toBe(0);
      expect(titles(await meetings('{ kinds: [PREPARATORY, GOVERNING_BODY_MEETING] }'))).toEqual([gbm, preparatory]);
    });

    it('decisions by program', async () => {
      const expected: Array<[string, string[]]> = [
        ['GP2', ['Commitment to implement Green Productivity 2.0 in all member economies']],
        ['COVID19-DIGITAL', ['Extension of the APO COVID-19 digital capability program to 1 July 2022']],
        ['GP', []],
      ];
      for (const [code, decisionTitles] of expected) {
        const { program } = await server.data<{ program: { id: string } }>(`query ($c: String) { program(code: $c) { id } }`, { c: code });
        const data = await server.data<{ decisions: Titles & { nodes: Array<{ programs: Array<{ code: string }> }> } }>(`query ($p: ID) { decisions(first: 100, filter: { program: $p }) { totalCount nodes { title programs { code } } } }`, { p: program.id });
        expect(titles(data.decisions), code).toEqual(decisionTitles);
        expect(data.decisions.totalCount).toBe(decisionTitles.length);
        for (const d of data.decisions.nodes) expect(d.programs.map((p) => p.code)).toContain(code);
      }
    });

    it('grants by donor', async () => {
      const orgs = (await server.data<{ organizations: { nodes: Array<{ id: string; name: string }> } }>(`{ organizations(first: 100) { nodes { id name } } }`)).organizations.nodes;
      expect(orgs).toHaveLength(ORGANIZATION_COUNT);
      for (const org of orgs) {
        const data = await server.data<{ grants: Titles }>(`query ($d: ID) { grants(first: 100, filter: { donor: $d }) { totalCount nodes { title } } }`, { d: org.id });
        // The bundled dataset has one grant, from the Government of Japan.
        const expected = org.name === 'Government of Japan' ? [JAPAN_GRANT] : [];
        expect(titles(data.grants), org.name).toEqual(expected);
        expect(data.grants.totalCount).toBe(expected.length);
      }
    });
  });

  describe('nested connection Program.grants', () => {
    type Grants = { totalCount: number; edges: Array<{ cursor: string; node: { title: string } }>; nodes: Array<{ title: string }>; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } };
    const grantsOf = async (code: string, first?: number, after?: string | null) =>
      (await server.data<{ program: { grants: Grants } }>(`query ($c: String, $first: Int, $after: String) { program(code: $c) { grants(first: $first, after: $after) {
        totalCount edges { cursor node { title } } nodes { title } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`, { c: code, first, after })).program.grants;

    it('lists a program\'s grants with totalCount', async () => {
      for (const code of PROGRAM_CODES) {
        const grants = await grantsOf(code);
        const expected = code === 'GP2' ? [JAPAN_GRANT] : [];
        expect(grants.nodes.map((g) => g.title), code).toEqual(expected);
        expect(grants.totalCount).toBe(expected.length);
        expect(grants.pageInfo.hasNextPage).toBe(false);
      }
    });

    it('pages the nested list with cursors, agreeing with the unpaged list', async () => {
      // Two more grants for COVID19-DIGITAL, so its nested list has pages to walk.
      const em = server.em();
      const extra = ['Nested grant A', 'Nested grant B'].map((title, i) => em.create(FundingGrant, {
        id: `nested-grant-${i}`, title, donor: 'kemnaker', program: 'covid19-digital', status: GrantStatus.COMMITTED, amountE4: null, currency: null, awardedOn: null,
      } as never));
      await em.flush();
      try {
        const all = await grantsOf('COVID19-DIGITAL');
        expect(all.nodes.map((g) => g.title).sort()).toEqual(['Nested grant A', 'Nested grant B']);
        const first = await grantsOf('COVID19-DIGITAL', 1);
        expect(first.edges).toHaveLength(1);
        expect(first.pageInfo.hasNextPage).toBe(true);
        const next = await grantsOf('COVID19-DIGITAL', 1, first.pageInfo.endCursor);
        expect([first.edges[0].node.title, ...next.nodes.map((g) => g.title)]).toEqual(all.nodes.map((g) => g.title));
        expect(next.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      } finally {
        await em.remove(extra).flush();
      }
    });
  });
});
