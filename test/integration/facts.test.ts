import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, gid, startServer, type TestServer } from '../helpers/server';

/** The article's list of the 63rd GBM's 20 economies, in its own (Indonesian) words, and what each means. */
const ARTICLE_LIST: Record<string, string> = {
  Indonesia: 'ID', Filipina: 'PH', Vietnam: 'VN', Srilangka: 'LK', Singapura: 'SG', Thailand: 'TH', Kamboja: 'KH',
  Mongolia: 'MN', Bangladesh: 'BD', Jepang: 'JP', Turki: 'TR', Malaysia: 'MY', Fiji: 'FJ', India: 'IN', RRT: 'TW',
  Nepal: 'NP', 'Republik Korea': 'KR', Pakistan: 'PK', Laos: 'LA', Iran: 'IR',
};
const JOIN_YEARS: Record<string, number> = {
  PH: 1961, TH: 1961, JP: 1961, IN: 1961, TW: 1961, NP: 1961, KR: 1961, PK: 1961, IR: 1965, LK: 1966, ID: 1968,
  SG: 1969, BD: 1982, MY: 1983, FJ: 1984, MN: 1992, VN: 1996, LA: 2002, KH: 2004, TR: 2020, HK: 1963,
};
const DATA = join(__dirname, '..', '..', 'server', 'data');
const SOURCES = parse(readFileSync(join(DATA, 'sources.yaml'), 'utf8')) as Array<{ id: string; title: string; textFile?: string }>;
const REPUBLIKA = SOURCES.find((s) => s.id === 'republika-2021-06-10-apo')!;
// The article's text as the repository keeps it, beside the data that cites it.
const ARTICLE = readFileSync(join(DATA, REPUBLIKA.textFile!), 'utf8');
const ARTICLE_TITLE = REPUBLIKA.title;

const CITATIONS = 'citations { field excerpt status correctedValue source { title publisher } }';
/** A citation as most tests here read it (CITATIONS). */
interface Citation { field: string | null; excerpt: string; status: string; correctedValue: string | null; source: { title: string; publisher: string | null } }
/** A citation as the corrections below read it: where it comes from and what it is about. */
interface Cited { field: string | null; excerpt: string; status: string; correctedValue: string | null; source: { title: string }; subject: { __typename: string; id: string } | null }
const CITED = 'field excerpt status correctedValue source { title } subject { __typename id }';

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  beforeAll(async () => { server = await startServer(db); });
  afterAll(() => server?.close());

  describe('the 63rd Governing Body Meeting', () => {
    it('was attended by the 20 economies the article lists, chaired by Zakia Sultana', async () => {
      type Gbm = {
        startDate: string; chair: { name: string; roles: Array<{ country: { code: string } | null }> }; attendingCountries: Array<{ code: string }>;
        children: unknown[]; organization: { parent: { acronym: string } }; citations: Citation[];
      };
      const { meetings } = await server.data<{ meetings: { nodes: Gbm[] } }>(`{ meetings(filter: { sessionNumber: 63, kinds: [GOVERNING_BODY_MEETING] }) {
        nodes { title startDate endDate modality platform durationMinutes
          chair { name roles { title country { code } organization { name } } }
          attendingCountries { code }
          children { kind startDate chair { name } }
          organization { name parent { acronym } }
          ${CITATIONS} } } }`);
      expect(meetings.nodes).toHaveLength(1);
      const gbm = meetings.nodes[0];
      expect(gbm.attendingCountries.map((c) => c.code).sort()).toEqual(Object.values(ARTICLE_LIST).sort());
      expect(gbm.chair.name).toBe('Zakia Sultana');
      expect(gbm.chair.roles.map((r) => r.country?.code)).toEqual(['BD', 'BD']);
      expect(gbm).toMatchObject({ startDate: '2021-06-08', endDate: '2021-06-09', modality: 'VIRTUAL', platform: 'Zoom', durationMinutes: 240 });
      expect(gbm.organization.parent.acronym).toBe('APO');
      expect(gbm.children).toEqual([{ kind: 'PREPARATORY', startDate: '2021-06-07', chair: { name: 'Zakia Sultana' } }]);
      expect(gbm.citations.some((c) => c.source.title === ARTICLE_TITLE && ARTICLE.includes(c.excerpt))).toBe(true);
    });

    it('took the two decisions the article reports, each cited', async () => {
      type Decision = { kind: string; programs: Array<{ code: string }>; citations: Citation[] };
      const { meetings } = await server.data<{ meetings: { nodes: Array<{ decisions: Decision[] }> } }>(`{ meetings(filter: { sessionNumber: 63 }) { nodes { decisions { kind result programs { code } ${CITATIONS} } } } }`);
      const decisions = meetings.nodes[0].decisions;
      expect(decisions.map((d) => [d.kind, d.programs.map((p) => p.code)]).sort()).toEqual([
        ['ENDORSEMENT', ['GP2']],
        ['EXTENSION', ['COVID19-DIGITAL']],
      ]);
      for (const d of decisions) expect(d.citations.some((c) => ARTICLE.includes(c.excerpt))).toBe(true);
    });
  });

  describe('names in the article', () => {
    it('"Jepang" is Japan, found by search', async () => {
      const { search } = await server.data<{ search: Array<{ code: string; name: string; names: Array<{ lang: string; name: string }> }> }>(`{ search(query: "Jepang", types: [COUNTRY]) { ... on Country { code name names { lang name } } } }`);
      expect(search[0]).toMatchObject({ code: 'JP', name: 'Japan' });
      expect(search[0].names).toContainEqual({ lang: 'id', name: 'Jepang' });
    });

    it('every economy in the article\'s list is found by the article\'s Indonesian name', async () => {
      for (const [name, code] of Object.entries(ARTICLE_LIST)) {
        const { countries } = await server.data<{ countries: { nodes: Array<{ code: string }> } }>(`query ($name: String) { countries(filter: { name: $name }) { nodes { code } } }`, { name });
        expect(countries.nodes.map((c) => c.code), name).toContain(code);
      }
    });
  });

  // Each known error of the article is kept as written, as a DISPUTED citation of the article on the record it is about.
  describe('what the article gets wrong', () => {
    it('"RRT" is recorded as written but disputed: the APO member is the Republic of China (TW)', async () => {
      const { search } = await server.data<{ search: Array<{ id: string; code: string; name: string; names: Array<{ name: string }>; citations: Cited[] }> }>(
        `{ search(query: "RRT", types: [COUNTRY]) { ... on Country { id code name names { name } citations(status: DISPUTED) { ${CITED} } } } }`,
      );
      const tw = search[0];
      expect(tw).toMatchObject({ code: 'TW', name: 'Republic of China' });
      expect(tw.names.map((n) => n.name)).toContain('RRT');
      expect(tw.citations).toEqual([
        { field: 'names', excerpt: 'India, RRT, Nepal', status: 'DISPUTED', correctedValue: 'Republic of China (TW)', source: { title: ARTICLE_TITLE }, subject: { __typename: 'Country', id: tw.id } },
      ]);
      expect(ARTICLE).toContain(tw.citations[0].excerpt);
    });

    it('"Ghazmadhadi", twice in the article, is Ghazmahadi, found by the misspelling', async () => {
      const { people } = await server.data<{ people: { nodes: Array<{ id: string; name: string; otherNames: Array<{ name: string }>; citations: Cited[] }> } }>(
        `{ people(filter: { name: "Ghazmadhadi" }) { nodes { id name otherNames { name } citations(status: DISPUTED) { ${CITED} } } } }`,
      );
      expect(people.nodes).toHaveLength(1);
      const person = people.nodes[0];
      expect(person.name).toBe('Ghazmahadi');
      expect(person.otherNames.map((n) => n.name)).toContain('Ghazmadhadi');
      const subject = { __typename: 'Person', id: person.id };
      expect([...person.citations].sort((a, b) => a.excerpt.localeCompare(b.excerpt))).toEqual([
        { field: 'name', excerpt: 'kata Ghazmadhadi dalam keterangannya', status: 'DISPUTED', correctedValue: 'Ghazmahadi', source: { title: ARTICLE_TITLE }, subject },
        { field: 'name', excerpt: 'Menurut Ghazmadhadi', status: 'DISPUTED', correctedValue: 'Ghazmahadi', source: { title: ARTICLE_TITLE }, subject },
      ]);
      for (const c of person.citations) expect(ARTICLE).toContain(c.excerpt);
    });

    it('"Binalatvoktas" is the directorate general Binalavotas, under Kemnaker, found by the misspelling', async () => {
      const { organizations } = await server.data<{ organizations: { nodes: Array<{ id: string; acronym: string; parent: { acronym: string }; citations: Cited[] }> } }>(
        `{ organizations(filter: { name: "Binalatvoktas" }) { nodes { id acronym parent { acronym } citations(status: DISPUTED) { ${CITED} } } } }`,
      );
      expect(organizations.nodes).toHaveLength(1);
      const dg = organizations.nodes[0];
      expect(dg).toMatchObject({ acronym: 'Binalavotas', parent: { acronym: 'Kemnaker' } });
      expect(dg.citations).toEqual([
        { field: 'name', excerpt: 'Ditjen Binalatvoktas', status: 'DISPUTED', correctedValue: 'Binalavotas', source: { title: ARTICLE_TITLE }, subject: { __typename: 'Organization', id: dg.id } },
      ]);
      expect(ARTICLE).toContain(dg.citations[0].excerpt);
    });

    it('the chair\'s country: the article says Vietnam, she is Bangladesh\'s Secretary of Industries', async () => {
      const { people } = await server.data<{ people: { nodes: Array<{ name: string; roles: Array<{ id: string; title: string; country: { code: string; name: string } | null; organization: { id: string; country: { code: string } | null }; citations: Cited[] }> }> } }>(
        `{ people(filter: { name: "Zakia Sultana" }) { nodes { name roles { id title country { code name } organization { id country { code } } citations(status: DISPUTED) { ${CITED} } } } } }`,
      );
      expect(people.nodes.map((p) => p.name)).toEqual(['Zakia Sultana']);
      const secretary = people.nodes[0].roles.find((r) => r.organization.id === gid('Organization', 'bd-ministry-of-industries'));
      expect(secretary, 'her role at the Ministry of Industries').toBeDefined();
      expect(secretary!.title).toMatch(/Secretary/);
      expect(secretary!.country).toEqual({ code: 'BD', name: 'Bangladesh' });
      expect(secretary!.organization.country?.code).toBe('BD');
      const onCountry = secretary!.citations.filter((c) => c.field === 'country');
      expect(onCountry).toEqual([expect.objectContaining({ status: 'DISPUTED', correctedValue: 'BD', source: { title: ARTICLE_TITLE }, subject: { __typename: 'Role', id: secretary!.id } })]);
      expect(onCountry[0].excerpt).toContain('Zakia Sultana');
      expect(onCountry[0].excerpt).toContain('Vietnam');
      expect(ARTICLE).toContain(onCountry[0].excerpt);
    });
  });

  describe('programs and their history', () => {
    it('the COVID-19 program was to end 1 Dec 2021 before the 63rd GBM and 1 Jul 2022 after, by its extension decision', async () => {
      const { program } = await server.data<{ program: { endDate: string; before: string; after: string; amendments: unknown[] } }>(`{ program(code: "COVID19-DIGITAL") {
        endDate before: endDate(asOf: "2021-06-01") after: endDate(asOf: "2021-06-10")
        amendments { field previousValue newValue effectiveOn decision { kind meeting { sessionNumber } } ${CITATIONS} } } }`);
      expect(program.before).toBe('2021-12-01');
      expect(program.after).toBe('2022-07-01');
      expect(program.endDate).toBe('2022-07-01');
      expect(program.amendments).toHaveLength(1);
      expect(program.amendments[0]).toMatchObject({ field: 'endDate', previousValue: '2021-12-01', newValue: '2022-07-01', decision: { kind: 'EXTENSION', meeting: { sessionNumber: 63 } } });
    });

    it('Green Productivity 2.0 succeeds Green Productivity and is funded by Japan\'s Special Cash Grant, amount unknown', async () => {
      type Grant = { mechanism: string; citations: Citation[] };
      const { program } = await server.data<{ program: { predecessor: { successors: Array<{ code: string }> }; grants: { totalCount: number; nodes: Grant[] } } }>(`{ program(code: "GP2") { title predecessor { code successors { code } }
        grants { totalCount nodes { mechanism amount { amount currency } donor { name country { code } } ${CITATIONS} } } } }`);
      expect(program.predecessor.successors.map((p) => p.code)).toContain('GP2');
      expect(program.grants.totalCount).toBe(1);
      const grant = program.grants.nodes[0];
      expect(grant).toMatchObject({ mechanism: 'Special Cash Grant', amount: null, donor: { country: { code: 'JP' } } });
      const cited = grant.citations.find((c) => /Special Cash Grant/.test(c.excerpt));
      expect(cited, 'a citation naming the Special Cash Grant').toBeDefined();
      expect(ARTICLE).toContain(cited!.excerpt);
    });
  });

  describe('APO membership', () => {
    it('records each member\'s join year, with Hong Kong suspended', async () => {
      type Membership = { country: { code: string }; joinedOn: string; joinedOnPrecision: string; status: string };
      const { organizations } = await server.data<{ organizations: { nodes: Array<{ acronym: string | null; memberships: Membership[] }> } }>(`{ organizations(filter: { kinds: [INTERGOVERNMENTAL_ORGANIZATION] }) { nodes { acronym
        memberships { country { code } joinedOn joinedOnPrecision status } } } }`);
      const memberships = organizations.nodes.find((o) => o.acronym === 'APO')?.memberships ?? [];
      const years = Object.fromEntries(memberships.map((m) => [m.country.code, Number(m.joinedOn.slice(0, 4))]));
      expect(years).toEqual(JOIN_YEARS);
      expect(memberships.find((m) => m.country.code === 'HK')?.status).toBe('SUSPENDED');
      expect(memberships.filter((m) => m.status === 'ACTIVE')).toHaveLength(20);
      expect(memberships.every((m) => m.joinedOnPrecision === 'YEAR')).toBe(true);
    });

    it('Indonesia\'s ministry chain is Kemnaker > Binalavotas > the productivity directorate, led by Ghazmahadi', async () => {
      type Role = { acting: boolean; country: { code: string } | null; organization: { kind: string; parent: unknown } };
      const { people } = await server.data<{ people: { nodes: Array<{ roles: Role[] }> } }>(`{ people(filter: { name: "Ghazmahadi" }) { nodes { roles { title acting country { code } organization { kind parent { acronym parent { acronym } } } } } } }`);
      const roles = people.nodes[0].roles;
      expect(roles.find((r) => r.organization.kind === 'DIRECTORATE')?.organization.parent).toMatchObject({ acronym: 'Binalavotas', parent: { acronym: 'Kemnaker' } });
      expect(roles.find((r) => r.acting)).toMatchObject({ country: { code: 'ID' } });
    });
  });

  describe('sources', () => {
    it('every citation of the article quotes it verbatim', async () => {
      type Source = { title: string; citations: Array<{ excerpt: string; subject: { id: string } | null }> };
      const { sources } = await server.data<{ sources: { nodes: Source[] } }>(`{ sources(first: 10) { nodes { title publisher language publishedAt citations { excerpt subject { id } } } } }`);
      const article = sources.nodes.find((s) => s.title === ARTICLE_TITLE);
      expect(article).toMatchObject({ publisher: 'Republika', language: 'id', publishedAt: '2021-06-10T13:18:00.000Z' });
      expect(article!.citations.length).toBeGreaterThan(20);
      for (const c of article!.citations) {
        expect(ARTICLE, c.excerpt).toContain(c.excerpt);
        expect(c.subject?.id).toBeTruthy();
      }
    });
  });
});
