import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, gid, mutationPayload, roleHeaders, startServer, type GraphQLResponse, type TestServer } from '../helpers/server';

// Editing organizations over HTTP: the mutations, each validation rule (a tree of parents without cycles among
// them), roles, lost-update protection, deletes refused while others depend on the record, and its history.

interface UserError { field: string[] | null; message: string; code: string }
interface OrganizationOut { id: string; version: number; name: string; acronym: string | null; kind: string; country: { code: string } | null; parent: { id: string } | null; names: Array<{ lang: string; name: string; note: string | null }> }
interface Payload { organization?: OrganizationOut | null; deletedId?: string | null; userErrors: UserError[] }
interface Change { operation: string; version: number; mutation: string; fields: Array<{ field: string; before: string | null; after: string | null }> }

const ERRORS = 'userErrors { field message code }';
const ORGANIZATION = 'id version name acronym kind country { code } parent { id } names { lang name note }';
const CREATE = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { ${ORGANIZATION} } ${ERRORS} } }`;
const UPDATE = `mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { ${ORGANIZATION} } ${ERRORS} } }`;
const DELETE = `mutation ($input: DeleteOrganizationInput!) { deleteOrganization(input: $input) { deletedId ${ERRORS} } }`;
const CREATE_MEMBERSHIP = `mutation ($input: CreateMembershipInput!) { createMembership(input: $input) { membership { id } ${ERRORS} } }`;
const READ = `query ($id: ID!) { organization(id: $id) { ${ORGANIZATION} } }`;
const HISTORY = `query ($id: ID!) { organization(id: $id) { history(first: 100) { nodes { operation version mutation fields { field before after } } } } }`;

const APO = gid('Organization', 'apo');
const KEMNAKER = gid('Organization', 'kemnaker');

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  const auth: Record<'reader' | 'editor', Record<string, string>> = { reader: {}, editor: {} };

  beforeAll(async () => {
    server = await startServer(db);
    Object.assign(auth, await roleHeaders(server, 'organization-test'));
  });
  afterAll(() => server?.close());

  const mutate = (query: string, input: Record<string, unknown>, as: Record<string, string> = auth.editor): Promise<GraphQLResponse<Record<string, Payload>>> => server.gql(query, { input }, as);
  /** The payload of a mutation that must not fail with a GraphQL error. */
  const payload = async (query: string, name: string, input: Record<string, unknown>) => mutationPayload<Payload>(server, query, name, input, auth.editor);
  const created = async (input: Record<string, unknown>) => {
    const res = await payload(CREATE, 'createOrganization', { kind: 'OTHER', ...input });
    expect(res.userErrors).toEqual([]);
    return res.organization!;
  };
  const read = async (id: string) => (await server.data<{ organization: OrganizationOut }>(READ, { id })).organization;
  const total = async () => (await server.data<{ organizations: { totalCount: number } }>('{ organizations { totalCount } }')).organizations.totalCount;
  const history = async (id: string) => (await server.data<{ organization: { history: { nodes: Change[] } } }>(HISTORY, { id })).organization.history.nodes;
  /** Expects exactly one user error, at `field` with `code`, and no organization in the payload. */
  const refused = (res: Payload, field: string[], code: string, message: RegExp) => {
    expect(res.organization ?? null).toBeNull();
    expect(res.userErrors).toHaveLength(1);
    expect(res.userErrors[0]).toMatchObject({ field, code });
    expect(res.userErrors[0].message).toMatch(message);
  };

  describe('the happy paths', () => {
    it('createOrganization stores the organization with trimmed text, its country by code and its parent, at version 1', async () => {
      const o = await created({ name: '  Indonesian Productivity Centre ', acronym: ' IPC ', kind: 'NATIONAL_PRODUCTIVITY_ORGANIZATION', country: 'ID', parent: KEMNAKER, names: [{ lang: 'id', name: ' Pusat Produktivitas ' }] });
      expect(o).toMatchObject({ version: 1, name: 'Indonesian Productivity Centre', acronym: 'IPC', kind: 'NATIONAL_PRODUCTIVITY_ORGANIZATION', country: { code: 'ID' }, parent: { id: KEMNAKER }, names: [{ lang: 'id', name: 'Pusat Produktivitas', note: null }] });
      expect(await read(o.id)).toEqual(o);
      const children = await server.data<{ organization: { children: Array<{ id: string }> } }>('query ($id: ID!) { organization(id: $id) { children { id } } }', { id: KEMNAKER });
      expect(children.organization.children.map((c) => c.id)).toContain(o.id);
    });

    it('updateOrganization changes only the fields sent, clears those sent as null, and raises the version', async () => {
      const o = await created({ name: 'To update', acronym: 'TU', country: 'JP', parent: APO, names: [{ lang: 'en', name: 'Updatable' }] });
      const res = await payload(UPDATE, 'updateOrganization', { id: o.id, version: 1, name: 'Updated', acronym: null, country: null, parent: null, names: null });
      expect(res.userErrors).toEqual([]);
      expect(res.organization).toEqual({ ...o, version: 2, name: 'Updated', acronym: null, country: null, parent: null, names: [] });
      expect(await read(o.id)).toEqual(res.organization);
      const found = async (name: string) => (await server.data<{ organizations: { nodes: Array<{ id: string }> } }>('query ($name: String) { organizations(filter: { name: $name }) { nodes { id } } }', { name })).organizations.nodes;
      expect(await found('Updatable')).toEqual([]);
      expect(await found('Updated')).toEqual([{ id: o.id }]);
    });

    it('updateOrganization may move an organization to another parent that is not under it', async () => {
      const a = await created({ name: 'Branch A' });
      const b = await created({ name: 'Branch B', parent: a.id });
      const res = await payload(UPDATE, 'updateOrganization', { id: b.id, version: 1, parent: KEMNAKER });
      expect(res.userErrors).toEqual([]);
      expect(res.organization!.parent).toEqual({ id: KEMNAKER });
    });

    it('deleteOrganization deletes an organization nothing depends on and answers its ID; it is gone', async () => {
      const o = await created({ name: 'To delete' });
      const before = await total();
      expect(await payload(DELETE, 'deleteOrganization', { id: o.id, version: 1 })).toEqual({ deletedId: o.id, userErrors: [] });
      expect(await total()).toBe(before - 1);
      expect((await server.gql(READ, { id: o.id })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('validation: a user error at the field, and nothing written', () => {
    const cases: Array<[string, Record<string, unknown>, string[], string, RegExp]> = [
      ['a missing name', { name: undefined }, ['name'], 'BAD_USER_INPUT', /Required/],
      ['an empty name', { name: ' \t ' }, ['name'], 'BAD_USER_INPUT', /empty/],
      ['a name over 300 characters', { name: 'n'.repeat(301) }, ['name'], 'BAD_USER_INPUT', /At most 300/],
      ['an acronym over 50 characters', { acronym: 'A'.repeat(51) }, ['acronym'], 'BAD_USER_INPUT', /At most 50/],
      ['a missing kind', { kind: null }, ['kind'], 'BAD_USER_INPUT', /Required/],
      ['a country code no country has', { country: 'GB' }, ['country'], 'NOT_FOUND', /No Country has the code GB/],
      ['a parent that does not exist', { parent: gid('Organization', 'nobody') }, ['parent'], 'NOT_FOUND', /No Organization has the ID/],
      ['a parent ID of another type', { parent: gid('Country', 'JP') }, ['parent'], 'NOT_FOUND', /No Organization has the ID/],
      ['a localized name\'s language that is not an ISO 639-1 code', { names: [{ lang: 'ind', name: 'Organisasi' }] }, ['names', '0', 'lang'], 'BAD_USER_INPUT', /ISO 639-1/],
      ['an empty localized name', { names: [{ lang: 'en', name: 'Fine' }, { lang: 'id', name: '' }] }, ['names', '1', 'name'], 'BAD_USER_INPUT', /empty/],
      ['a localized name over 300 characters', { names: [{ lang: 'en', name: 'n'.repeat(301) }] }, ['names', '0', 'name'], 'BAD_USER_INPUT', /At most 300/],
    ];
    it.each(cases)('%s', async (_what, input, field, code, message) => {
      const before = await total();
      refused(await payload(CREATE, 'createOrganization', { name: 'Valid', kind: 'OTHER', ...input }), field, code, message);
      expect(await total()).toBe(before);
    });

    it('an organization cannot be its own parent (BAD_USER_INPUT at parent), and nothing changes', async () => {
      const o = await created({ name: 'Self-parented?' });
      refused(await payload(UPDATE, 'updateOrganization', { id: o.id, version: 1, parent: o.id }), ['parent'], 'BAD_USER_INPUT', /cannot be its own parent/);
      expect(await read(o.id)).toEqual(o);
    });

    it('an organization cannot be put under one of the organizations under it (BAD_USER_INPUT at parent), and nothing changes', async () => {
      const top = await created({ name: 'Top' });
      const middle = await created({ name: 'Middle', parent: top.id });
      const bottom = await created({ name: 'Bottom', parent: middle.id });
      for (const below of [middle, bottom]) {
        refused(await payload(UPDATE, 'updateOrganization', { id: top.id, version: 1, parent: below.id, name: 'Moved' }), ['parent'], 'BAD_USER_INPUT', new RegExp(`${below.name} is itself under Top: an organization cannot be its own ancestor`));
      }
      expect(await read(top.id)).toEqual(top);
    });

    it('every problem of an input is reported at once', async () => {
      const res = await payload(CREATE, 'createOrganization', { name: '', acronym: 'A'.repeat(60), kind: 'OTHER', country: 'GB', parent: gid('Organization', 'nobody') });
      expect(res.userErrors.map((e) => `${e.field} ${e.code}`).sort()).toEqual(['acronym BAD_USER_INPUT', 'country NOT_FOUND', 'name BAD_USER_INPUT', 'parent NOT_FOUND']);
    });

    it('a country code that is not ISO 3166-1 is refused before the mutation runs (BAD_USER_INPUT)', async () => {
      const before = await total();
      const res = await mutate(CREATE, { name: 'Valid', kind: 'OTHER', country: 'XX' });
      expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await total()).toBe(before);
    });
  });

  describe('deletes refused while others depend on the organization', () => {
    it('the APO: the message names its units, memberships and the rest, and the APO stays', async () => {
      const apo = await read(APO);
      const res = await payload(DELETE, 'deleteOrganization', { id: APO, version: apo.version });
      expect(res.deletedId).toBeNull();
      expect(res.userErrors).toEqual([{ field: ['id'], code: 'CONFLICT', message: expect.stringMatching(/^This Organization cannot be deleted: .* depend on it\. Change or delete them first\.$/) }]);
      for (const dependent of ['2 Organization records (as parent)', '21 Membership records (as organization)', 'Citation']) {
        expect(res.userErrors[0].message).toContain(dependent);
      }
      expect(await read(APO)).toEqual(apo);
    });

    it('an organization with a unit under it, or a membership of it, is refused until they are gone', async () => {
      const parent = await created({ name: 'Parent body' });
      const child = await created({ name: 'Unit', parent: parent.id });
      const refusal = async () => (await payload(DELETE, 'deleteOrganization', { id: parent.id, version: 1 })).userErrors;
      expect(await refusal()).toEqual([{ field: ['id'], code: 'CONFLICT', message: 'This Organization cannot be deleted: 1 Organization (as parent) depend on it. Change or delete them first.' }]);
      expect((await payload(DELETE, 'deleteOrganization', { id: child.id, version: 1 })).userErrors).toEqual([]);
      const membership = await payload(CREATE_MEMBERSHIP, 'createMembership', { organization: parent.id, country: 'JP', status: 'ACTIVE' });
      expect(membership.userErrors).toEqual([]);
      expect(await refusal()).toEqual([{ field: ['id'], code: 'CONFLICT', message: 'This Organization cannot be deleted: 1 Membership (as organization) depend on it. Change or delete them first.' }]);
      expect(await read(parent.id)).toEqual(parent);
    });
  });

  describe('no lost updates', () => {
    it('an update from a stale version is a CONFLICT carrying the current version, and changes nothing', async () => {
      const o = await created({ name: 'Version 1' });
      await payload(UPDATE, 'updateOrganization', { id: o.id, version: 1, name: 'Version 2' });
      const stale = await payload(UPDATE, 'updateOrganization', { id: o.id, version: 1, name: 'Lost update' });
      expect(stale.userErrors).toEqual([{ field: ['version'], code: 'CONFLICT', message: expect.stringMatching(/at version 2, not 1/) }]);
      expect(stale.organization).toMatchObject({ version: 2, name: 'Version 2' });
      expect((await read(o.id)).name).toBe('Version 2');
      expect(await payload(DELETE, 'deleteOrganization', { id: o.id, version: 1 })).toMatchObject({ deletedId: null, userErrors: [{ field: ['version'], code: 'CONFLICT' }] });
    });
  });

  describe('roles: without a token or with a reader token nothing changes', () => {
    const attempts: Array<[string, string, Record<string, unknown>]> = [
      ['createOrganization', CREATE, { name: 'Not allowed', kind: 'OTHER' }],
      ['updateOrganization', UPDATE, { id: KEMNAKER, version: 1, name: 'Not allowed' }],
      ['deleteOrganization', DELETE, { id: KEMNAKER, version: 1 }],
    ];
    for (const [who, code] of [['no token', 'UNAUTHENTICATED'], ['reader', 'FORBIDDEN']] as const) {
      it.each(attempts)(`%s with ${who}: ${code}`, async (_name, query, input) => {
        const [before, kemnaker] = [await total(), await read(KEMNAKER)];
        const res = await mutate(query, input, who === 'reader' ? auth.reader : {});
        expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
        expect(res.body.data).toBeNull();
        expect([await total(), await read(KEMNAKER)]).toEqual([before, kemnaker]);
      });
    }
  });

  it('the history of a changed organization lists its creation and the change, field by field', async () => {
    const o = await created({ name: 'Historic', country: 'JP' });
    await payload(UPDATE, 'updateOrganization', { id: o.id, version: 1, parent: APO, country: null });
    const h = await history(o.id);
    expect(h.map((e) => [e.operation, e.version, e.mutation])).toEqual([['CREATE', 1, 'createOrganization'], ['UPDATE', 2, 'updateOrganization']]);
    expect(h[0].fields).toEqual(expect.arrayContaining([{ field: 'name', before: null, after: '"Historic"' }]));
    expect(h[1].fields).toEqual(expect.arrayContaining([
      { field: 'parent', before: 'null', after: JSON.stringify(APO) },
      { field: 'country', before: JSON.stringify(gid('Country', 'JP')), after: 'null' },
    ]));
    expect(h[1].fields.map((f) => f.field)).not.toContain('name');
  });
});
