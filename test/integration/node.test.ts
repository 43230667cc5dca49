import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, gid, startServer, type GraphQLResponse, type TestServer } from '../helpers/server';

const DATA_DIR = join(__dirname, '..', '..', 'server', 'data');
const seed = <T>(file: string) => parse(readFileSync(join(DATA_DIR, file), 'utf8')) as T[];

/** Every database key the bundled dataset uses (records and nested records). */
function seedKeys(): Set<string> {
  const keys = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const id = (v as Record<string, unknown>).id;
      if (typeof id === 'string') keys.add(id);
      Object.values(v).forEach(walk);
    }
  };
  for (const f of readdirSync(DATA_DIR).filter((f) => f.endsWith('.yaml'))) walk(seed<unknown>(f));
  return keys;
}

// The fields of the YAML records the checks below read.
interface SeedCitation { status: string; excerpt: string; correctedValue?: string }
const COUNTRIES = seed<{ id: string; name: string; citations: SeedCitation[] }>('countries.yaml');
const MEMBERSHIPS = seed<{ country: string; status: string; joinedOn: string }>('memberships.yaml');
const PEOPLE = seed<{ id: string; name: string; otherNames: Array<{ name: string }>; roles: Array<{ title: string; acting: boolean; country?: string }> }>('people.yaml');
const PROGRAMS = seed<{ code: string; title: string; amendments?: Array<{ field: string; previousValue: string; newValue: string; effectiveOn: string }> }>('programs.yaml');
const MEETINGS = seed<{ title: string; sessionNumber?: number; startDate: string; endDate: string; participants: Array<{ role: string; person?: string; country?: string }> }>('meetings.yaml');
const DECISIONS = seed<{ kind: string; title: string; decidedOn: string }>('decisions.yaml');
const GRANTS = seed<{ title: string; mechanism: string; donor: string }>('grants.yaml');
const SOURCES = seed<{ title: string; publisher?: string; language?: string; author?: string }>('sources.yaml');
const ORGANIZATIONS = seed<{ id: string; name: string; acronym?: string; kind: string }>('organizations.yaml');

/** A record found through a real query: its ID, the fields read, and the check of those fields against the dataset. */
interface Found { id: string; record: Record<string, unknown>; verify(): void }

interface Case {
  type: string;
  /** Fields read both from the original query and through `node(id:)`. */
  sel: string;
  /** Runs the real list or lookup query and picks the record. */
  find(server: TestServer): Promise<Found>;
}

/**
 * A case whose query answers `D`, from which `pick` takes the record `R`; `check` says what the dataset
 * says about it. `src` is a real list or lookup query; `sel` goes next to `id` on the record.
 */
function kase<D, R extends { id: string }>(type: string, sel: string, src: (sel: string) => string, pick: (data: D) => R | undefined, check: (record: Omit<R, 'id'>) => void): Case {
  return {
    type,
    sel,
    async find(server) {
      const picked = pick(await server.data<D>(src(sel)));
      expect(picked, `no ${type} found by ${src(sel)}`).toBeTruthy();
      const { id, ...record } = picked!;
      expect(typeof id).toBe('string');
      return { id, record, verify: () => check(record) };
    },
  };
}

type One<T> = { x: T };
type Many<T> = { x: { nodes: T[] } };
type Code = { code: string };

const CASES: Case[] = [
  kase(
    'Country', 'code name alpha3', (sel) => `{ x: country(code: "JP") { id ${sel} } }`, (d: One<{ id: string; code: string; name: string; alpha3: string }>) => d.x,
    (r) => expect(r).toMatchObject({ code: 'JP', name: COUNTRIES.find((c) => c.id === 'JP')!.name, alpha3: 'JPN' }),
  ),
  kase(
    'Membership', 'status joinedOn country { code } organization { acronym }', (sel) => `{ x: country(code: "JP") { memberships { id ${sel} } } }`, (d: One<{ memberships: Array<{ id: string; status: string; joinedOn: string; country: Code }> }>) => d.x.memberships[0],
    (r) => {
      const m = MEMBERSHIPS.find((m) => m.country === 'JP')!;
      expect(r).toMatchObject({ status: m.status, joinedOn: m.joinedOn, country: { code: 'JP' } });
    },
  ),
  kase(
    'Organization', 'name acronym kind', (sel) => `{ x: organizations(first: 100, filter: { name: "Kemnaker" }) { nodes { id ${sel} } } }`, (d: Many<{ id: string; name: string; acronym: string | null; kind: string }>) => d.x.nodes[0],
    (r) => {
      const o = ORGANIZATIONS.find((o) => o.id === 'kemnaker')!;
      expect(r).toMatchObject({ name: o.name, acronym: o.acronym, kind: o.kind });
    },
  ),
  kase(
    'Person', 'name otherNames { name }', (sel) => `{ x: people(first: 100, filter: { name: "Ghazmahadi" }) { nodes { id ${sel} } } }`, (d: Many<{ id: string; name: string; otherNames: Array<{ name: string }> }>) => d.x.nodes[0],
    (r) => {
      const p = PEOPLE.find((p) => p.id === 'ghazmahadi')!;
      expect(r.name).toBe(p.name);
      expect(r.otherNames.map((n) => n.name)).toEqual(p.otherNames.map((n) => n.name));
    },
  ),
  kase(
    'Role', 'title acting country { code } organization { acronym }', (sel) => `{ x: people(first: 100, filter: { name: "Ghazmahadi" }) { nodes { roles { id ${sel} } } } }`,
    (d: Many<{ roles: Array<{ id: string; title: string; acting: boolean; country: Code | null }> }>) => d.x.nodes[0].roles.find((r) => r.acting),
    (r) => {
      const role = PEOPLE.find((p) => p.id === 'ghazmahadi')!.roles.find((r) => r.acting)!;
      expect(r).toMatchObject({ title: role.title, acting: true, country: { code: role.country } });
    },
  ),
  kase(
    'Meeting', 'title sessionNumber startDate endDate', (sel) => `{ x: meetings(first: 100, filter: { sessionNumber: 63 }) { nodes { id ${sel} } } }`, (d: Many<{ id: string; title: string; sessionNumber: number; startDate: string; endDate: string }>) => d.x.nodes[0],
    (r) => {
      const m = MEETINGS.find((m) => m.sessionNumber === 63)!;
      expect(r).toMatchObject({ title: m.title, sessionNumber: 63, startDate: m.startDate, endDate: m.endDate });
    },
  ),
  kase(
    'MeetingParticipant', 'role person { name } country { code }', (sel) => `{ x: meetings(first: 100, filter: { sessionNumber: 63 }) { nodes { participants { id ${sel} } } } }`,
    (d: Many<{ participants: Array<{ id: string; role: string; person: { name: string } | null; country: Code | null }> }>) => d.x.nodes[0].participants.find((p) => p.role === 'CHAIR'),
    (r) => {
      const chair = MEETINGS.find((m) => m.sessionNumber === 63)!.participants.find((p) => p.role === 'CHAIR')!;
      const name = PEOPLE.find((p) => p.id === chair.person)!.name;
      expect(r).toMatchObject({ role: 'CHAIR', person: { name }, country: { code: chair.country } });
    },
  ),
  kase(
    'Decision', 'title kind decidedOn', (sel) => `{ x: decisions(first: 100, filter: { kinds: [EXTENSION] }) { nodes { id ${sel} } } }`, (d: Many<{ id: string; title: string; kind: string; decidedOn: string }>) => d.x.nodes[0],
    (r) => {
      const dec = DECISIONS.find((d) => d.kind === 'EXTENSION')!;
      expect(r).toMatchObject({ title: dec.title, kind: 'EXTENSION', decidedOn: dec.decidedOn });
    },
  ),
  kase(
    'Program', 'code title', (sel) => `{ x: program(code: "GP2") { id ${sel} } }`, (d: One<{ id: string; code: string; title: string }>) => d.x,
    (r) => expect(r).toEqual({ code: 'GP2', title: PROGRAMS.find((p) => p.code === 'GP2')!.title }),
  ),
  kase(
    'ProgramAmendment', 'field previousValue newValue effectiveOn program { code }', (sel) => `{ x: program(code: "COVID19-DIGITAL") { amendments { id ${sel} } } }`, (d: One<{ amendments: Array<{ id: string }> }>) => d.x.amendments[0],
    (r) => {
      const a = PROGRAMS.find((p) => p.code === 'COVID19-DIGITAL')!.amendments![0];
      expect(r).toEqual({ field: a.field, previousValue: a.previousValue, newValue: a.newValue, effectiveOn: a.effectiveOn, program: { code: 'COVID19-DIGITAL' } });
    },
  ),
  kase(
    'FundingGrant', 'title mechanism donor { name }', (sel) => `{ x: grants(first: 1) { nodes { id ${sel} } } }`, (d: Many<{ id: string; title: string; mechanism: string; donor: { name: string } }>) => d.x.nodes[0],
    (r) => {
      const g = GRANTS.find((g) => g.title === r.title)!;
      expect(g).toBeDefined();
      expect(r.mechanism).toBe(g.mechanism);
      expect(r.donor.name).toBe(ORGANIZATIONS.find((o) => o.id === g.donor)!.name);
    },
  ),
  kase(
    'Source', 'title publisher language author', (sel) => `{ x: sources(first: 100) { nodes { id ${sel} } } }`, (d: Many<{ id: string; title: string }>) => d.x.nodes.find((s) => s.title === SOURCES[0].title),
    (r) => {
      const s = SOURCES[0];
      expect(r).toEqual({ title: s.title, publisher: s.publisher ?? null, language: s.language ?? null, author: s.author ?? null });
    },
  ),
  kase(
    'Citation', 'excerpt status correctedValue subject { __typename ... on Country { code } }', (sel) => `{ x: country(code: "TW") { citations(status: DISPUTED) { id ${sel} } } }`, (d: One<{ citations: Array<{ id: string }> }>) => d.x.citations[0],
    (r) => {
      const c = COUNTRIES.find((c) => c.id === 'TW')!.citations.find((c) => c.status === 'DISPUTED')!;
      expect(r).toEqual({ excerpt: c.excerpt, status: 'DISPUTED', correctedValue: c.correctedValue, subject: { __typename: 'Country', code: 'TW' } });
    },
  ),
];

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  /** One record of every Node type, found through the real queries above before any test runs. */
  const found = new Map<string, Found>();
  beforeAll(async () => {
    server = await startServer(db);
    for (const c of CASES) found.set(c.type, await c.find(server));
  });
  afterAll(() => server?.close());

  describe('node(id:) round trip for every Node type', () => {
    it('covers every type that implements Node', async () => {
      const data = await server.data<{ __type: { possibleTypes: Array<{ name: string }> } }>(`{ __type(name: "Node") { possibleTypes { name } } }`);
      expect(CASES.map((c) => c.type).sort()).toEqual(data.__type.possibleTypes.map((t) => t.name).sort());
    });

    for (const c of CASES) {
      it(c.type, async () => {
        const { id, record, verify } = found.get(c.type)!;
        verify();
        const data = await server.data<{ node: Record<string, unknown> }>(`query ($id: ID!) { node(id: $id) { __typename id ... on ${c.type} { ${c.sel} } } }`, { id });
        const { __typename, id: nodeId, ...viaNode } = data.node;
        expect(__typename).toBe(c.type);
        expect(nodeId).toBe(id);
        expect(viaNode).toEqual(record);
      });
    }

    it('IDs are opaque, not database keys, and unique across types', () => {
      expect(found.size).toBe(CASES.length);
      const ids = [...found.values()].map((f) => f.id);
      expect(new Set(ids).size).toBe(ids.length);
      const keys = seedKeys();
      for (const [type, { id }] of found) {
        expect(keys.has(id), `${type} ID ${id} is a database key`).toBe(false);
        expect(id).not.toMatch(/^cit-/);
      }
      expect(found.get('Country')!.id).not.toBe('JP');
      expect(found.get('Program')!.id).not.toBe('GP2');
    });

    it('the same record has the same ID however it is reached', async () => {
      type Id = { id: string };
      const data = await server.data<{
        program: Id & { grants: { nodes: Id[] } }; programs: { nodes: Id[] }; grants: { nodes: Array<Id & { program: Id | null }> };
        jp: Id; countries: { edges: Array<{ node: Id }> };
      }>(`{
        program(code: "GP2") { id grants { nodes { id } } }
        programs(first: 100, filter: { codes: ["GP2"] }) { nodes { id } }
        grants(first: 100) { nodes { id program { id } } }
        jp: country(code: "JP") { id }
        countries(first: 100, filter: { codes: ["JP"] }) { edges { node { id } } }
      }`);
      expect(data.programs.nodes[0].id).toBe(data.program.id);
      const grantIds = data.program.grants.nodes.map((g) => g.id);
      expect(grantIds.length).toBeGreaterThan(0);
      for (const g of data.grants.nodes.filter((g) => grantIds.includes(g.id))) expect(g.program?.id).toBe(data.program.id);
      expect(data.countries.edges[0].node.id).toBe(data.jp.id);
    });

    it('root lookups by ID return the record node(id:) returns', async () => {
      const lookups: Array<[string, string, string]> = [
        ['organization', 'Organization', 'name'],
        ['person', 'Person', 'name'],
        ['meeting', 'Meeting', 'title'],
        ['decision', 'Decision', 'title'],
        ['program', 'Program', 'code'],
        ['grant', 'FundingGrant', 'title'],
        ['source', 'Source', 'title'],
      ];
      for (const [field, type, prop] of lookups) {
        const { id, record } = found.get(type)!;
        expect(record[prop], `${type}.${prop} was read`).toEqual(expect.any(String));
        const data = await server.data<{ x: unknown }>(`query ($id: ID!) { x: ${field}(id: $id) { id ${prop} } }`, { id });
        expect(data.x).toEqual({ id, [prop]: record[prop] });
      }
    });
  });

  describe('nodes(ids:)', () => {
    it('keeps the order asked, repeats included', async () => {
      const picks = ['Program', 'Country', 'Citation', 'Organization', 'MeetingParticipant', 'Program'].map((t) => ({ type: t, id: found.get(t)!.id }));
      const data = await server.data<{ nodes: unknown[] }>(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: picks.map((p) => p.id) });
      expect(data.nodes).toEqual(picks.map((p) => ({ __typename: p.type, id: p.id })));
    });

    it('gives null for an unknown but well-formed ID, in its place', async () => {
      const program = found.get('Program')!;
      const country = found.get('Country')!;
      const ids = [program.id, gid('Country', 'ZZ'), country.id, gid('Citation', 'nope')];
      const res = await server.gql<{ nodes: unknown[] }>(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data?.nodes).toEqual([
        { __typename: 'Program', id: program.id },
        null,
        { __typename: 'Country', id: country.id },
        null,
      ]);
    });

    it('an empty list gives an empty list', async () => {
      expect((await server.data<{ nodes: unknown[] }>(`{ nodes(ids: []) { id } }`)).nodes).toEqual([]);
    });

    it('a malformed ID among them is BAD_USER_INPUT', async () => {
      const res = await server.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [found.get('Country')!.id, 'not-an-id!!'] });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('node(id:) with IDs that name nothing', () => {
    it('a well-formed ID of a record that does not exist is null, not an error', async () => {
      for (const id of [gid('Country', 'ZZ'), gid('Program', 'nope'), gid('NoSuchType', 'x')]) {
        const res = await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id });
        expect(res.body.errors, `node(id: ${id})`).toBeUndefined();
        expect(res.body.data, `node(id: ${id})`).toEqual({ node: null });
      }
      // Asking for fields of the type must not fail either.
      const res = await server.gql(`query ($id: ID!) { node(id: $id) { id ... on Country { name code } } }`, { id: gid('Country', 'ZZ') });
      expect(res.body.data).toEqual({ node: null });
    });

    it('a malformed ID is BAD_USER_INPUT', async () => {
      for (const id of ['not-an-id!!', '', gid('Country', '').slice(0, -1)]) {
        const res = await server.gql<{ node: unknown }>(`query ($id: ID!) { node(id: $id) { id } }`, { id });
        expect(res.body.errors?.[0]?.extensions?.code, `ID ${JSON.stringify(id)}`).toBe('BAD_USER_INPUT');
        expect(res.body.data?.node ?? null).toBeNull();
      }
    });

    it('a database key is not an ID', async () => {
      // Passing the key itself ("JP") must not find Japan.
      const res = await server.gql<{ node: unknown }>(`{ node(id: "JP") { id } }`);
      expect(res.body.data?.node ?? null).toBeNull();
    });
  });

  function expectError(res: GraphQLResponse, field: string, code: string) {
    expect(res.body.errors, JSON.stringify(res.body)).toHaveLength(1);
    expect(res.body.errors![0].extensions?.code).toBe(code);
    // Either no data at all, or the one field asked for, null.
    expect(res.body.data ?? { [field]: null }).toEqual({ [field]: null });
    return res.body.errors![0];
  }

  describe('root lookups', () => {
    it('NOT_FOUND for an unknown country code, program code or ID, with no data for the field', async () => {
      expect(COUNTRIES.some((c) => c.id === 'US')).toBe(false);
      const country = expectError(await server.gql(`{ country(code: "US") { name } }`), 'country', 'NOT_FOUND');
      expect(country.path).toEqual(['country']);
      const program = expectError(await server.gql(`{ program(code: "NOPE") { title } }`), 'program', 'NOT_FOUND');
      expect(program.path).toEqual(['program']);
      for (const [field, type] of [['organization', 'Organization'], ['person', 'Person'], ['meeting', 'Meeting'], ['decision', 'Decision'], ['program', 'Program'], ['grant', 'FundingGrant'], ['source', 'Source']]) {
        const err = expectError(await server.gql(`query ($id: ID!) { ${field}(id: $id) { id } }`, { id: gid(type, 'nope') }), field, 'NOT_FOUND');
        expect(err.path).toEqual([field]);
      }
    });

    it('a NOT_FOUND error says what was looked for', async () => {
      const res = await server.gql(`{ program(code: "NOPE") { title } }`);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(res.body.errors?.[0]?.message).toContain('NOPE');
    });

    it('an ID of another type is BAD_USER_INPUT', async () => {
      const orgId = found.get('Organization')!.id;
      const err = expectError(await server.gql(`query ($id: ID!) { person(id: $id) { name } }`, { id: orgId }), 'person', 'BAD_USER_INPUT');
      expect(err.message).toMatch(/Person/);
      const programId = found.get('Program')!.id;
      expectError(await server.gql(`query ($id: ID!) { grant(id: $id) { title } }`, { id: programId }), 'grant', 'BAD_USER_INPUT');
    });

    it('program() needs exactly one of id and code', async () => {
      expectError(await server.gql(`{ program { title } }`), 'program', 'BAD_USER_INPUT');
      const id = found.get('Program')!.id;
      expectError(await server.gql(`query ($id: ID!) { program(id: $id, code: "GP2") { title } }`, { id }), 'program', 'BAD_USER_INPUT');
      // Each alone works and they agree.
      const data = await server.data(`query ($id: ID!) { a: program(id: $id) { code } b: program(code: "GP2") { id } }`, { id });
      expect(data).toEqual({ a: { code: 'GP2' }, b: { id } });
    });
  });
});
