import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, gid, mutationPayload, roleHeaders, startServer, type GraphQLResponse, type TestServer } from '../helpers/server';

// Editing countries and memberships over HTTP: the mutations, each validation rule, roles, lost-update
// protection, deletes refused while others depend on the record, and the record's history afterwards.

interface UserError { field: string[] | null; message: string; code: string }
interface Name { lang: string; name: string; note: string | null }
interface CountryOut { id: string; version: number; code: string; alpha3: string; name: string; names: Name[] }
interface MembershipOut { id: string; version: number; joinedOn: string | null; joinedOnPrecision: string; leftOn: string | null; status: string; organization: { id: string }; country: { code: string } }
interface Payload { country?: CountryOut | null; membership?: MembershipOut | null; deletedId?: string | null; userErrors: UserError[] }
interface Change { operation: string; version: number; mutation: string; fields: Array<{ field: string; before: string | null; after: string | null }> }

const ERRORS = 'userErrors { field message code }';
const COUNTRY = 'id version code alpha3 name names { lang name note }';
const MEMBERSHIP = 'id version joinedOn joinedOnPrecision leftOn status organization { id } country { code }';
const CREATE_COUNTRY = `mutation ($input: CreateCountryInput!) { createCountry(input: $input) { country { ${COUNTRY} } ${ERRORS} } }`;
const UPDATE_COUNTRY = `mutation ($input: UpdateCountryInput!) { updateCountry(input: $input) { country { ${COUNTRY} } ${ERRORS} } }`;
const DELETE_COUNTRY = `mutation ($input: DeleteCountryInput!) { deleteCountry(input: $input) { deletedId ${ERRORS} } }`;
const CREATE_MEMBERSHIP = `mutation ($input: CreateMembershipInput!) { createMembership(input: $input) { membership { ${MEMBERSHIP} } ${ERRORS} } }`;
const UPDATE_MEMBERSHIP = `mutation ($input: UpdateMembershipInput!) { updateMembership(input: $input) { membership { ${MEMBERSHIP} } ${ERRORS} } }`;
const DELETE_MEMBERSHIP = `mutation ($input: DeleteMembershipInput!) { deleteMembership(input: $input) { deletedId ${ERRORS} } }`;
const READ_COUNTRY = `query ($code: CountryCode!) { country(code: $code) { ${COUNTRY} } }`;
const READ_MEMBERSHIP = `query ($id: ID!) { node(id: $id) { ... on Membership { ${MEMBERSHIP} } } }`;
const HISTORY = `query ($id: ID!) { node(id: $id) { ... on Country { history(first: 100) { nodes { operation version mutation fields { field before after } } } } ... on Membership { history(first: 100) { nodes { operation version mutation fields { field before after } } } } } }`;

const APO = gid('Organization', 'apo');
const JAPAN = { code: 'JP', alpha3: 'JPN' };

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  const auth: Record<'reader' | 'editor', Record<string, string>> = { reader: {}, editor: {} };

  beforeAll(async () => {
    server = await startServer(db);
    Object.assign(auth, await roleHeaders(server, 'country-test'));
  });
  afterAll(() => server?.close());

  const mutate = (query: string, input: Record<string, unknown>, as: Record<string, string> = auth.editor): Promise<GraphQLResponse<Record<string, Payload>>> => server.gql(query, { input }, as);
  /** The payload of a mutation that must not fail with a GraphQL error. */
  const payload = async (query: string, name: string, input: Record<string, unknown>) => mutationPayload<Payload>(server, query, name, input, auth.editor);
  const createdCountry = async (input: Record<string, unknown>) => {
    const res = await payload(CREATE_COUNTRY, 'createCountry', input);
    expect(res.userErrors).toEqual([]);
    return res.country!;
  };
  const createdMembership = async (input: Record<string, unknown>) => {
    const res = await payload(CREATE_MEMBERSHIP, 'createMembership', { organization: APO, status: 'ACTIVE', ...input });
    expect(res.userErrors).toEqual([]);
    return res.membership!;
  };
  const readCountry = async (code: string) => (await server.data<{ country: CountryOut }>(READ_COUNTRY, { code })).country;
  const readMembership = async (id: string) => (await server.data<{ node: MembershipOut | null }>(READ_MEMBERSHIP, { id })).node;
  const countries = async () => (await server.data<{ countries: { totalCount: number } }>('{ countries { totalCount } }')).countries.totalCount;
  const memberships = async () => (await server.data<{ memberships: { totalCount: number } }>('{ memberships { totalCount } }')).memberships.totalCount;
  const history = async (id: string) => (await server.data<{ node: { history: { nodes: Change[] } } }>(HISTORY, { id })).node.history.nodes;
  /** Expects exactly one user error, at `field` with `code`, and no record in the payload. */
  const refused = (res: Payload, field: string[], code: string, message: RegExp) => {
    expect(res.country ?? res.membership ?? null).toBeNull();
    expect(res.userErrors).toHaveLength(1);
    expect(res.userErrors[0]).toMatchObject({ field, code });
    expect(res.userErrors[0].message).toMatch(message);
  };

  describe('countries', () => {
    it('createCountry stores the country with trimmed names, at version 1; it is read by its code', async () => {
      const c = await createdCountry({ code: 'FR', alpha3: 'FRA', name: '  France ', names: [{ lang: ' id ', name: ' Prancis ', note: '  Indonesian name ' }, { lang: 'fr', name: 'France' }] });
      expect(c).toMatchObject({ version: 1, code: 'FR', alpha3: 'FRA', name: 'France', names: [{ lang: 'id', name: 'Prancis', note: 'Indonesian name' }, { lang: 'fr', name: 'France', note: null }] });
      expect(await readCountry('FR')).toEqual(c);
    });

    it('updateCountry changes only the fields sent, clears the names sent as null, and raises the version', async () => {
      const c = await createdCountry({ code: 'DE', alpha3: 'DEU', name: 'Germany', names: [{ lang: 'id', name: 'Jerman' }] });
      const res = await payload(UPDATE_COUNTRY, 'updateCountry', { id: c.id, version: 1, name: 'Federal Republic of Germany', names: null });
      expect(res.userErrors).toEqual([]);
      expect(res.country).toEqual({ ...c, version: 2, name: 'Federal Republic of Germany', names: [] });
      expect(await readCountry('DE')).toEqual(res.country);
      const found = async (name: string) => (await server.data<{ countries: { nodes: Array<{ code: string }> } }>('query ($name: String) { countries(filter: { name: $name }) { nodes { code } } }', { name })).countries.nodes;
      expect(await found('Federal Republic')).toEqual([{ code: 'DE' }]);
      expect(await found('Jerman')).toEqual([]);
    });

    it('updateCountry may change the code: the country keeps its ID and is read by the new code', async () => {
      const c = await createdCountry({ code: 'BR', alpha3: 'BRA', name: 'Brazil' });
      const res = await payload(UPDATE_COUNTRY, 'updateCountry', { id: c.id, version: 1, code: 'AR', alpha3: 'ARG' });
      expect(res.userErrors).toEqual([]);
      expect(await readCountry('AR')).toMatchObject({ id: c.id, code: 'AR', alpha3: 'ARG', name: 'Brazil', version: 2 });
      expect((await server.gql(READ_COUNTRY, { code: 'BR' })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('updateCountry sending the country\'s own codes again is not a conflict with itself', async () => {
      const c = await createdCountry({ code: 'CA', alpha3: 'CAN', name: 'Canada' });
      const res = await payload(UPDATE_COUNTRY, 'updateCountry', { id: c.id, version: 1, code: 'CA', alpha3: 'CAN', name: 'Canada (updated)' });
      expect(res.userErrors).toEqual([]);
      expect(res.country).toMatchObject({ code: 'CA', name: 'Canada (updated)', version: 2 });
    });

    it('deleteCountry deletes a country nothing depends on and answers its ID; the country is gone', async () => {
      const c = await createdCountry({ code: 'NZ', alpha3: 'NZL', name: 'New Zealand' });
      const before = await countries();
      expect(await payload(DELETE_COUNTRY, 'deleteCountry', { id: c.id, version: 1 })).toEqual({ deletedId: c.id, userErrors: [] });
      expect(await countries()).toBe(before - 1);
      expect((await server.gql(READ_COUNTRY, { code: 'NZ' })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    describe('validation: a user error at the field, and nothing written', () => {
      const valid = { code: 'CL', alpha3: 'CHL', name: 'Chile' };
      const cases: Array<[string, Record<string, unknown>, string[], string, RegExp]> = [
        ['a missing code', { code: undefined }, ['code'], 'BAD_USER_INPUT', /Required/],
        ['a code another country has', { code: JAPAN.code }, ['code'], 'CONFLICT', /Japan already has the code JP/],
        ['an alpha-3 code another country has', { alpha3: JAPAN.alpha3 }, ['alpha3'], 'CONFLICT', /Japan already has the alpha3 JPN/],
        ['a missing alpha-3 code', { alpha3: null }, ['alpha3'], 'BAD_USER_INPUT', /Required/],
        ['an alpha-3 code in lower case', { alpha3: 'chl' }, ['alpha3'], 'BAD_USER_INPUT', /3 upper-case letters/],
        ['an alpha-3 code of 4 letters', { alpha3: 'CHLE' }, ['alpha3'], 'BAD_USER_INPUT', /3 upper-case letters/],
        ['a missing name', { name: undefined }, ['name'], 'BAD_USER_INPUT', /Required/],
        ['an empty name', { name: '  ' }, ['name'], 'BAD_USER_INPUT', /empty/],
        ['a name over 200 characters', { name: 'n'.repeat(201) }, ['name'], 'BAD_USER_INPUT', /At most 200/],
        ['a localized name\'s language that is not an ISO 639-1 code', { names: [{ lang: 'id', name: 'Cile' }, { lang: 'Spanish', name: 'Chile' }] }, ['names', '1', 'lang'], 'BAD_USER_INPUT', /ISO 639-1/],
        ['an empty localized name', { names: [{ lang: 'id', name: ' ' }] }, ['names', '0', 'name'], 'BAD_USER_INPUT', /empty/],
        ['a localized name over 200 characters', { names: [{ lang: 'es', name: 'n'.repeat(201) }] }, ['names', '0', 'name'], 'BAD_USER_INPUT', /At most 200/],
        ['a localized name\'s note over 500 characters', { names: [{ lang: 'es', name: 'Chile', note: 'n'.repeat(501) }] }, ['names', '0', 'note'], 'BAD_USER_INPUT', /At most 500/],
      ];
      it.each(cases)('%s', async (_what, input, field, code, message) => {
        const before = await countries();
        refused(await payload(CREATE_COUNTRY, 'createCountry', { ...valid, ...input }), field, code, message);
        expect(await countries()).toBe(before);
        expect((await server.gql(READ_COUNTRY, { code: 'CL' })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      });

      it('updateCountry to a code another country has is a CONFLICT at code, and changes nothing', async () => {
        const c = await createdCountry({ code: 'MX', alpha3: 'MEX', name: 'Mexico' });
        refused(await payload(UPDATE_COUNTRY, 'updateCountry', { id: c.id, version: 1, code: 'JP', name: 'Renamed' }), ['code'], 'CONFLICT', /Japan already has the code JP/);
        expect(await readCountry('MX')).toEqual(c);
      });

      it('every problem of an input is reported at once', async () => {
        const res = await payload(CREATE_COUNTRY, 'createCountry', { code: 'JP', alpha3: 'xx', name: '' });
        expect(res.userErrors.map((e) => `${e.field} ${e.code}`).sort()).toEqual(['alpha3 BAD_USER_INPUT', 'code CONFLICT', 'name BAD_USER_INPUT']);
      });

      it.each([
        ['a code that is not ISO 3166-1', { code: 'ZZ' }],
        ['a code in lower case', { code: 'cl' }],
      ])('%s is refused before the mutation runs (BAD_USER_INPUT)', async (_what, input) => {
        const before = await countries();
        const res = await mutate(CREATE_COUNTRY, { ...valid, ...input });
        expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(await countries()).toBe(before);
      });
    });

    it('a country others depend on cannot be deleted; the message names them, and the country stays', async () => {
      const japan = await readCountry('JP');
      const res = await payload(DELETE_COUNTRY, 'deleteCountry', { id: japan.id, version: japan.version });
      expect(res.deletedId).toBeNull();
      expect(res.userErrors).toEqual([{ field: ['id'], code: 'CONFLICT', message: expect.stringMatching(/^This Country cannot be deleted: .* depend on it\. Change or delete them first\.$/) }]);
      for (const dependent of ['2 Program records (by participatingCountries)', '1 Organization (as country)', '1 Membership (as country)', '1 MeetingParticipant (as country)', '1 Citation (of it)']) {
        expect(res.userErrors[0].message).toContain(dependent);
      }
      expect(await readCountry('JP')).toEqual(japan);
    });

    it('a country with only a membership of its own cannot be deleted until the membership is', async () => {
      const c = await createdCountry({ code: 'PE', alpha3: 'PER', name: 'Peru' });
      const m = await createdMembership({ country: 'PE' });
      const res = await payload(DELETE_COUNTRY, 'deleteCountry', { id: c.id, version: 1 });
      expect(res.userErrors).toEqual([{ field: ['id'], code: 'CONFLICT', message: 'This Country cannot be deleted: 1 Membership (as country) depend on it. Change or delete them first.' }]);
      expect(await payload(DELETE_MEMBERSHIP, 'deleteMembership', { id: m.id, version: 1 })).toEqual({ deletedId: m.id, userErrors: [] });
      expect(await payload(DELETE_COUNTRY, 'deleteCountry', { id: c.id, version: 1 })).toEqual({ deletedId: c.id, userErrors: [] });
    });

    it('an update from a stale version is a CONFLICT carrying the current version, and changes nothing', async () => {
      const c = await createdCountry({ code: 'IT', alpha3: 'ITA', name: 'Italy' });
      await payload(UPDATE_COUNTRY, 'updateCountry', { id: c.id, version: 1, name: 'Italia' });
      const stale = await payload(UPDATE_COUNTRY, 'updateCountry', { id: c.id, version: 1, name: 'Lost update' });
      expect(stale.userErrors).toEqual([{ field: ['version'], code: 'CONFLICT', message: expect.stringMatching(/at version 2, not 1/) }]);
      expect(stale.country).toMatchObject({ version: 2, name: 'Italia' });
      expect((await readCountry('IT')).name).toBe('Italia');
      const deleting = await payload(DELETE_COUNTRY, 'deleteCountry', { id: c.id, version: 1 });
      expect(deleting).toMatchObject({ deletedId: null, userErrors: [{ field: ['version'], code: 'CONFLICT' }] });
    });

    it('an ID that is not a country\'s is NOT_FOUND at id', async () => {
      refused(await payload(UPDATE_COUNTRY, 'updateCountry', { id: gid('Country', 'nowhere'), version: 1, name: 'x' }), ['id'], 'NOT_FOUND', /No Country has the ID/);
      refused(await payload(DELETE_COUNTRY, 'deleteCountry', { id: APO, version: 1 }), ['id'], 'NOT_FOUND', /No Country has the ID/);
    });

    it('the history of a changed country lists its creation and the change, field by field', async () => {
      const c = await createdCountry({ code: 'ES', alpha3: 'ESP', name: 'Spain' });
      await payload(UPDATE_COUNTRY, 'updateCountry', { id: c.id, version: 1, name: 'Kingdom of Spain', names: [{ lang: 'id', name: 'Spanyol' }] });
      const h = await history(c.id);
      expect(h.map((e) => [e.operation, e.version, e.mutation])).toEqual([['CREATE', 1, 'createCountry'], ['UPDATE', 2, 'updateCountry']]);
      expect(h[0].fields).toEqual(expect.arrayContaining([{ field: 'code', before: null, after: '"ES"' }, { field: 'name', before: null, after: '"Spain"' }]));
      expect(h[1].fields).toEqual(expect.arrayContaining([
        { field: 'name', before: '"Spain"', after: '"Kingdom of Spain"' },
        { field: 'names', before: '[]', after: expect.stringContaining('Spanyol') },
      ]));
      expect(h[1].fields.map((f) => f.field)).not.toContain('code');
    });
  });

  describe('memberships', () => {
    it('createMembership stores a membership of an organization by a country code, at version 1; DAY precision by default', async () => {
      await createdCountry({ code: 'PT', alpha3: 'PRT', name: 'Portugal' });
      const m = await createdMembership({ country: 'PT', joinedOn: '2024-03-15' });
      expect(m).toMatchObject({ version: 1, joinedOn: '2024-03-15', joinedOnPrecision: 'DAY', leftOn: null, status: 'ACTIVE', organization: { id: APO }, country: { code: 'PT' } });
      expect(await readMembership(m.id)).toEqual(m);
      const listed = await server.data<{ country: { memberships: Array<{ id: string }> } }>('{ country(code: "PT") { memberships { id } } }');
      expect(listed.country.memberships).toEqual([{ id: m.id }]);
    });

    it('updateMembership changes only the fields sent, clears those sent as null, and raises the version', async () => {
      await createdCountry({ code: 'NO', alpha3: 'NOR', name: 'Norway' });
      const m = await createdMembership({ country: 'NO', joinedOn: '1990-01-01', joinedOnPrecision: 'YEAR', leftOn: '2000-06-30' });
      const res = await payload(UPDATE_MEMBERSHIP, 'updateMembership', { id: m.id, version: 1, status: 'SUSPENDED', leftOn: null });
      expect(res.userErrors).toEqual([]);
      expect(res.membership).toEqual({ ...m, version: 2, status: 'SUSPENDED', leftOn: null });
      expect(await readMembership(m.id)).toEqual(res.membership);
    });

    it('deleteMembership deletes a membership nothing depends on and answers its ID; it is gone', async () => {
      const m = await createdMembership({ country: 'JP', status: 'WITHDRAWN' });
      const before = await memberships();
      expect(await payload(DELETE_MEMBERSHIP, 'deleteMembership', { id: m.id, version: 1 })).toEqual({ deletedId: m.id, userErrors: [] });
      expect(await memberships()).toBe(before - 1);
      expect(await readMembership(m.id)).toBeNull();
    });

    describe('validation: a user error at the field, and nothing written', () => {
      const valid = { organization: APO, country: 'JP', status: 'ACTIVE' };
      const cases: Array<[string, Record<string, unknown>, string[], string, RegExp]> = [
        ['a missing organization', { organization: null }, ['organization'], 'BAD_USER_INPUT', /Required/],
        ['an organization that does not exist', { organization: gid('Organization', 'nobody') }, ['organization'], 'NOT_FOUND', /No Organization has the ID/],
        ['an organization ID of another type', { organization: gid('Country', 'JP') }, ['organization'], 'NOT_FOUND', /No Organization has the ID/],
        ['a missing country', { country: undefined }, ['country'], 'BAD_USER_INPUT', /Required/],
        ['a country code no country has', { country: 'GB' }, ['country'], 'NOT_FOUND', /No Country has the code GB/],
        ['a missing status', { status: null }, ['status'], 'BAD_USER_INPUT', /Required/],
        ['a null precision', { joinedOnPrecision: null }, ['joinedOnPrecision'], 'BAD_USER_INPUT', /Must not be null/],
        ['leaving before joining', { joinedOn: '2020-05-01', leftOn: '2020-04-30' }, ['leftOn'], 'BAD_USER_INPUT', /Must not be before joinedOn \(2020-05-01\)/],
        ['a YEAR-precision date with a month and day', { joinedOn: '1968-06-15', joinedOnPrecision: 'YEAR' }, ['joinedOn'], 'BAD_USER_INPUT', /as in 1968-01-01; got 1968-06-15/],
        ['a MONTH-precision date with a day', { joinedOn: '1968-06-15', joinedOnPrecision: 'MONTH' }, ['joinedOn'], 'BAD_USER_INPUT', /as in 1968-06-01; got 1968-06-15/],
      ];
      it.each(cases)('%s', async (_what, input, field, code, message) => {
        const before = await memberships();
        refused(await payload(CREATE_MEMBERSHIP, 'createMembership', { ...valid, ...input }), field, code, message);
        expect(await memberships()).toBe(before);
      });

      it('an update is checked against the stored values it leaves alone (leftOn against the stored joinedOn, precision against the stored date)', async () => {
        const m = await createdMembership({ country: 'JP', joinedOn: '2010-07-20', status: 'WITHDRAWN' });
        refused(await payload(UPDATE_MEMBERSHIP, 'updateMembership', { id: m.id, version: 1, leftOn: '2010-01-01' }), ['leftOn'], 'BAD_USER_INPUT', /Must not be before joinedOn \(2010-07-20\)/);
        refused(await payload(UPDATE_MEMBERSHIP, 'updateMembership', { id: m.id, version: 1, joinedOnPrecision: 'YEAR' }), ['joinedOnPrecision'], 'BAD_USER_INPUT', /as in 2010-01-01/);
        expect(await readMembership(m.id)).toEqual(m);
      });

      it('every problem of an input is reported at once', async () => {
        const res = await payload(CREATE_MEMBERSHIP, 'createMembership', { organization: gid('Organization', 'nobody'), country: 'GB', status: 'ACTIVE', joinedOn: '2001-01-01', leftOn: '2000-01-01' });
        expect(res.userErrors.map((e) => `${e.field} ${e.code}`).sort()).toEqual(['country NOT_FOUND', 'leftOn BAD_USER_INPUT', 'organization NOT_FOUND']);
      });
    });

    it('a membership others depend on (its citations) cannot be deleted; the message names them', async () => {
      const seeded = await server.data<{ country: { memberships: MembershipOut[] } }>(`{ country(code: "ID") { memberships { ${MEMBERSHIP} } } }`);
      const m = seeded.country.memberships[0];
      const res = await payload(DELETE_MEMBERSHIP, 'deleteMembership', { id: m.id, version: m.version });
      expect(res.deletedId).toBeNull();
      expect(res.userErrors).toEqual([{ field: ['id'], code: 'CONFLICT', message: expect.stringMatching(/^This Membership cannot be deleted: \d+ Citation.* depend on it/) }]);
      expect(await readMembership(m.id)).toEqual(m);
    });

    it('an update from a stale version is a CONFLICT carrying the current version, and changes nothing', async () => {
      const m = await createdMembership({ country: 'JP', status: 'ACTIVE' });
      await payload(UPDATE_MEMBERSHIP, 'updateMembership', { id: m.id, version: 1, status: 'SUSPENDED' });
      const stale = await payload(UPDATE_MEMBERSHIP, 'updateMembership', { id: m.id, version: 1, status: 'WITHDRAWN' });
      expect(stale.userErrors).toEqual([{ field: ['version'], code: 'CONFLICT', message: expect.stringMatching(/at version 2, not 1/) }]);
      expect(stale.membership).toMatchObject({ version: 2, status: 'SUSPENDED' });
      expect((await readMembership(m.id))!.status).toBe('SUSPENDED');
    });

    it('the history of a changed membership lists its creation and the change', async () => {
      const m = await createdMembership({ country: 'JP', joinedOn: '1961-01-01', joinedOnPrecision: 'YEAR' });
      await payload(UPDATE_MEMBERSHIP, 'updateMembership', { id: m.id, version: 1, status: 'WITHDRAWN', leftOn: '2021-12-31' });
      const h = await history(m.id);
      expect(h.map((e) => [e.operation, e.version, e.mutation])).toEqual([['CREATE', 1, 'createMembership'], ['UPDATE', 2, 'updateMembership']]);
      expect(h[0].fields).toEqual(expect.arrayContaining([{ field: 'country', before: null, after: JSON.stringify(gid('Country', 'JP')) }]));
      expect(h[1].fields).toEqual(expect.arrayContaining([
        { field: 'status', before: '"ACTIVE"', after: '"WITHDRAWN"' },
        { field: 'leftOn', before: 'null', after: '"2021-12-31"' },
      ]));
    });
  });

  describe('roles: without a token or with a reader token nothing changes', () => {
    const attempts: Array<[string, string, () => Record<string, unknown>]> = [
      ['createCountry', CREATE_COUNTRY, () => ({ code: 'AU', alpha3: 'AUS', name: 'Australia' })],
      ['updateCountry', UPDATE_COUNTRY, () => ({ id: gid('Country', 'JP'), version: 1, name: 'Not allowed' })],
      ['deleteCountry', DELETE_COUNTRY, () => ({ id: gid('Country', 'JP'), version: 1 })],
      ['createMembership', CREATE_MEMBERSHIP, () => ({ organization: APO, country: 'JP', status: 'ACTIVE' })],
      ['deleteMembership', DELETE_MEMBERSHIP, () => ({ id: gid('Membership', 'apo-jp'), version: 1 })],
    ];
    for (const [who, code] of [['no token', 'UNAUTHENTICATED'], ['reader', 'FORBIDDEN']] as const) {
      it.each(attempts)(`%s with ${who}: ${code}`, async (_name, query, input) => {
        const [countriesBefore, membershipsBefore, japan] = [await countries(), await memberships(), await readCountry('JP')];
        const res = await mutate(query, input(), who === 'reader' ? auth.reader : {});
        expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
        expect(res.body.data).toBeNull();
        expect([await countries(), await memberships(), await readCountry('JP')]).toEqual([countriesBefore, membershipsBefore, japan]);
      });
    }
  });
});
