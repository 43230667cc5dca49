import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Organization } from '../../server/src/modules/organization/organization.entity';
import { OrganizationKind } from '../../server/src/modules/organization/organization.types';
import { databases, gid, startServer, type TestServer } from '../helpers/server';

/** The bundled dataset, read the same way the seeder reads it, so expectations follow the data. */
const DATA = join(__dirname, '..', '..', 'server', 'data');
type Named = { id: string; name: string; acronym?: string | null; names?: Array<{ name: string }>; otherNames?: Array<{ name: string }> };
const readData = (file: string) => parse(readFileSync(join(DATA, file), 'utf8')) as Named[];
const countries = readData('countries.yaml');
const organizations = readData('organizations.yaml');
const people = readData('people.yaml');
const byId = <T extends { id: string }>(rows: T[], id: string) => {
  const row = rows.find((r) => r.id === id);
  if (!row) throw new Error(`The dataset has no record "${id}"`);
  return row;
};

/** Created through the ORM: an organization whose name carries accents. */
const ACCENTED_ORG = { id: 'test-societe-generale', name: 'Société Générale de Test', acronym: 'SGDT' };
/**
 * Created through the ORM with a key that sorts before every seeded key: it merely contains "kemnaker",
 * so a search must still put the organization whose acronym is exactly "Kemnaker" first.
 */
const PARTIAL_KEMNAKER = { id: '0000-kemnaker-cooperative', name: 'Kemnaker Employees Cooperative' };

const SEARCH = `query Search($query: String!, $types: [SearchType!], $first: Int! = 10) {
  search(query: $query, types: $types, first: $first) {
    __typename
    ... on Country { id code name }
    ... on Organization { id name acronym }
    ... on Person { id name }
    ... on Meeting { id title }
    ... on Decision { id title }
    ... on Program { id title }
    ... on FundingGrant { id title }
    ... on Source { id title }
  }
}`;

interface Hit { __typename: string; id: string; code?: string; name?: string; acronym?: string | null; title?: string }

describe.each(databases())('on %s', (db) => {
  let server: TestServer;

  async function search(query: string, types?: string[], first?: number): Promise<Hit[]> {
    const data = await server.data<{ search: Hit[] }>(SEARCH, { query, types, first });
    return data.search;
  }

  beforeAll(async () => {
    server = await startServer(db);
    const em = server.em();
    em.create(Organization, { ...ACCENTED_ORG, kind: OrganizationKind.OTHER, country: 'ID', names: [] } as never);
    em.create(Organization, { ...PARTIAL_KEMNAKER, kind: OrganizationKind.OTHER, country: 'ID', names: [] } as never);
    await em.flush();
  });
  afterAll(() => server?.close());

  describe('search finds a country by its Indonesian name', () => {
    const cases: Array<[string, string]> = [
      ['Jepang', 'JP'],
      ['Filipina', 'PH'],
      ['Srilangka', 'LK'],
      ['RRT', 'TW'],
    ];
    it.each(cases)('"%s" finds %s first', async (query, code) => {
      // The name searched for is one the dataset records for that country.
      expect(byId(countries, code).names?.map((n) => n.name)).toContain(query);
      const hits = await search(query);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits[0]).toMatchObject({ __typename: 'Country', id: gid('Country', code), code, name: byId(countries, code).name });
    });

    it('"Jepang" is Japan, not another country', async () => {
      const hits = await search('Jepang', ['COUNTRY']);
      expect(hits.map((h) => h.code)).toEqual(['JP']);
      expect(hits[0].name).toBe('Japan');
    });
  });

  describe('search ignores case and accents', () => {
    it('finds Japan with "JEPANG", "jepang" and "jEpAnG" alike', async () => {
      const expected = await search('Jepang');
      for (const q of ['JEPANG', 'jepang', 'jEpAnG']) expect(await search(q)).toEqual(expected);
      expect(expected[0].code).toBe('JP');
    });

    it('"Turkiye" (no accent) and "TÜRKIYE" find Türkiye', async () => {
      expect(byId(countries, 'TR').name).toBe('Türkiye');
      for (const q of ['Turkiye', 'TÜRKIYE', 'türkiye']) {
        const hits = await search(q, ['COUNTRY']);
        expect(hits[0], q).toMatchObject({ code: 'TR', name: 'Türkiye' });
      }
    });

    it('an accented query finds an unaccented stored name ("Jépang" → Japan)', async () => {
      const hits = await search('Jépang', ['COUNTRY']);
      expect(hits.map((h) => h.code)).toEqual(['JP']);
    });

    it('finds an organization stored with accents from a query without them, and the other way round', async () => {
      for (const q of ['societe generale', 'SOCIETE GENERALE DE TEST', 'Société Générale', 'generale de']) {
        const hits = await search(q, ['ORGANIZATION']);
        expect(hits[0], q).toMatchObject({ id: gid('Organization', ACCENTED_ORG.id), name: ACCENTED_ORG.name });
      }
    });

    it('punctuation and extra spaces in the query do not matter', async () => {
      const hits = await search('  Société-Générale   de  TEST! ', ['ORGANIZATION']);
      expect(hits.map((h) => h.id)).toEqual([gid('Organization', ACCENTED_ORG.id)]);
    });
  });

  describe('search matches acronyms', () => {
    it('"kemnaker" finds the Ministry of Manpower first', async () => {
      const kemnaker = byId(organizations, 'kemnaker');
      expect(kemnaker.acronym?.toLowerCase()).toBe('kemnaker');
      const hits = await search('kemnaker');
      expect(hits[0]).toMatchObject({ __typename: 'Organization', id: gid('Organization', 'kemnaker'), name: kemnaker.name });
      // The organization that merely contains the word is found too, after it.
      expect(hits.map((h) => h.id)).toContain(gid('Organization', PARTIAL_KEMNAKER.id));
    });

    it('ranks the exact acronym first even when `first` cuts the list to one and a partial match has a smaller key', async () => {
      const hits = await search('kemnaker', ['ORGANIZATION'], 1);
      expect(hits.map((h) => h.id)).toEqual([gid('Organization', 'kemnaker')]);
    });

    it('"APO" finds the Asian Productivity Organization first, then the bodies whose longer names contain "APO"', async () => {
      const apo = byId(organizations, 'apo');
      const hits = await search('APO');
      expect(hits[0]).toMatchObject({ __typename: 'Organization', id: gid('Organization', 'apo'), name: apo.name, acronym: 'APO' });
      const orgIds = hits.filter((h) => h.__typename === 'Organization').map((h) => h.id);
      // Organizations whose names merely contain "apo" (e.g. "APO Governing Body") come after it.
      const partial = organizations.filter((o) => o.id !== 'apo' && /\bapo\b/i.test(o.name)).map((o) => gid('Organization', o.id));
      expect(partial.length).toBeGreaterThan(0);
      for (const id of partial) {
        expect(orgIds).toContain(id);
        expect(orgIds.indexOf(id)).toBeGreaterThan(orgIds.indexOf(gid('Organization', 'apo')));
      }
    });

    it('"apo": an exact whole-name match ranks above names that start with it, which rank above names that contain it', async () => {
      const hits = await search('apo', undefined, 100);
      const rank = (h: Hit) => {
        const names = [h.name, h.title, h.acronym, h.code].filter((n): n is string => !!n).map((n) => n.toLowerCase());
        if (names.some((n) => n === 'apo')) return 0;
        if (names.some((n) => n.startsWith('apo'))) return 1;
        return 2;
      };
      expect(rank(hits[0])).toBe(0);
      // Singapore ("singapore") contains "apo" in the middle of a word: found, but after every better match.
      const sg = hits.findIndex((h) => h.code === 'SG');
      expect(sg).toBeGreaterThan(0);
      const ranks = hits.map(rank);
      expect(ranks).toContain(1);
      expect(ranks).toContain(2);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    });
  });

  describe('search finds records by a misspelling recorded as another name', () => {
    it('"Ghazmadhadi" finds the person Ghazmahadi', async () => {
      const person = byId(people, 'ghazmahadi');
      expect(person.otherNames?.map((n) => n.name)).toContain('Ghazmadhadi');
      const hits = await search('Ghazmadhadi');
      expect(hits[0]).toMatchObject({ __typename: 'Person', id: gid('Person', 'ghazmahadi'), name: 'Ghazmahadi' });
    });

    it('"Binalatvoktas" finds the directorate general (Binalavotas)', async () => {
      const dg = byId(organizations, 'ditjen-binalavotas');
      expect(dg.names?.map((n) => n.name)).toContain('Binalatvoktas');
      const hits = await search('Binalatvoktas');
      expect(hits[0]).toMatchObject({ __typename: 'Organization', id: gid('Organization', 'ditjen-binalavotas'), name: dg.name, acronym: 'Binalavotas' });
    });
  });

  describe('search arguments', () => {
    it('`types` restricts the kinds of record returned', async () => {
      const all = await search('apo', undefined, 100);
      const kinds = new Set(all.map((h) => h.__typename));
      expect(kinds.size).toBeGreaterThan(1);
      expect(kinds.has('Organization')).toBe(true);

      const orgs = await search('apo', ['ORGANIZATION'], 100);
      expect(orgs.length).toBeGreaterThan(0);
      expect(orgs.every((h) => h.__typename === 'Organization')).toBe(true);
      expect(orgs.map((h) => h.id)).toEqual(all.filter((h) => h.__typename === 'Organization').map((h) => h.id));

      const countriesOnly = await search('apo', ['COUNTRY'], 100);
      expect(countriesOnly.map((h) => h.code)).toEqual(all.filter((h) => h.__typename === 'Country').map((h) => h.code));
      expect(countriesOnly.map((h) => h.code)).toContain('SG');

      const two = await search('apo', ['COUNTRY', 'PERSON'], 100);
      expect(two.every((h) => h.__typename === 'Country' || h.__typename === 'Person')).toBe(true);
    });

    it('"Jepang" restricted to organizations finds the Government of Japan ("pemerintah Jepang"), not the country', async () => {
      const hits = await search('Jepang', ['ORGANIZATION']);
      expect(hits.map((h) => h.id)).toEqual([gid('Organization', 'government-of-japan')]);
    });

    it('`first` limits the number of results, keeping the best ones', async () => {
      const all = await search('apo', undefined, 100);
      expect(all.length).toBeGreaterThan(3);
      for (const n of [1, 2, 3]) {
        const some = await search('apo', undefined, n);
        expect(some).toHaveLength(n);
        expect(some).toEqual(all.slice(0, n));
      }
    });

    it('defaults to 10 results', async () => {
      const all = await search('a', undefined, 100);
      expect(all.length).toBeGreaterThan(10);
      expect(await search('a')).toEqual(all.slice(0, 10));
    });

    it('rejects `first` out of range and a query without letters or digits with BAD_USER_INPUT', async () => {
      for (const [query, first] of [['apo', 0], ['apo', 101], ['  -- ', 10]] as const) {
        const res = await server.gql(SEARCH, { query, first });
        expect(res.body.errors?.[0]?.extensions?.code, `${query} ${first}`).toBe('BAD_USER_INPUT');
      }
    });

    it('finds nothing for text no record has', async () => {
      expect(await search('zzqxw')).toEqual([]);
    });
  });

  describe('the `name` filters match as search does', () => {
    type IdList = { nodes: Array<{ id: string }> };
    const ids = (conn: IdList) => conn.nodes.map((n) => n.id).sort();

    it('countries(filter: {name}) finds by Indonesian names, ignoring case and accents', async () => {
      const q = `query($name: String!) { countries(first: 100, filter: { name: $name }) { nodes { id code } } }`;
      const cases: Array<[string, string]> = [['Jepang', 'JP'], ['JEPANG', 'JP'], ['filipina', 'PH'], ['Srilangka', 'LK'], ['RRT', 'TW'], ['turkiye', 'TR'], ['Türkiye', 'TR']];
      for (const [name, code] of cases) {
        const data = await server.data<{ countries: { nodes: Array<{ id: string; code: string }> } }>(q, { name });
        expect(data.countries.nodes.map((n) => n.code), name).toEqual([code]);
      }
    });

    it('organizations(filter: {name}) finds by acronym, other names and misspellings, ignoring accents', async () => {
      type Organizations = { organizations: IdList };
      const q = `query($name: String!) { organizations(first: 100, filter: { name: $name }) { nodes { id } } }`;
      const cases: Array<[string, string]> = [
        ['societe generale', ACCENTED_ORG.id],
        ['Binalatvoktas', 'ditjen-binalavotas'],
        ['pemerintah jepang', 'government-of-japan'],
      ];
      for (const [name, id] of cases) {
        const data = await server.data<Organizations>(q, { name });
        expect(ids(data.organizations), name).toEqual([gid('Organization', id)]);
      }
      const kemnaker = await server.data<Organizations>(q, { name: 'KEMNAKER' });
      expect(ids(kemnaker.organizations)).toEqual([gid('Organization', 'kemnaker'), gid('Organization', PARTIAL_KEMNAKER.id)].sort());
    });

    it('people(filter: {name}) finds Ghazmahadi by the misspelling "Ghazmadhadi"', async () => {
      const data = await server.data<{ people: { nodes: Array<{ id: string; name: string }> } }>(`{ people(first: 100, filter: { name: "ghazmadhadi" }) { nodes { id name } } }`);
      expect(data.people.nodes).toEqual([{ id: gid('Person', 'ghazmahadi'), name: 'Ghazmahadi' }]);
    });

    it('each filter returns exactly the records search returns for that type', async () => {
      const lists = [
        { type: 'COUNTRY', field: 'countries' },
        { type: 'ORGANIZATION', field: 'organizations' },
        { type: 'PERSON', field: 'people' },
      ];
      for (const query of ['apo', 'Jepang', 'ia', 'société', 'Ghazmadhadi', 'ministry', 'RRT', 'korea']) {
        for (const { type, field } of lists) {
          const data = await server.data<Record<string, IdList>>(`query($name: String!) { ${field}(first: 100, filter: { name: $name }) { nodes { id } } }`, { name: query });
          const found = (await search(query, [type], 100)).map((h) => h.id).sort();
          expect(ids(data[field]), `${field} "${query}"`).toEqual(found);
        }
      }
    });
  });
});
