import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Country } from '../../server/src/modules/country/country.entity';
import { walkBackward, walkForward, type Page } from '../helpers/pages';
import { databases, startServer, type TestServer } from '../helpers/server';

/** The bundled dataset, read from the same YAML files the server seeds from. */
const seed = (file: string): Array<Record<string, any>> =>
  parse(readFileSync(join(__dirname, '..', '..', 'server', 'data', file), 'utf8'));
const SEED_COUNTRIES = seed('countries.yaml');
const SEED_ORGANIZATIONS = seed('organizations.yaml');
const SEED_PROGRAMS = seed('programs.yaml');
const SEED_MEETINGS = seed('meetings.yaml');
const SEED_DECISIONS = seed('decisions.yaml');
const SEED_GRANTS = seed('grants.yaml');

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
      expect(all.totalCount).toBe(SEED_COUNTRIES.length);
      expect(all.nodes.map((c) => c.code).sort()).toEqual(SEED_COUNTRIES.map((c) => c.id).sort());
      expect(all.pageInfo.hasNextPage).toBe(false);

      const pages = await walkForward((after) => countries({ first: 5, after }));
      expect(pages).toHaveLength(Math.ceil(SEED_COUNTRIES.length / 5));
      const walked = pages.flatMap((p) => p.nodes.map((n) => n.code));
      expect(new Set(walked).size).toBe(walked.length); // no overlap
      expect(walked).toEqual(all.nodes.map((n) => n.code)); // no gap, same order

      pages.forEach((page, i) => {
        expect(page.totalCount).toBe(SEED_COUNTRIES.length);
        expect(page.nodes.length).toBe(i < pages.length - 1 ? 5 : SEED_COUNTRIES.length - 5 * (pages.length - 1));
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
    });

    it('backwards with last:5 and before yields the same list', async () => {
      const all = (await countries({ first: 100 })).nodes.map((n) => n.code);
      const pages = await walkBackward((before) => countries({ last: 5, before }));
      expect(pages).toHaveLength(Math.ceil(all.length / 5));
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
      expect(page.totalCount).toBe(SEED_COUNTRIES.length);
      expect(page.pageInfo.startCursor).toBeNull();
      expect(page.pageInfo.endCursor).toBeNull();
    });

    it('first:0 reports that items follow (Relay: more edges than `first` means hasNextPage)', async () => {
      const page = await countries({ first: 0 });
      expect(page.totalCount).toBeGreaterThan(0);
      expect(page.pageInfo.hasNextPage).toBe(true);
    });

    it('first:0 on the nested Program.grants reports that items follow', async () => {
      const data = await server.data(`{ program(code: "GP2") { grants(first: 0) { totalCount nodes { title } pageInfo { hasNextPage endCursor } } } }`);
      expect(data.program.grants.nodes).toEqual([]);
      expect(data.program.grants.totalCount).toBeGreaterThan(0);
      expect(data.program.grants.pageInfo).toEqual({ hasNextPage: true, endCursor: null });
    });

    it('without first or last, returns the default page of 20', async () => {
      const page = await countries({});
      expect(page.nodes).toHaveLength(Math.min(20, SEED_COUNTRIES.length));
      expect(page.pageInfo.hasNextPage).toBe(SEED_COUNTRIES.length > 20);
    });
  });

  describe('orderBy', () => {
    it('countries by CODE DESC, walked 4 at a time', async () => {
      const orderBy = [{ field: 'CODE', direction: 'DESC' }];
      const expected = SEED_COUNTRIES.map((c) => c.id as string).sort(cmp).reverse();
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
      expect(all.totalCount).toBe(SEED_ORGANIZATIONS.length);
      const expected = [...all.nodes].sort((a, b) => cmp(a.kind, b.kind) || cmp(b.name, a.name)).map((o) => o.name);
      expect(all.nodes.map((o) => o.name)).toEqual(expected);
      // The seed has two ministries, so the second key really decides something.
      const ministries = all.nodes.filter((o) => o.kind === 'MINISTRY').map((o) => o.name);
      expect(ministries.length).toBeGreaterThan(1);
      expect(ministries).toEqual([...ministries].sort(cmp).reverse());

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

      it('the seed has programs with and without an end date', () => {
        expect(SEED_PROGRAMS.some((p) => p.endDate == null)).toBe(true);
        expect(SEED_PROGRAMS.some((p) => p.endDate != null)).toBe(true);
      });

      for (const dir of ['ASC', 'DESC'] as const) {
        it(`END_DATE ${dir}`, async () => {
          const all = (await programs({ first: 100, dir })).nodes;
          expect(all.map((p) => p.code).sort()).toEqual(SEED_PROGRAMS.map((p) => p.code).sort());
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
        expect(SEED_MEETINGS.some((m) => m.sessionNumber == null)).toBe(true);
        for (const dir of ['ASC', 'DESC']) {
          type M = { title: string; sessionNumber: number | null };
          const fetchPage = async (vars: Record<string, unknown>) => (await server.data<{ meetings: Page<M> }>(MQ, { ...vars, dir })).meetings;
          const all = (await fetchPage({ first: 100 })).nodes;
          expect(all).toHaveLength(SEED_MEETINGS.length);
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
    it('countries by codes', async () => {
      const page = await countries({ first: 100, filter: { codes: ['JP', 'ID', 'TR'] } });
      expect(page.totalCount).toBe(3);
      expect(page.nodes.map((n) => n.code).sort()).toEqual(['ID', 'JP', 'TR']);
      const names = Object.fromEntries(SEED_COUNTRIES.map((c) => [c.id, c.name]));
      for (const n of page.nodes) expect(n.name).toBe(names[n.code]);
    });

    it('countries by name, including a localized (Indonesian) name', async () => {
      const jepang = SEED_COUNTRIES.find((c) => c.names?.some((n: any) => n.lang === 'id' && n.name === 'Jepang'));
      expect(jepang?.id).toBe('JP');
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
      expect(all.totalCount).toBeLessThanOrEqual(SEED_COUNTRIES.length);
      const pages = await walkForward((after) => countries({ first: 2, after, filter }));
      expect(pages.flatMap((p) => p.nodes.map((n) => n.code))).toEqual(all.nodes.map((n) => n.code));
      pages.forEach((p) => expect(p.totalCount).toBe(all.totalCount));
    });

    it('organizations by kinds', async () => {
      const data = await server.data(`{ organizations(first: 100, filter: { kinds: [MINISTRY, GOVERNMENT] }) { totalCount nodes { name kind } } }`);
      const expected = SEED_ORGANIZATIONS.filter((o) => ['MINISTRY', 'GOVERNMENT'].includes(o.kind)).map((o) => o.name).sort();
      expect(expected.length).toBeGreaterThan(1);
      expect(data.organizations.nodes.map((o: any) => o.name).sort()).toEqual(expected);
      expect(data.organizations.totalCount).toBe(expected.length);
    });

    it('organizations by parent', async () => {
      const apo = (await server.data(`{ organizations(first: 100, filter: { name: "Asian Productivity Organization" }) { nodes { id acronym } } }`)).organizations.nodes;
      expect(apo).toHaveLength(1);
      const data = await server.data(`query ($p: ID!) { organizations(first: 100, filter: { parent: $p }) { totalCount nodes { name parent { acronym } } } }`, { p: apo[0].id });
      const expected = SEED_ORGANIZATIONS.filter((o) => o.parent === 'apo').map((o) => o.name).sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(data.organizations.nodes.map((o: any) => o.name).sort()).toEqual(expected);
      for (const o of data.organizations.nodes) expect(o.parent.acronym).toBe('APO');
      // Only direct children: the Ministry of Manpower's grandchild is not the ministry's child.
      const kemnaker = (await server.data(`{ organizations(first: 100, filter: { name: "Kemnaker" }) { nodes { id } } }`)).organizations.nodes[0];
      const kids = await server.data(`query ($p: ID!) { organizations(first: 100, filter: { parent: $p }) { nodes { name } } }`, { p: kemnaker.id });
      expect(kids.organizations.nodes.map((o: any) => o.name)).toEqual(SEED_ORGANIZATIONS.filter((o) => o.parent === 'kemnaker').map((o) => o.name));
    });

    it('programs active on a day', async () => {
      const codes = async (activeOn: string) =>
        (await server.data(`query ($d: Date) { programs(first: 100, filter: { activeOn: $d }) { nodes { code } } }`, { d: activeOn })).programs.nodes.map((p: any) => p.code);
      const onGbmDay = await codes('2021-06-09');
      expect(onGbmDay).toContain('COVID19-DIGITAL');
      expect(onGbmDay).not.toContain('GP2'); // committed, not started: no start date or year
      // COVID19-DIGITAL ends on 2022-07-01 (extended from 2021-12-01): still running that day, not after.
      const covid = SEED_PROGRAMS.find((p) => p.code === 'COVID19-DIGITAL')!;
      expect(await codes(covid.endDate)).toContain('COVID19-DIGITAL');
      expect(await codes('2022-07-02')).not.toContain('COVID19-DIGITAL');
      expect(await codes('2019-06-01')).not.toContain('COVID19-DIGITAL'); // before its start year 2020
    });

    it('programs by participating country', async () => {
      const codes = async (c: string) =>
        (await server.data(`query ($c: CountryCode) { programs(first: 100, filter: { participatingCountry: $c }) { totalCount nodes { code } } }`, { c })).programs;
      const jp = await codes('JP');
      const expected = SEED_PROGRAMS.filter((p) => (p.participatingCountries ?? []).includes('JP')).map((p) => p.code).sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(jp.nodes.map((p: any) => p.code).sort()).toEqual(expected);
      expect(jp.totalCount).toBe(expected.length);
      expect((await codes('HK')).totalCount).toBe(0); // Hong Kong is suspended and takes part in none
    });

    it('meetings by kinds and by session number', async () => {
      const byKind = await server.data(`{ meetings(first: 100, filter: { kinds: [PREPARATORY] }) { totalCount nodes { title kind } } }`);
      const preparatory = SEED_MEETINGS.filter((m) => m.kind === 'PREPARATORY').map((m) => m.title);
      expect(byKind.meetings.nodes.map((m: any) => m.title)).toEqual(preparatory);
      expect(byKind.meetings.totalCount).toBe(preparatory.length);

      const bySession = await server.data(`{ meetings(first: 100, filter: { sessionNumber: 63 }) { totalCount nodes { title sessionNumber } } }`);
      expect(bySession.meetings.nodes.map((m: any) => m.title)).toEqual(SEED_MEETINGS.filter((m) => m.sessionNumber === 63).map((m) => m.title));
      const none = await server.data(`{ meetings(first: 100, filter: { sessionNumber: 64 }) { totalCount nodes { title } } }`);
      expect(none.meetings).toEqual({ totalCount: 0, nodes: [] });
      const both = await server.data(`{ meetings(first: 100, filter: { kinds: [PREPARATORY], sessionNumber: 63 }) { totalCount } }`);
      expect(both.meetings.totalCount).toBe(SEED_MEETINGS.filter((m) => m.kind === 'PREPARATORY' && m.sessionNumber === 63).length);
    });

    it('decisions by program', async () => {
      for (const [code, key] of [['GP2', 'green-productivity-2'], ['COVID19-DIGITAL', 'covid19-digital'], ['GP', 'green-productivity']]) {
        const { program } = await server.data(`query ($c: String) { program(code: $c) { id } }`, { c: code });
        const data = await server.data(`query ($p: ID) { decisions(first: 100, filter: { program: $p }) { totalCount nodes { title programs { code } } } }`, { p: program.id });
        const expected = SEED_DECISIONS.filter((d) => d.programs.includes(key)).map((d) => d.title).sort();
        expect(data.decisions.nodes.map((d: any) => d.title).sort()).toEqual(expected);
        expect(data.decisions.totalCount).toBe(expected.length);
        for (const d of data.decisions.nodes) expect(d.programs.map((p: any) => p.code)).toContain(code);
      }
    });

    it('grants by donor', async () => {
      const orgs = (await server.data(`{ organizations(first: 100) { nodes { id name } } }`)).organizations.nodes as Array<{ id: string; name: string }>;
      const orgName = Object.fromEntries(SEED_ORGANIZATIONS.map((o) => [o.id, o.name]));
      for (const org of orgs) {
        const data = await server.data(`query ($d: ID) { grants(first: 100, filter: { donor: $d }) { totalCount nodes { title donor { name } } } }`, { d: org.id });
        const expected = SEED_GRANTS.filter((g) => orgName[g.donor] === org.name).map((g) => g.title).sort();
        expect(data.grants.nodes.map((g: any) => g.title).sort()).toEqual(expected);
        expect(data.grants.totalCount).toBe(expected.length);
      }
      expect(SEED_GRANTS.length).toBeGreaterThan(0);
    });
  });

  describe('nested connection Program.grants', () => {
    it('lists a program\'s grants with totalCount', async () => {
      for (const p of SEED_PROGRAMS) {
        const data = await server.data(`query ($c: String) { program(code: $c) { grants { totalCount nodes { title } pageInfo { hasNextPage } } } }`, { c: p.code });
        const expected = SEED_GRANTS.filter((g) => g.program === p.id).map((g) => g.title).sort();
        expect(data.program.grants.nodes.map((g: any) => g.title).sort()).toEqual(expected);
        expect(data.program.grants.totalCount).toBe(expected.length);
        expect(data.program.grants.pageInfo.hasNextPage).toBe(false);
      }
      const gp2 = await server.data(`{ program(code: "GP2") { grants { totalCount nodes { title } } } }`);
      expect(gp2.program.grants.totalCount).toBeGreaterThan(0);
    });

    it('pages the nested list with cursors', async () => {
      const data = await server.data(`{ program(code: "GP2") { grants(first: 1) { totalCount edges { cursor node { title } } pageInfo { hasNextPage endCursor } } } }`);
      const first = data.program.grants;
      expect(first.edges).toHaveLength(1);
      const next = await server.data(`query ($a: String) { program(code: "GP2") { grants(first: 1, after: $a) { nodes { title } pageInfo { hasNextPage hasPreviousPage } } } }`, { a: first.pageInfo.endCursor });
      const walked = [first.edges[0].node.title, ...next.program.grants.nodes.map((g: any) => g.title)];
      expect(new Set(walked).size).toBe(walked.length);
      expect(walked.length).toBe(Math.min(first.totalCount, 2));
      expect(next.program.grants.pageInfo.hasPreviousPage).toBe(true);
    });
  });
});
