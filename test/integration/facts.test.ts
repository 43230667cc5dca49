import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startServer, type TestServer } from '../helpers/server';

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

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  beforeAll(async () => { server = await startServer(db); });
  afterAll(() => server?.close());

  describe('the 63rd Governing Body Meeting', () => {
    it('was attended by the 20 economies the article lists, chaired by Zakia Sultana', async () => {
      const { meetings } = await server.data(`{ meetings(filter: { sessionNumber: 63, kinds: [GOVERNING_BODY_MEETING] }) {
        nodes { title startDate endDate modality platform durationMinutes
          chair { name roles { title country { code } organization { name } } }
          attendingCountries { code }
          children { kind startDate chair { name } }
          organization { name parent { acronym } }
          ${CITATIONS} } } }`);
      expect(meetings.nodes).toHaveLength(1);
      const gbm = meetings.nodes[0];
      expect(gbm.attendingCountries.map((c: any) => c.code).sort()).toEqual(Object.values(ARTICLE_LIST).sort());
      expect(gbm.chair.name).toBe('Zakia Sultana');
      expect(gbm.chair.roles.map((r: any) => r.country?.code)).toEqual(['BD', 'BD']);
      expect(gbm).toMatchObject({ startDate: '2021-06-08', endDate: '2021-06-09', modality: 'VIRTUAL', platform: 'Zoom', durationMinutes: 240 });
      expect(gbm.organization.parent.acronym).toBe('APO');
      expect(gbm.children).toEqual([{ kind: 'PREPARATORY', startDate: '2021-06-07', chair: { name: 'Zakia Sultana' } }]);
      expect(gbm.citations.some((c: any) => c.source.title === ARTICLE_TITLE && ARTICLE.includes(c.excerpt))).toBe(true);
    });

    it('took the two decisions the article reports, each cited', async () => {
      const { meetings } = await server.data(`{ meetings(filter: { sessionNumber: 63 }) { nodes { decisions { kind result programs { code } ${CITATIONS} } } } }`);
      const decisions = meetings.nodes[0].decisions;
      expect(decisions.map((d: any) => [d.kind, d.programs.map((p: any) => p.code)]).sort()).toEqual([
        ['ENDORSEMENT', ['GP2']],
        ['EXTENSION', ['COVID19-DIGITAL']],
      ]);
      for (const d of decisions) expect(d.citations.some((c: any) => ARTICLE.includes(c.excerpt))).toBe(true);
    });
  });

  describe('names in the article', () => {
    it('"Jepang" is Japan, found by search', async () => {
      const { search } = await server.data(`{ search(query: "Jepang", types: [COUNTRY]) { ... on Country { code name names { lang name } } } }`);
      expect(search[0]).toMatchObject({ code: 'JP', name: 'Japan' });
      expect(search[0].names).toContainEqual({ lang: 'id', name: 'Jepang' });
    });

    it('"RRT" is recorded as written but disputed: the APO member is the Republic of China (TW)', async () => {
      const { search } = await server.data(`{ search(query: "RRT", types: [COUNTRY]) { ... on Country { code ${CITATIONS} } } }`);
      expect(search[0].code).toBe('TW');
      const disputed = search[0].citations.filter((c: any) => c.status === 'DISPUTED');
      expect(disputed).toHaveLength(1);
      expect(disputed[0].excerpt).toContain('RRT');
      expect(ARTICLE).toContain(disputed[0].excerpt);
      expect(disputed[0].correctedValue).toMatch(/Republic of China/);
      expect(disputed[0].source.title).toBe(ARTICLE_TITLE);
    });

    it('every economy in the article\'s list is found by the article\'s Indonesian name', async () => {
      for (const [name, code] of Object.entries(ARTICLE_LIST)) {
        const { countries } = await server.data(`query ($name: String) { countries(filter: { name: $name }) { nodes { code } } }`, { name });
        expect(countries.nodes.map((c: any) => c.code), name).toContain(code);
      }
    });

    it('the misspellings are kept as other names, disputed, with the right spelling', async () => {
      const { people } = await server.data(`{ people(filter: { name: "Ghazmadhadi" }) { nodes { name otherNames { name } citations(status: DISPUTED) { correctedValue excerpt } } } }`);
      expect(people.nodes[0].name).toBe('Ghazmahadi');
      expect(people.nodes[0].citations.map((c: any) => c.correctedValue)).toContain('Ghazmahadi');
      const { organizations } = await server.data(`{ organizations(filter: { name: "Binalatvoktas" }) { nodes { acronym parent { acronym } citations(status: DISPUTED) { correctedValue } } } }`);
      expect(organizations.nodes[0]).toMatchObject({ acronym: 'Binalavotas', parent: { acronym: 'Kemnaker' } });
      expect(organizations.nodes[0].citations.map((c: any) => c.correctedValue)).toContain('Binalavotas');
    });

    it('the chair\'s country is disputed: the article says Vietnam, she is Bangladesh\'s Secretary of Industries', async () => {
      const { people } = await server.data(`{ people(filter: { name: "Zakia Sultana" }) { nodes { roles { title country { code } organization { country { code } } citations(field: "country") { status excerpt correctedValue } } } } }`);
      const secretary = people.nodes[0].roles.find((r: any) => /Secretary/.test(r.title));
      expect(secretary.country.code).toBe('BD');
      expect(secretary.organization.country.code).toBe('BD');
      const disputed = secretary.citations.find((c: any) => c.status === 'DISPUTED');
      expect(disputed.excerpt).toContain('Vietnam');
      expect(disputed.correctedValue).toMatch(/BD|Bangladesh/);
    });
  });

  describe('programs and their history', () => {
    it('the COVID-19 program was to end 1 Dec 2021 before the 63rd GBM and 1 Jul 2022 after, by its extension decision', async () => {
      const { program } = await server.data(`{ program(code: "COVID19-DIGITAL") {
        endDate before: endDate(asOf: "2021-06-01") after: endDate(asOf: "2021-06-10")
        amendments { field previousValue newValue effectiveOn decision { kind meeting { sessionNumber } } ${CITATIONS} } } }`);
      expect(program.before).toBe('2021-12-01');
      expect(program.after).toBe('2022-07-01');
      expect(program.endDate).toBe('2022-07-01');
      expect(program.amendments).toHaveLength(1);
      expect(program.amendments[0]).toMatchObject({ field: 'endDate', previousValue: '2021-12-01', newValue: '2022-07-01', decision: { kind: 'EXTENSION', meeting: { sessionNumber: 63 } } });
    });

    it('Green Productivity 2.0 succeeds Green Productivity and is funded by Japan\'s Special Cash Grant, amount unknown', async () => {
      const { program } = await server.data(`{ program(code: "GP2") { title predecessor { code successors { code } }
        grants { totalCount nodes { mechanism amount { amount currency } donor { name country { code } } ${CITATIONS} } } } }`);
      expect(program.predecessor.successors.map((p: any) => p.code)).toContain('GP2');
      expect(program.grants.totalCount).toBe(1);
      const grant = program.grants.nodes[0];
      expect(grant).toMatchObject({ mechanism: 'Special Cash Grant', amount: null, donor: { country: { code: 'JP' } } });
      const excerpt = grant.citations.find((c: any) => /Special Cash Grant/.test(c.excerpt));
      expect(ARTICLE).toContain(excerpt.excerpt);
    });
  });

  describe('APO membership', () => {
    it('records each member\'s join year, with Hong Kong suspended', async () => {
      const { organizations } = await server.data(`{ organizations(filter: { kinds: [INTERGOVERNMENTAL_ORGANIZATION] }) { nodes { acronym
        memberships { country { code } joinedOn joinedOnPrecision status } } } }`);
      const apo = organizations.nodes.find((o: any) => o.acronym === 'APO');
      const years = Object.fromEntries(apo.memberships.map((m: any) => [m.country.code, Number(m.joinedOn.slice(0, 4))]));
      expect(years).toEqual(JOIN_YEARS);
      expect(apo.memberships.find((m: any) => m.country.code === 'HK').status).toBe('SUSPENDED');
      expect(apo.memberships.filter((m: any) => m.status === 'ACTIVE')).toHaveLength(20);
      expect(apo.memberships.every((m: any) => m.joinedOnPrecision === 'YEAR')).toBe(true);
    });

    it('Indonesia\'s ministry chain is Kemnaker > Binalavotas > the productivity directorate, led by Ghazmahadi', async () => {
      const { people } = await server.data(`{ people(filter: { name: "Ghazmahadi" }) { nodes { roles { title acting country { code } organization { kind parent { acronym parent { acronym } } } } } } }`);
      const roles = people.nodes[0].roles;
      expect(roles.find((r: any) => r.organization.kind === 'DIRECTORATE').organization.parent).toMatchObject({ acronym: 'Binalavotas', parent: { acronym: 'Kemnaker' } });
      expect(roles.find((r: any) => r.acting)).toMatchObject({ country: { code: 'ID' } });
    });
  });

  describe('sources', () => {
    it('every citation of the article quotes it verbatim', async () => {
      const { sources } = await server.data(`{ sources(first: 10) { nodes { title publisher language publishedAt citations { excerpt subject { id } } } } }`);
      const article = sources.nodes.find((s: any) => s.title === ARTICLE_TITLE);
      expect(article).toMatchObject({ publisher: 'Republika', language: 'id', publishedAt: '2021-06-10T13:18:00.000Z' });
      expect(article.citations.length).toBeGreaterThan(20);
      for (const c of article.citations) {
        expect(ARTICLE, c.excerpt).toContain(c.excerpt);
        expect(c.subject?.id).toBeTruthy();
      }
    });
  });
});
