import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, gid, mutationPayload, roleHeaders, startServer, type GraphQLResponse, type TestServer } from '../helpers/server';

// Editing people and their roles over HTTP: the mutations, each validation rule (with errors pointing into the
// list of roles), roles, lost-update protection, atomicity, the deletes refused while others depend on a person
// or on one of their roles, and what the records' history says afterwards.

interface UserError { field: string[] | null; message: string; code: string }
interface RoleOut { id: string; version: number; title: string; acting: boolean; startDate: string | null; endDate: string | null; organization: { name: string }; country: { code: string } | null }
interface PersonOut { id: string; version: number; name: string; honorificPrefix: string | null; nationality: { code: string } | null; otherNames: Array<{ lang: string; name: string; note: string | null }>; roles: RoleOut[] }
interface PersonPayload { person: PersonOut | null; userErrors: UserError[]; deletedId?: string | null }
interface FieldChange { field: string; before: string | null; after: string | null }
interface ChangeOut { recordId: string; operation: string; version: number; mutation: string; fields: FieldChange[] }

const ROLE_FIELDS = 'id version title acting startDate endDate organization { name } country { code }';
const PERSON_FIELDS = `id version name honorificPrefix nationality { code } otherNames { lang name note } roles { ${ROLE_FIELDS} }`;
const CREATE = `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { person { ${PERSON_FIELDS} } userErrors { field message code } } }`;
const UPDATE = `mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { person { ${PERSON_FIELDS} } userErrors { field message code } } }`;
const DELETE = `mutation ($input: DeletePersonInput!) { deletePerson(input: $input) { deletedId userErrors { field message code } } }`;
const CITE = 'mutation ($input: CiteSourceInput!) { citeSource(input: $input) { citation { id } userErrors { field message code } } }';
const READ = `query ($id: ID!) { person(id: $id) { ${PERSON_FIELDS} } }`;
const COUNTS = '{ people { totalCount } roles: changes(types: [ROLE]) { totalCount } }';

const APO = gid('Organization', 'apo');
const SECRETARIAT = gid('Organization', 'apo-secretariat');
const JAPAN = gid('Organization', 'government-of-japan');
const EDITORS = gid('Source', 'apo-data-editors');
const ZAKIA = gid('Person', 'zakia-sultana');

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  const auth: Record<'reader' | 'editor' | 'admin', Record<string, string>> = { reader: {}, editor: {}, admin: {} };

  beforeAll(async () => {
    server = await startServer(db);
    Object.assign(auth, await roleHeaders(server, 'person-test'));
  });
  afterAll(() => server?.close());

  async function mutate<K extends string, P = PersonPayload>(query: string, input: Record<string, unknown>, as: Record<string, string> = auth.editor): Promise<GraphQLResponse<Record<K, P>>> {
    return server.gql(query, { input }, as);
  }
  const payload = async <P = PersonPayload>(query: string, name: string, input: Record<string, unknown>): Promise<P> => mutationPayload<P>(server, query, name, input, auth.editor);
  const created = async (input: Record<string, unknown>) => {
    const res = await payload(CREATE, 'createPerson', input);
    expect(res.userErrors).toEqual([]);
    return res.person!;
  };
  const read = async (id: string) => (await server.data<{ person: PersonOut }>(READ, { id })).person;
  const node = async (id: string) => (await server.data<{ node: { id: string } | null }>('query ($id: ID!) { node(id: $id) { id } }', { id })).node;
  /** What a refused mutation must leave unchanged: the number of people, and of changes ever made to roles. */
  const counts = async () => {
    const c = await server.data<{ people: { totalCount: number }; roles: { totalCount: number } }>(COUNTS);
    return { people: c.people.totalCount, roleChanges: c.roles.totalCount };
  };
  const history = async (type: 'person' | 'node', id: string) => {
    const query =
      type === 'person'
        ? 'query ($id: ID!) { record: person(id: $id) { history(first: 100) { nodes { recordId operation version mutation fields { field before after } } } } }'
        : 'query ($id: ID!) { record: node(id: $id) { ... on Role { history(first: 100) { nodes { recordId operation version mutation fields { field before after } } } } } }';
    return (await server.data<{ record: { history: { nodes: ChangeOut[] } } }>(query, { id })).record.history.nodes;
  };
  /** Every change to roles in the feed, page by page. */
  const roleFeed = async () => {
    const all: ChangeOut[] = [];
    for (let after: string | null = null; ; ) {
      const page: { changes: { nodes: ChangeOut[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } = await server.data(
        'query ($after: String) { changes(first: 100, after: $after, types: [ROLE]) { nodes { recordId operation version mutation } pageInfo { endCursor hasNextPage } } }',
        { after },
      );
      all.push(...page.changes.nodes);
      if (!page.changes.pageInfo.hasNextPage) return all;
      after = page.changes.pageInfo.endCursor;
    }
  };
  const cite = async (record: string) => {
    const res = await payload<{ citation: { id: string } | null; userErrors: UserError[] }>(CITE, 'citeSource', { source: EDITORS, record, excerpt: 'Named in the minutes.', status: 'VERIFIED' });
    expect(res.userErrors).toEqual([]);
    return res.citation!.id;
  };

  describe('the happy paths', () => {
    it('createPerson stores the person with trimmed text, nationality, other names and roles, at version 1', async () => {
      const p = await created({
        name: '  Siti Rahma  ',
        honorificPrefix: ' Dr ',
        nationality: 'ID',
        otherNames: [{ lang: 'id', name: ' Siti Rachma ', note: 'Spelling in a press release.' }],
        roles: [
          { title: ' Programme Officer ', organization: SECRETARIAT, startDate: '2019-04-01', endDate: '2021-03-31' },
          { title: 'APO Director for Indonesia', organization: APO, country: 'ID', acting: true },
          { title: 'Deputy Director', organization: SECRETARIAT, startDate: '2015-01-01' },
        ],
      });
      expect(p).toMatchObject({ version: 1, name: 'Siti Rahma', honorificPrefix: 'Dr', nationality: { code: 'ID' }, otherNames: [{ lang: 'id', name: 'Siti Rachma', note: 'Spelling in a press release.' }] });
      // Listed as a read lists them: by start date, those without one last.
      expect(p.roles.map((r) => [r.title, r.acting, r.startDate, r.endDate, r.organization.name, r.country?.code ?? null, r.version])).toEqual([
        ['Deputy Director', false, '2015-01-01', null, 'APO Secretariat', null, 1],
        ['Programme Officer', false, '2019-04-01', '2021-03-31', 'APO Secretariat', null, 1],
        ['APO Director for Indonesia', true, null, null, 'Asian Productivity Organization', 'ID', 1],
      ]);
      expect(await read(p.id)).toEqual(p);
    });

    it('updatePerson changes only the fields sent, clears those sent as null, keeps the roles when none are sent, and raises the version', async () => {
      const p = await created({ name: 'To update', honorificPrefix: 'Mr', nationality: 'JP', otherNames: [{ lang: 'ja', name: 'Kōshin' }], roles: [{ title: 'Adviser', organization: JAPAN }] });
      const res = await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, name: 'Updated', honorificPrefix: null, otherNames: null });
      expect(res.userErrors).toEqual([]);
      expect(res.person).toMatchObject({ version: 2, name: 'Updated', honorificPrefix: null, nationality: { code: 'JP' }, otherNames: [], roles: [{ title: 'Adviser', version: 1 }] });
      expect(await read(p.id)).toEqual(res.person);
    });

    it('a person is found by the name and other names they have now, not by those they had', async () => {
      const p = await created({ name: 'Wirawan Searchable', otherNames: [{ lang: 'id', name: 'Wiraone' }] });
      await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, name: 'Wirawan Renamed', otherNames: [{ lang: 'en', name: 'Wira Newname' }] });
      const found = async (name: string) => (await server.data<{ people: { nodes: Array<{ id: string }> } }>('query ($name: String) { people(first: 100, filter: { name: $name }) { nodes { id } } }', { name })).people.nodes.map((n) => n.id);
      expect(await found('renamed')).toContain(p.id);
      expect(await found('newname')).toContain(p.id);
      expect(await found('searchable')).not.toContain(p.id);
      expect(await found('wiraone')).not.toContain(p.id);
    });

    it('updatePerson with `roles` replaces the list: roles left out are deleted, listed ones changed, new ones created; the version rises once', async () => {
      const p = await created({
        name: 'Role shuffle',
        roles: [
          { title: 'Kept', organization: APO, startDate: '2010-01-01' },
          { title: 'Changed', organization: APO, startDate: '2011-01-01' },
          { title: 'Dropped', organization: APO, startDate: '2012-01-01' },
        ],
      });
      const [kept, changed, dropped] = p.roles;
      const res = await payload(UPDATE, 'updatePerson', {
        id: p.id,
        version: 1,
        roles: [{ id: kept.id }, { id: changed.id, endDate: '2013-06-30', country: 'JP', acting: true }, { title: 'New', organization: JAPAN, startDate: '2014-01-01' }],
      });
      expect(res.userErrors).toEqual([]);
      expect(res.person!.version).toBe(2);
      expect(res.person!.roles.map((r) => [r.title, r.version, r.startDate, r.endDate, r.acting, r.country?.code ?? null, r.organization.name])).toEqual([
        ['Kept', 1, '2010-01-01', null, false, null, 'Asian Productivity Organization'],
        ['Changed', 2, '2011-01-01', '2013-06-30', true, 'JP', 'Asian Productivity Organization'],
        ['New', 1, '2014-01-01', null, false, null, 'Government of Japan'],
      ]);
      expect(res.person!.roles.slice(0, 2).map((r) => r.id)).toEqual([kept.id, changed.id]);
      expect(await read(p.id)).toEqual(res.person);
      expect(await node(dropped.id)).toBeNull();
    });

    it('sending the roles as they are changes nothing, not even the version', async () => {
      const p = await created({ name: 'Unchanged', roles: [{ title: 'Same', organization: APO, startDate: '2020-01-01' }] });
      const r = p.roles[0];
      const res = await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, name: 'Unchanged', roles: [{ id: r.id, title: 'Same', organization: APO, startDate: '2020-01-01', acting: false }] });
      expect(res.userErrors).toEqual([]);
      expect(res.person).toEqual(p);
      expect((await history('person', p.id)).map((h) => h.operation)).toEqual(['CREATE']);
    });

    it('`roles: null` deletes every role of the person', async () => {
      const p = await created({ name: 'No more roles', roles: [{ title: 'A', organization: APO }, { title: 'B', organization: APO }] });
      const res = await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, roles: null });
      expect(res.userErrors).toEqual([]);
      expect(res.person).toMatchObject({ version: 2, roles: [] });
      for (const r of p.roles) expect(await node(r.id)).toBeNull();
    });

    it('deletePerson deletes the person with their roles and answers the ID', async () => {
      const p = await created({ name: 'To delete', roles: [{ title: 'Temporary', organization: APO }] });
      const before = await counts();
      const res = await payload(DELETE, 'deletePerson', { id: p.id, version: 1 });
      expect(res).toEqual({ deletedId: p.id, userErrors: [] });
      expect((await counts()).people).toBe(before.people - 1);
      expect((await server.gql(READ, { id: p.id })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(await node(p.roles[0].id)).toBeNull();
    });
  });

  describe('validation: a user error at the field, and nothing written', () => {
    const role = { title: 'Officer', organization: APO };
    const cases: Array<[string, Record<string, unknown>, string[], string, RegExp]> = [
      ['a missing name', { name: undefined }, ['name'], 'BAD_USER_INPUT', /Required/],
      ['an empty name', { name: '  ' }, ['name'], 'BAD_USER_INPUT', /empty/],
      ['a name over 200 characters', { name: 'n'.repeat(201) }, ['name'], 'BAD_USER_INPUT', /At most 200/],
      ['an honorific over 50 characters', { honorificPrefix: 'h'.repeat(51) }, ['honorificPrefix'], 'BAD_USER_INPUT', /At most 50/],
      ['a nationality no country has', { nationality: 'US' }, ['nationality'], 'NOT_FOUND', /No Country has the code US/],
      ['another name in no language', { otherNames: [{ lang: 'Indonesian', name: 'x' }] }, ['otherNames', '0', 'lang'], 'BAD_USER_INPUT', /ISO 639-1/],
      ['an empty other name', { otherNames: [{ lang: 'en', name: 'ok' }, { lang: 'en', name: ' ' }] }, ['otherNames', '1', 'name'], 'BAD_USER_INPUT', /empty/],
      ['a role without a title', { roles: [role, { organization: APO }] }, ['roles', '1', 'title'], 'BAD_USER_INPUT', /Required/],
      ['a role title over 255 characters', { roles: [{ ...role, title: 't'.repeat(256) }] }, ['roles', '0', 'title'], 'BAD_USER_INPUT', /At most 255/],
      ['a role without an organization', { roles: [{ title: 'Officer' }] }, ['roles', '0', 'organization'], 'BAD_USER_INPUT', /Required/],
      ['a role in an organization that does not exist', { roles: [{ ...role, organization: gid('Organization', 'nowhere') }] }, ['roles', '0', 'organization'], 'NOT_FOUND', /No Organization/],
      ['a role in an organization ID of another type', { roles: [{ ...role, organization: ZAKIA }] }, ['roles', '0', 'organization'], 'NOT_FOUND', /No Organization/],
      ['a role for a country not stored', { roles: [{ ...role, country: 'FR' }] }, ['roles', '0', 'country'], 'NOT_FOUND', /No Country has the code FR/],
      ['a role ending before it starts', { roles: [role, role, { ...role, startDate: '2020-05-01', endDate: '2020-04-30' }] }, ['roles', '2', 'endDate'], 'BAD_USER_INPUT', /before the start/],
      ['a role ID in a new person', { roles: [{ ...role, id: gid('Role', 'akp-mochtan-apo-secretary-general') }] }, ['roles', '0', 'id'], 'NOT_FOUND', /no role with the ID/],
    ];
    it.each(cases)('%s', async (_what, input, field, code, message) => {
      const before = await counts();
      const res = await payload(CREATE, 'createPerson', { name: 'Valid name', ...input });
      expect(res.person).toBeNull();
      expect(res.userErrors).toHaveLength(1);
      expect(res.userErrors[0]).toMatchObject({ field, code });
      expect(res.userErrors[0].message).toMatch(message);
      expect(await counts()).toEqual(before);
    });

    it('every problem of an input is reported at once, each at its place in the list', async () => {
      const res = await payload(CREATE, 'createPerson', { name: '', nationality: 'US', roles: [{ title: 'ok', organization: APO }, { title: '', organization: gid('Organization', 'x'), startDate: '2020-01-02', endDate: '2020-01-01' }] });
      expect(res.userErrors.map((e) => e.field!.join('.')).sort()).toEqual(['name', 'nationality', 'roles.1.endDate', 'roles.1.organization', 'roles.1.title']);
    });

    const updates: Array<[string, (p: PersonOut, other: PersonOut) => Record<string, unknown>, string[], string, RegExp]> = [
      ['a name sent as null', () => ({ name: null }), ['name'], 'BAD_USER_INPUT', /Required/],
      ['a role of another person', (_p, other) => ({ roles: [{ id: other.roles[0].id }] }), ['roles', '0', 'id'], 'NOT_FOUND', /no role with the ID/],
      ['a role listed twice', (p) => ({ roles: [{ id: p.roles[0].id }, { id: p.roles[0].id, title: 'Twice' }] }), ['roles', '1', 'id'], 'BAD_USER_INPUT', /already in the list/],
      ['a role changed to end before its stored start', (p) => ({ roles: [{ id: p.roles[0].id, endDate: '2000-01-01' }] }), ['roles', '0', 'endDate'], 'BAD_USER_INPUT', /before the start date \(2010-01-01\)/],
      ['a role whose organization is sent as null', (p) => ({ roles: [{ id: p.roles[0].id, organization: null }] }), ['roles', '0', 'organization'], 'BAD_USER_INPUT', /Required/],
    ];
    it.each(updates)('in an update, %s', async (_what, change, field, code, message) => {
      const p = await created({ name: 'Stays as is', roles: [{ title: 'Head', organization: APO, startDate: '2010-01-01' }] });
      const other = await created({ name: 'Someone else', roles: [{ title: 'Other', organization: APO }] });
      const res = await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, ...change(p, other) });
      expect(res.userErrors).toHaveLength(1);
      expect(res.userErrors[0]).toMatchObject({ field, code });
      expect(res.userErrors[0].message).toMatch(message);
      expect(res.person).toBeNull();
      expect(await read(p.id)).toEqual(p);
      expect(await read(other.id)).toEqual(other);
    });

    it.each([
      ['a country code in lower case', { nationality: 'id' }],
      ['a date that is not a date', { roles: [{ title: 't', organization: APO, startDate: '2021-02-29' }] }],
    ])('%s is refused before the mutation runs (BAD_USER_INPUT)', async (_what, input) => {
      const before = await counts();
      const res = await mutate<'createPerson'>(CREATE, { name: 'Refused', ...input });
      expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await counts()).toEqual(before);
    });
  });

  describe('deletes refused while others depend on the person or their roles', () => {
    it('a person who chairs meetings, takes part in them and is cited cannot be deleted; the message names them all', async () => {
      const zakia = await read(ZAKIA);
      const res = await payload(DELETE, 'deletePerson', { id: ZAKIA, version: zakia.version });
      expect(res.deletedId).toBeNull();
      expect(res.userErrors).toHaveLength(1);
      expect(res.userErrors[0]).toMatchObject({ field: ['id'], code: 'CONFLICT' });
      expect(res.userErrors[0].message).toMatch(/^This Person cannot be deleted: .* depend on it/);
      for (const what of [/\d+ Meeting records \(as chair\)/, /\d+ MeetingParticipant records \(as person\)/, /\d+ Citation records \(of it\)/]) expect(res.userErrors[0].message).toMatch(what);
      expect(await read(ZAKIA)).toEqual(zakia);
    });

    it('a person cited, and nothing else, cannot be deleted', async () => {
      const p = await created({ name: 'Cited only' });
      await cite(p.id);
      const res = await payload(DELETE, 'deletePerson', { id: p.id, version: 1 });
      expect(res).toEqual({ deletedId: null, userErrors: [{ field: ['id'], code: 'CONFLICT', message: expect.stringMatching(/cannot be deleted: 1 Citation \(of it\) depend on it/) }] });
      expect((await read(p.id)).name).toBe('Cited only');
    });

    it('a person one of whose roles is cited cannot be deleted, nor can that role be left out of the list; the message names the role', async () => {
      const p = await created({ name: 'Role cited', roles: [{ title: 'Cited role', organization: APO }, { title: 'Free role', organization: APO }] });
      const cited = p.roles.find((r) => r.title === 'Cited role')!;
      await cite(cited.id);
      const before = await counts();
      const del = await payload(DELETE, 'deletePerson', { id: p.id, version: 1 });
      expect(del.deletedId).toBeNull();
      expect(del.userErrors).toEqual([{ field: ['id'], code: 'CONFLICT', message: expect.stringMatching(new RegExp(`^Role "Cited role" \\(${cited.id}\\): This Role cannot be deleted: 1 Citation \\(of it\\) depend on it`)) }]);
      const upd = await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, name: 'Renamed in vain', roles: [{ title: 'Replacement', organization: APO }] });
      expect(upd.userErrors).toEqual([{ field: ['roles'], code: 'CONFLICT', message: expect.stringMatching(/^Role "Cited role" .*1 Citation \(of it\)/) }]);
      expect(upd.person).toEqual(p);
      expect(await read(p.id)).toEqual(p);
      expect(await counts()).toEqual(before);
    });
  });

  describe('roles of the API tokens', () => {
    it.each([
      ['without a token', {}, 'UNAUTHENTICATED'],
      ['with a reader token', 'reader', 'FORBIDDEN'],
    ] as const)('%s no person can be created, changed or deleted (%s)', async (_what, who, code) => {
      const p = await created({ name: 'Guarded', roles: [{ title: 'Guard', organization: APO }] });
      const before = await counts();
      const headers = typeof who === "string" ? auth[who as "reader"] : who;
      for (const [query, input] of [
        [CREATE, { name: 'Not allowed' }],
        [UPDATE, { id: p.id, version: 1, name: 'Not allowed', roles: null }],
        [DELETE, { id: p.id, version: 1 }],
      ] as const) {
        const res = await mutate(query, input, headers);
        expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
        expect(res.body.data).toBeNull();
      }
      expect(await counts()).toEqual(before);
      expect(await read(p.id)).toEqual(p);
    });
  });

  describe('no lost updates', () => {
    it('an update from a stale version is a CONFLICT carrying the current version, and changes nothing', async () => {
      const p = await created({ name: 'Version 1' });
      await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, name: 'Version 2' });
      const stale = await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, name: 'Lost update' });
      expect(stale.userErrors).toEqual([{ field: ['version'], code: 'CONFLICT', message: expect.stringMatching(/at version 2, not 1/) }]);
      expect(stale.person).toMatchObject({ version: 2, name: 'Version 2' });
      expect((await read(p.id)).name).toBe('Version 2');
    });

    it('a change of roles alone raises the person\'s version, so a later edit of the roles from the old version is a CONFLICT', async () => {
      const p = await created({ name: 'Roles raced', roles: [{ title: 'First', organization: APO }] });
      const first = await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, roles: [{ id: p.roles[0].id, title: 'Renamed' }] });
      expect(first.person).toMatchObject({ version: 2, roles: [{ title: 'Renamed', version: 2 }] });
      const stale = await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, roles: [] });
      expect(stale.userErrors[0]).toMatchObject({ field: ['version'], code: 'CONFLICT' });
      expect((await read(p.id)).roles.map((r) => r.title)).toEqual(['Renamed']);
    });

    it('a deletion from a stale version is a CONFLICT', async () => {
      const p = await created({ name: 'Delete raced' });
      await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, honorificPrefix: 'Ms' });
      const res = await payload(DELETE, 'deletePerson', { id: p.id, version: 1 });
      expect(res).toEqual({ deletedId: null, userErrors: [{ field: ['version'], code: 'CONFLICT', message: expect.stringMatching(/at version 2, not 1/) }] });
      expect((await read(p.id)).honorificPrefix).toBe('Ms');
    });
  });

  describe('atomicity', () => {
    it('a failure after the person is written but before their roles are leaves nothing', async () => {
      const before = await counts();
      server.failNext(/insert into .role/i);
      const res = await mutate<'createPerson'>(CREATE, { name: 'Half-written', roles: [{ title: 'Never', organization: APO }] });
      expect(res.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(await counts()).toEqual(before);
      const found = await server.data<{ people: { nodes: Array<{ name: string }> } }>('{ people(first: 100, filter: { name: "Half-written" }) { nodes { name } } }');
      expect(found.people.nodes).toEqual([]);
    });
  });

  describe('history', () => {
    it('the person\'s history lists each change of their fields; each role\'s history lists its own', async () => {
      const p = await created({ name: 'Tracked', nationality: 'JP', roles: [{ title: 'Analyst', organization: APO, startDate: '2020-01-01' }] });
      const r = p.roles[0];
      await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, name: 'Tracked Again', nationality: 'ID' });
      await payload(UPDATE, 'updatePerson', { id: p.id, version: 2, roles: [{ id: r.id, title: 'Senior Analyst' }] });
      const person = await history('person', p.id);
      expect(person.map((h) => [h.operation, h.version, h.mutation])).toEqual([
        ['CREATE', 1, 'createPerson'],
        ['UPDATE', 2, 'updatePerson'],
        ['UPDATE', 3, 'updatePerson'],
      ]);
      expect(person[0].fields).toEqual(expect.arrayContaining([{ field: 'name', before: null, after: '"Tracked"' }, { field: 'nationality', before: null, after: JSON.stringify(gid('Country', 'JP')) }]));
      expect(person[1].fields).toEqual(expect.arrayContaining([
        { field: 'name', before: '"Tracked"', after: '"Tracked Again"' },
        { field: 'nationality', before: JSON.stringify(gid('Country', 'JP')), after: JSON.stringify(gid('Country', 'ID')) },
      ]));
      const role = await history('node', r.id);
      expect(role.map((h) => [h.operation, h.version, h.mutation])).toEqual([['CREATE', 1, 'createPerson'], ['UPDATE', 2, 'updatePerson']]);
      expect(role[0].fields).toEqual(expect.arrayContaining([{ field: 'person', before: null, after: JSON.stringify(p.id) }, { field: 'title', before: null, after: '"Analyst"' }]));
      expect(role[1].fields).toEqual([{ field: 'title', before: '"Analyst"', after: '"Senior Analyst"' }]);
    });

    it('roles deleted with their person, or left out of the list, are in the change feed as deletions', async () => {
      const p = await created({ name: 'Feed', roles: [{ title: 'Left out', organization: APO }, { title: 'Deleted with', organization: APO }] });
      const [leftOut, deletedWith] = p.roles;
      await payload(UPDATE, 'updatePerson', { id: p.id, version: 1, roles: [{ id: deletedWith.id }] });
      await payload(DELETE, 'deletePerson', { id: p.id, version: 2 });
      const audit = await server.gql<{ auditLog: { nodes: ChangeOut[] } }>('{ auditLog(first: 100, filter: { recordTypes: [PERSON, ROLE], mutation: "deletePerson" }) { nodes { recordId operation version mutation fields { field before after } } } }', {}, auth.admin);
      const mine = audit.body.data!.auditLog.nodes.filter((n) => [p.id, deletedWith.id].includes(n.recordId));
      expect(mine.map((n) => [n.recordId, n.operation]).sort()).toEqual([[p.id, 'DELETE'], [deletedWith.id, 'DELETE']].sort());
      expect((await roleFeed()).filter((n) => n.recordId === leftOut.id).map((n) => [n.operation, n.mutation])).toEqual([['CREATE', 'createPerson'], ['DELETE', 'updatePerson']]);
    });
  });
});
