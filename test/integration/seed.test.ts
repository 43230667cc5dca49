import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { seed } from '../../server/src/db/seed';
import { NODE_TYPES, SEED_STEPS } from '../../server/src/modules';
import { Country } from '../../server/src/modules/country/country.entity';
import { Citation } from '../../server/src/modules/source/citation.entity';
import { createTestDatabase, databases, gid, startServer, type TestDatabase, type TestServer } from '../helpers/server';

const REPO_ROOT = join(__dirname, '..', '..');
const DATA = join(REPO_ROOT, 'server', 'data');
const REPUBLIKA = 'republika-2021-06-10-apo';

// ---------------------------------------------------------------------------------------------
// What the bundled dataset holds, counted from the YAML files themselves.
// ---------------------------------------------------------------------------------------------

type Row = Record<string, unknown>;
const read = (file: string) => parse(readFileSync(join(DATA, file), 'utf8')) as Row[];

/** Every `citations` entry anywhere in a value, with the record path it hangs on. */
function citationsIn(value: unknown): Row[] {
  if (Array.isArray(value)) return value.flatMap(citationsIn);
  if (value && typeof value === 'object') {
    const own = ((value as Row).citations as Row[] | undefined) ?? [];
    const nested = Object.entries(value as Row).filter(([k]) => k !== 'citations').flatMap(([, v]) => citationsIn(v));
    return [...own, ...nested];
  }
  return [];
}

/** What each table should hold: the rows of every seed step (the modules' own list), and every citation in the files. */
function datasetCounts(): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(Object.keys(NODE_TYPES).map((t) => [t, 0]));
  for (const step of SEED_STEPS) counts[step.type] += read(step.file).flatMap((record) => step.rowsOf?.(record) ?? [record]).length;
  for (const file of DATA_FILES) counts.Citation += citationsIn(read(file)).length;
  return counts;
}

const DATA_FILES = readdirSync(DATA).filter((f) => f.endsWith('.yaml'));

const LISTS = ['countries', 'organizations', 'people', 'meetings', 'decisions', 'programs', 'grants', 'sources'] as const;

/** totalCount of every root list, and the row count of every entity table. */
async function counts(server: TestServer) {
  const data = await server.data<Record<string, { totalCount: number }>>(`{ ${LISTS.map((l) => `${l}(first: 1) { totalCount }`).join(' ')} }`);
  const lists = Object.fromEntries(LISTS.map((l) => [l, data[l].totalCount]));
  const em = server.em();
  const tables: Record<string, number> = {};
  for (const [name, entity] of Object.entries(NODE_TYPES)) tables[name] = await em.count(entity as never, {});
  return { lists, tables };
}

const expected = datasetCounts();
const expectedTotal = Object.values(expected).reduce((a, b) => a + b, 0);

// Servers taking turns on one database that starts with no tables at all, as on a first deployment.
describe.each(databases())('on %s', (kind) => {
  let database: TestDatabase;
  let first: TestServer;
  const others: TestServer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind, { empty: true });
    first = await startServer(database);
  });
  afterAll(async () => {
    for (const s of [...others, first]) await s?.close().catch(() => undefined);
    await database?.drop();
  });

  describe('the seeder', () => {
    it('has a step for every data file and every Node type but citations', () => {
      expect(new Set(SEED_STEPS.map((s) => s.file))).toEqual(new Set(DATA_FILES));
      expect(new Set([...SEED_STEPS.map((s) => s.type), 'Citation'])).toEqual(new Set(Object.keys(NODE_TYPES)));
    });

    it('stores each type after the types it refers to', () => {
      const position = (type: string) => SEED_STEPS.findIndex((s) => s.type === type);
      for (const step of SEED_STEPS) for (const need of step.needs ?? []) if (need !== step.type) expect(position(need), `${step.type} needs ${need}`).toBeLessThan(position(step.type));
      expect(position('ProgramAmendment')).toBeGreaterThan(position('Decision'));
    });

    it('loads every record of the data files once', async () => {
      const { lists, tables } = await counts(first);
      expect(tables).toEqual(expected);
      expect(lists).toEqual({
        countries: expected.Country,
        organizations: expected.Organization,
        people: expected.Person,
        meetings: expected.Meeting,
        decisions: expected.Decision,
        programs: expected.Program,
        grants: expected.FundingGrant,
        sources: expected.Source,
      });
    });

    it('a second server started on the same database duplicates nothing', async () => {
      const before = await counts(first);
      const second = await startServer(database);
      others.push(second);
      expect(second.url).not.toBe(first.url);
      expect(await counts(second)).toEqual(before);
      expect(await counts(first)).toEqual(before);
      await second.close();
      others.splice(others.indexOf(second), 1);
      // And once more, after the second has gone.
      const third = await startServer(database);
      others.push(third);
      expect(await counts(third)).toEqual(before);
      await third.close();
      others.splice(others.indexOf(third), 1);
    });

    it('run again on the live database, creates nothing and finds every record', async () => {
      const before = await counts(first);
      const report = await seed(first.em());
      expect(report).toEqual({ created: 0, existing: expectedTotal });
      expect(await counts(first)).toEqual(before);
    });

    it('does not overwrite a record an editor changed, neither when run again nor on the next start', async () => {
      const em = first.em();
      const japan = await em.findOneOrFail(Country, { code: 'JP' });
      const seededName = japan.name;
      const edited = `${seededName} (edited by a test)`;
      japan.name = edited;
      await em.flush();

      const nameNow = async (server: TestServer) => (await server.data<{ country: { name: string } }>(`{ country(code: "JP") { name } }`)).country.name;
      expect(await nameNow(first)).toBe(edited);

      expect(await seed(first.em())).toEqual({ created: 0, existing: expectedTotal });
      expect(await nameNow(first)).toBe(edited);

      const restarted = await startServer(database);
      others.push(restarted);
      expect(await nameNow(restarted)).toBe(edited);
      await restarted.close();
      others.splice(others.indexOf(restarted), 1);
    });

    it('adds back a record that is missing, and only that one', async () => {
      const em = first.em();
      const victim = await em.findOneOrFail(Citation, { subjectType: 'Person', subjectId: 'ghazmahadi', status: 'DISPUTED' as never }, { orderBy: { id: 'asc' } });
      await em.nativeDelete(Citation, { id: victim.id });
      expect(await em.fork().count(Citation, {})).toBe(expected.Citation - 1);

      expect(await seed(first.em())).toEqual({ created: 1, existing: expectedTotal - 1 });
      const back = await first.em().findOne(Citation, { id: victim.id });
      expect(back).toMatchObject({ excerpt: victim.excerpt, status: victim.status, correctedValue: victim.correctedValue, subjectId: 'ghazmahadi' });
      expect((await counts(first)).tables).toEqual({ ...expected });
    });
  });

  describe('the citations', () => {
    interface CitationView { excerpt: string; status: string; correctedValue: string | null; field: string | null; source: { id: string }; subject: { __typename: string; id: string } | null }
    const CITATION = 'excerpt status correctedValue field source { id } subject { __typename id }';

    async function allCitations(): Promise<CitationView[]> {
      const data = await first.data<{ sources: { nodes: Array<{ citations: CitationView[] }> } }>(`{ sources(first: 100) { nodes { id citations { ${CITATION} } } } }`);
      return data.sources.nodes.flatMap((s) => s.citations);
    }

    it('every excerpt from the Republika article appears verbatim in the article text', async () => {
      const textFile = read('sources.yaml').find((s) => s.id === REPUBLIKA)?.textFile as string | undefined;
      expect(textFile, 'sources.yaml names the file that keeps the article text').toEqual(expect.any(String));
      const article = readFileSync(join(DATA, textFile!), 'utf8');
      const data = await first.data<{ source: { citations: CitationView[] } }>(`query($id: ID!) { source(id: $id) { citations { ${CITATION} } } }`, { id: gid('Source', REPUBLIKA) });
      const citations = data.source.citations;
      // As many as the data files cite this source.
      const inFiles = DATA_FILES.flatMap((file) => citationsIn(read(file))).filter((c) => c.source === REPUBLIKA);
      expect(citations).toHaveLength(inFiles.length);
      expect(citations.length).toBeGreaterThan(0);
      const missing = citations.filter((c) => !article.includes(c.excerpt)).map((c) => `${c.subject?.__typename} ${c.field}: ${JSON.stringify(c.excerpt)}`);
      expect(missing, 'excerpts not found verbatim in the article').toEqual([]);
    });

    it('every DISPUTED citation has a correctedValue', async () => {
      const all = await allCitations();
      expect(all).toHaveLength(expected.Citation);
      const disputed = all.filter((c) => c.status === 'DISPUTED');
      expect(disputed.length).toBeGreaterThanOrEqual(4);
      for (const c of disputed) {
        expect(c.correctedValue, `${c.subject?.__typename} ${c.field}: ${c.excerpt}`).toEqual(expect.stringMatching(/\S/));
      }
      // Each one is about a record that exists.
      for (const c of disputed) expect(c.subject).not.toBeNull();
    });
  });
});
