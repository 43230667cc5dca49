import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decision } from '../../server/src/modules/meeting/decision.entity';
import { Meeting } from '../../server/src/modules/meeting/meeting.entity';
import { DecisionKind, DecisionResult, MeetingKind, Modality } from '../../server/src/modules/meeting/meeting.types';
import { fromGlobalId } from '../../server/src/shared/global-id';
import { databases, gid, mutationPayload, roleHeaders, startServer, type GraphQLResponse, type TestServer } from '../helpers/server';

// Editing programs over HTTP: create, update and delete with each of their rules, and amendProgram, which
// changes a date or the status through a decision and keeps the plan's history for `endDate(asOf:)`.

interface UserError { field: string[] | null; message: string; code: string }
interface AmendmentOut { field: string; previousValue: string | null; newValue: string | null; effectiveOn: string; decision: { id: string; title: string } | null }
interface ProgramOut {
  id: string;
  version: number;
  code: string;
  title: string;
  description: string | null;
  themes: string[];
  status: string | null;
  startDate: string | null;
  startYear: number | null;
  endDate: string | null;
  implementingOrganization: { name: string } | null;
  participatingCountries: Array<{ code: string }>;
  predecessor: { code: string } | null;
  amendments: AmendmentOut[];
}
interface ProgramPayload { program: ProgramOut | null; userErrors: UserError[]; deletedId?: string | null }

const PROGRAM_FIELDS = `id version code title description themes status startDate startYear endDate implementingOrganization { name }
  participatingCountries { code } predecessor { code } amendments { field previousValue newValue effectiveOn decision { id title } }`;
const CREATE = `mutation ($input: CreateProgramInput!) { createProgram(input: $input) { program { ${PROGRAM_FIELDS} } userErrors { field message code } } }`;
const UPDATE = `mutation ($input: UpdateProgramInput!) { updateProgram(input: $input) { program { ${PROGRAM_FIELDS} } userErrors { field message code } } }`;
const DELETE = `mutation ($input: DeleteProgramInput!) { deleteProgram(input: $input) { deletedId userErrors { field message code } } }`;
const AMEND = `mutation ($input: AmendProgramInput!) { amendProgram(input: $input) { program { ${PROGRAM_FIELDS} } userErrors { field message code } } }`;
const READ = `query ($id: ID!) { program(id: $id) { ${PROGRAM_FIELDS} } }`;
const COUNT = '{ programs { totalCount } }';

const APO = gid('Organization', 'apo');
const JAPAN = gid('Organization', 'government-of-japan');
const GP = gid('Program', 'green-productivity');
const GP2 = gid('Program', 'green-productivity-2');
const COVID = gid('Program', 'covid19-digital');

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  const auth: Record<'reader' | 'editor', Record<string, string>> = { reader: {}, editor: {} };
  let codes = 0;
  const nextCode = () => `TEST-${++codes}`;

  beforeAll(async () => {
    server = await startServer(db);
    Object.assign(auth, await roleHeaders(server, 'program-test'));
  });
  afterAll(() => server?.close());

  async function mutate(query: string, input: Record<string, unknown>, as: Record<string, string> = auth.editor): Promise<GraphQLResponse<Record<string, ProgramPayload>>> {
    return server.gql(query, { input }, as);
  }
  /** The payload of a mutation that ran (no GraphQL error). */
  const payload = async (query: string, name: string, input: Record<string, unknown>) => mutationPayload<ProgramPayload>(server, query, name, input, auth.editor);
  const created = async (input: Record<string, unknown> = {}) => {
    const res = await payload(CREATE, 'createProgram', { code: nextCode(), title: 'A test program', ...input });
    expect(res.userErrors).toEqual([]);
    return res.program!;
  };
  const read = async (id: string) => (await server.data<{ program: ProgramOut }>(READ, { id })).program;
  const total = async () => (await server.data<{ programs: { totalCount: number } }>(COUNT)).programs.totalCount;
  const history = async (id: string) =>
    (await server.data<{ program: { history: { nodes: Array<{ operation: string; version: number; mutation: string; fields: Array<{ field: string; before: string | null; after: string | null }> }> } } }>(
      `query ($id: ID!) { program(id: $id) { history(first: 100) { nodes { operation version mutation fields { field before after } } } } }`,
      { id },
    )).program.history.nodes;
  const endDateAsOf = async (id: string, asOf: string) =>
    (await server.data<{ program: { endDate: string | null } }>(`query ($id: ID!, $asOf: Date) { program(id: $id) { endDate(asOf: $asOf) } }`, { id, asOf })).program.endDate;

  /** A decision about `programs` (global IDs), arranged through the ORM as the meeting module would record it. */
  async function decision(programs: string[], fields: { decidedOn?: string | null; result?: DecisionResult; title?: string } = {}): Promise<string> {
    const em = server.em();
    const meeting = em.create(Meeting, { organization: fromGlobalId(APO).key, kind: MeetingKind.OTHER, title: 'Test meeting', startDate: '2024-03-01', modality: Modality.VIRTUAL } as never);
    const made = em.create(Decision, {
      meeting,
      kind: DecisionKind.EXTENSION,
      title: fields.title ?? 'Test decision',
      text: 'Decided for a test.',
      decidedOn: fields.decidedOn === undefined ? '2024-03-01' : fields.decidedOn,
      result: fields.result ?? DecisionResult.ADOPTED,
      programs: programs.map((p) => fromGlobalId(p).key),
    } as never);
    await em.flush();
    return made.globalId;
  }

  describe('the happy paths', () => {
    it('createProgram stores every field, trimmed, with the start year from the start date, at version 1', async () => {
      const p = await created({
        code: '  NEW-PROGRAM-1  ',
        title: '  Digital productivity  ',
        description: 'What it does.',
        themes: [' digital ', 'MSMEs'],
        status: 'PIPELINE',
        startDate: '2024-01-15',
        endDate: '2026-12-31',
        implementingOrganization: APO,
        participatingCountries: ['JP', 'ID', 'JP'],
        predecessor: GP2,
      });
      expect(p).toMatchObject({
        version: 1,
        code: 'NEW-PROGRAM-1',
        title: 'Digital productivity',
        themes: ['digital', 'MSMEs'],
        status: 'PIPELINE',
        startDate: '2024-01-15',
        startYear: 2024,
        endDate: '2026-12-31',
        implementingOrganization: { name: expect.stringMatching(/Asian Productivity Organization/) },
        participatingCountries: [{ code: 'ID' }, { code: 'JP' }],
        predecessor: { code: 'GP2' },
        amendments: [],
      });
      expect(await read(p.id)).toEqual(p);
    });

    it('createProgram needs only a code and a title', async () => {
      const p = await created({ code: 'MINIMAL-1', title: 'Minimal', startYear: 2019 });
      expect(p).toMatchObject({ description: null, themes: [], status: null, startDate: null, startYear: 2019, endDate: null, implementingOrganization: null, participatingCountries: [], predecessor: null });
    });

    it('updateProgram changes only the fields sent, clears those sent as null, replaces the countries, and raises the version', async () => {
      const p = await created({ description: 'Old', themes: ['a'], implementingOrganization: APO, participatingCountries: ['JP', 'ID'], startYear: 2020 });
      const res = await payload(UPDATE, 'updateProgram', { id: p.id, version: 1, title: 'Renamed', description: null, participatingCountries: ['PH'], themes: ['b', 'c'] });
      expect(res.userErrors).toEqual([]);
      expect(res.program).toMatchObject({ version: 2, title: 'Renamed', description: null, themes: ['b', 'c'], participatingCountries: [{ code: 'PH' }], implementingOrganization: { name: expect.any(String) }, startYear: 2020, code: p.code });
      expect(await read(p.id)).toEqual(res.program);
      const cleared = await payload(UPDATE, 'updateProgram', { id: p.id, version: 2, participatingCountries: null, implementingOrganization: null, themes: null });
      expect(cleared.program).toMatchObject({ version: 3, participatingCountries: [], implementingOrganization: null, themes: [] });
    });

    it('updateProgram corrects the dates and status of a program no decision has amended; the history lists the correction', async () => {
      const p = await created({ status: 'PIPELINE', startDate: '2024-01-01', endDate: '2024-12-31' });
      const res = await payload(UPDATE, 'updateProgram', { id: p.id, version: 1, status: 'IMPLEMENTATION', startDate: '2023-01-01', endDate: '2025-06-30' });
      expect(res.userErrors).toEqual([]);
      expect(res.program).toMatchObject({ version: 2, status: 'IMPLEMENTATION', startDate: '2023-01-01', startYear: 2023, endDate: '2025-06-30', amendments: [] });
      const h = await history(p.id);
      expect(h.map((e) => [e.operation, e.version, e.mutation])).toEqual([['CREATE', 1, 'createProgram'], ['UPDATE', 2, 'updateProgram']]);
      expect(h[1].fields).toEqual(expect.arrayContaining([
        { field: 'status', before: '"PIPELINE"', after: '"IMPLEMENTATION"' },
        { field: 'startDate', before: '"2024-01-01"', after: '"2023-01-01"' },
        { field: 'startYear', before: '2024', after: '2023' },
        { field: 'endDate', before: '"2024-12-31"', after: '"2025-06-30"' },
      ]));
    });

    it('a change of countries alone is recorded in the history as a link change', async () => {
      const p = await created({ participatingCountries: ['JP'] });
      await payload(UPDATE, 'updateProgram', { id: p.id, version: 1, participatingCountries: ['JP', 'ID'] });
      const h = await history(p.id);
      expect(h[1]).toMatchObject({ operation: 'UPDATE', version: 2, fields: [{ field: 'participatingCountries', before: JSON.stringify([gid('Country', 'JP')]), after: JSON.stringify([gid('Country', 'ID'), gid('Country', 'JP')]) }] });
    });

    it('deleteProgram deletes a program nothing depends on, with its country links; it is gone', async () => {
      const p = await created({ participatingCountries: ['JP', 'ID'] });
      const before = await total();
      expect(await payload(DELETE, 'deleteProgram', { id: p.id, version: 1 })).toEqual({ deletedId: p.id, userErrors: [] });
      expect(await total()).toBe(before - 1);
      expect((await server.gql(READ, { id: p.id })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('amendProgram', () => {
    it('moves the end date by a decision: the amendment is listed with its decision, and endDate(asOf:) answers both ways', async () => {
      const p = await created({ startDate: '2023-01-01', endDate: '2024-12-31', status: 'IMPLEMENTATION' });
      const d = await decision([p.id], { decidedOn: '2024-03-01', title: 'Extension to 2025' });
      const res = await payload(AMEND, 'amendProgram', { program: p.id, version: 1, decision: d, field: 'END_DATE', newValue: '2025-12-31' });
      expect(res.userErrors).toEqual([]);
      expect(res.program).toMatchObject({
        version: 2,
        endDate: '2025-12-31',
        amendments: [{ field: 'endDate', previousValue: '2024-12-31', newValue: '2025-12-31', effectiveOn: '2024-03-01', decision: { id: d, title: 'Extension to 2025' } }],
      });
      expect(await read(p.id)).toEqual(res.program);
      expect(await endDateAsOf(p.id, '2024-02-29')).toBe('2024-12-31');
      expect(await endDateAsOf(p.id, '2024-03-01')).toBe('2025-12-31');
      expect(await endDateAsOf(p.id, '2030-01-01')).toBe('2025-12-31');
    });

    it('keeps the history of successive amendments, each from its own day', async () => {
      const p = await created({ startDate: '2023-01-01', endDate: '2024-12-31' });
      const first = await decision([p.id], { decidedOn: '2024-03-01' });
      const second = await decision([p.id], { decidedOn: '2024-09-01' });
      await payload(AMEND, 'amendProgram', { program: p.id, version: 1, decision: first, field: 'END_DATE', newValue: '2025-12-31' });
      const res = await payload(AMEND, 'amendProgram', { program: p.id, version: 2, decision: second, field: 'END_DATE', newValue: '2025-06-30', effectiveOn: '2024-10-01' });
      expect(res.userErrors).toEqual([]);
      expect(res.program!.amendments.map((a) => [a.previousValue, a.newValue, a.effectiveOn, a.decision!.id])).toEqual([
        ['2024-12-31', '2025-12-31', '2024-03-01', first],
        ['2025-12-31', '2025-06-30', '2024-10-01', second],
      ]);
      expect([await endDateAsOf(p.id, '2024-01-01'), await endDateAsOf(p.id, '2024-05-01'), await endDateAsOf(p.id, '2024-10-01')]).toEqual(['2024-12-31', '2025-12-31', '2025-06-30']);
    });

    it('changes the status, and the start date with the start year', async () => {
      const p = await created({ status: 'PIPELINE', startDate: '2024-06-01', endDate: '2026-01-01' });
      const d = await decision([p.id]);
      const status = await payload(AMEND, 'amendProgram', { program: p.id, version: 1, decision: d, field: 'STATUS', newValue: 'IMPLEMENTATION', effectiveOn: '2024-04-01' });
      expect(status.userErrors).toEqual([]);
      expect(status.program).toMatchObject({ version: 2, status: 'IMPLEMENTATION', amendments: [{ field: 'status', previousValue: 'PIPELINE', newValue: 'IMPLEMENTATION', effectiveOn: '2024-04-01' }] });
      const start = await payload(AMEND, 'amendProgram', { program: p.id, version: 2, decision: d, field: 'START_DATE', newValue: '2025-02-01' });
      expect(start.userErrors).toEqual([]);
      expect(start.program).toMatchObject({ version: 3, startDate: '2025-02-01', startYear: 2025 });
      // Listed in the order they take effect: the start date from the decision's day, before the status.
      expect(start.program!.amendments.map((a) => [a.field, a.effectiveOn])).toEqual([['startDate', '2024-03-01'], ['status', '2024-04-01']]);
    });

    it('the history of the program lists the amendment, and the amendment its own creation', async () => {
      const p = await created({ endDate: '2024-12-31' });
      const d = await decision([p.id]);
      await payload(AMEND, 'amendProgram', { program: p.id, version: 1, decision: d, field: 'END_DATE', newValue: '2025-03-31' });
      const h = await history(p.id);
      expect(h.map((e) => [e.operation, e.version, e.mutation])).toEqual([['CREATE', 1, 'createProgram'], ['UPDATE', 2, 'amendProgram']]);
      expect(h[1].fields).toEqual([{ field: 'endDate', before: '"2024-12-31"', after: '"2025-03-31"' }]);
      const changes = await server.data<{ changes: { nodes: Array<{ recordType: string; operation: string; mutation: string }> } }>('{ changes(first: 100, types: [PROGRAM_AMENDMENT]) { nodes { recordType operation mutation } } }');
      expect(changes.changes.nodes).toContainEqual({ recordType: 'ProgramAmendment', operation: 'CREATE', mutation: 'amendProgram' });
    });

    it('once a decision has amended a field, updateProgram refuses to change it (but may send it unchanged)', async () => {
      const p = await created({ endDate: '2024-12-31', status: 'PIPELINE' });
      await payload(AMEND, 'amendProgram', { program: p.id, version: 1, decision: await decision([p.id]), field: 'END_DATE', newValue: '2025-12-31' });
      const res = await payload(UPDATE, 'updateProgram', { id: p.id, version: 2, endDate: '2026-12-31', status: 'IMPLEMENTATION' });
      expect(res.program).toBeNull();
      expect(res.userErrors).toEqual([{ field: ['endDate'], code: 'BAD_USER_INPUT', message: expect.stringMatching(/amendProgram/) }]);
      expect(await read(p.id)).toMatchObject({ version: 2, endDate: '2025-12-31', status: 'PIPELINE' });
      const same = await payload(UPDATE, 'updateProgram', { id: p.id, version: 2, endDate: '2025-12-31', title: 'Still editable' });
      expect(same.userErrors).toEqual([]);
      expect(same.program).toMatchObject({ version: 3, title: 'Still editable', endDate: '2025-12-31' });
    });

    describe('its rules: a user error at the field, and nothing written', () => {
      let program: ProgramOut;
      let concerning: string;
      beforeAll(async () => {
        program = await created({ startDate: '2023-01-01', endDate: '2024-12-31', status: 'IMPLEMENTATION' });
        concerning = await decision([program.id], { decidedOn: '2024-03-01' });
        const r = await payload(AMEND, 'amendProgram', { program: program.id, version: 1, decision: concerning, field: 'END_DATE', newValue: '2025-12-31' });
        program = r.program!;
      });

      const cases: Array<[string, () => Promise<Record<string, unknown>>, string[], string, RegExp]> = [
        ['a program that does not exist', async () => ({ program: gid('Program', 'nope') }), ['program'], 'NOT_FOUND', /No Program/],
        ['a decision that does not exist', async () => ({ decision: gid('Decision', 'nope') }), ['decision'], 'NOT_FOUND', /No Decision/],
        ['a decision that does not concern the program', async () => ({ decision: await decision([GP]) }), ['decision'], 'BAD_USER_INPUT', /does not concern program/],
        ['a decision that was rejected', async () => ({ decision: await decision([program.id], { result: DecisionResult.REJECTED }) }), ['decision'], 'BAD_USER_INPUT', /rejected/],
        ['a new end date that is not a date', async () => ({ newValue: '31/12/2026' }), ['newValue'], 'BAD_USER_INPUT', /YYYY-MM-DD/],
        ['a new end date that is not a calendar date', async () => ({ newValue: '2026-02-30' }), ['newValue'], 'BAD_USER_INPUT', /YYYY-MM-DD/],
        ['a new status that is not a ProgramStatus', async () => ({ field: 'STATUS', newValue: 'FINISHED' }), ['newValue'], 'BAD_USER_INPUT', /ProgramStatus/],
        ['a new end date before the start date', async () => ({ newValue: '2022-12-31' }), ['newValue'], 'BAD_USER_INPUT', /before the start date/],
        ['a new start date after the end date', async () => ({ field: 'START_DATE', newValue: '2026-01-01' }), ['newValue'], 'BAD_USER_INPUT', /after the end date/],
        ['a new value that is the current one', async () => ({ field: 'STATUS', newValue: 'IMPLEMENTATION' }), ['newValue'], 'BAD_USER_INPUT', /already/],
        ['no effective day when the decision has none', async () => ({ decision: await decision([program.id], { decidedOn: null }), effectiveOn: null }), ['effectiveOn'], 'BAD_USER_INPUT', /Required/],
        ['an effective day not after the latest amendment of the field', async () => ({ effectiveOn: '2024-03-01' }), ['effectiveOn'], 'BAD_USER_INPUT', /after the latest amendment/],
      ];
      it.each(cases)('%s', async (_what, make, field, code, message) => {
        const input = { program: program.id, version: program.version, decision: concerning, field: 'END_DATE', newValue: '2026-06-30', effectiveOn: '2024-09-01', ...(await make()) };
        const res = await payload(AMEND, 'amendProgram', input);
        expect(res.program).toBeNull();
        expect(res.userErrors).toHaveLength(1);
        expect(res.userErrors[0]).toMatchObject({ field, code });
        expect(res.userErrors[0].message).toMatch(message);
        expect(await read(program.id)).toEqual(program);
      });

      it('an amendment from a stale version is a CONFLICT carrying the current version, and changes nothing', async () => {
        const res = await payload(AMEND, 'amendProgram', { program: program.id, version: 1, decision: concerning, field: 'END_DATE', newValue: '2026-06-30', effectiveOn: '2024-09-01' });
        expect(res.userErrors).toEqual([{ field: ['version'], code: 'CONFLICT', message: expect.stringMatching(/at version 2, not 1/) }]);
        expect(res.program).toMatchObject({ version: 2, endDate: '2025-12-31' });
        expect(await read(program.id)).toEqual(program);
      });

      it('a new value in another form than the scalar allows is refused before the mutation runs', async () => {
        const res = await mutate(AMEND, { program: program.id, version: 2, decision: concerning, field: 'BUDGET', newValue: 'x' });
        expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(await read(program.id)).toEqual(program);
      });
    });

    it('10 concurrent amendments from the same version: exactly one is written, 9 get CONFLICT', async () => {
      const p = await created({ endDate: '2024-12-31' });
      const d = await decision([p.id]);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => payload(AMEND, 'amendProgram', { program: p.id, version: 1, decision: d, field: 'END_DATE', newValue: `2025-01-${String(i + 10)}` })));
      const winners = results.filter((r) => r.userErrors.length === 0);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.userErrors[0]?.code === 'CONFLICT')).toHaveLength(9);
      const now = await read(p.id);
      expect(now).toMatchObject({ version: 2, endDate: winners[0].program!.endDate });
      expect(now.amendments).toHaveLength(1);
    });

    it('a failure half-way through (after the amendment and the program are written) leaves neither', async () => {
      const p = await created({ endDate: '2024-12-31' });
      const d = await decision([p.id]);
      server.failNext(/insert into .record_change/i);
      const res = await mutate(AMEND, { program: p.id, version: 1, decision: d, field: 'END_DATE', newValue: '2025-12-31' });
      expect(res.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(await read(p.id)).toEqual(p);
    });
  });

  describe('validation of create and update: a user error at the field, and nothing written', () => {
    const cases: Array<[string, Record<string, unknown>, string[], string, RegExp]> = [
      ['a missing code', { code: undefined }, ['code'], 'BAD_USER_INPUT', /Required/],
      ['an empty code', { code: '  ' }, ['code'], 'BAD_USER_INPUT', /empty/],
      ['a code in lower case', { code: 'gp-3' }, ['code'], 'BAD_USER_INPUT', /upper-case letters, digits and "-"/],
      ['a code with a space', { code: 'GP 3' }, ['code'], 'BAD_USER_INPUT', /upper-case letters, digits and "-"/],
      ['a code over 40 characters', { code: 'X'.repeat(41) }, ['code'], 'BAD_USER_INPUT', /At most 40/],
      ['a code another program has', { code: 'GP2' }, ['code'], 'CONFLICT', /Another program has the code GP2/],
      ['a missing title', { title: undefined }, ['title'], 'BAD_USER_INPUT', /Required/],
      ['an empty title', { title: ' ' }, ['title'], 'BAD_USER_INPUT', /empty/],
      ['a title over 500 characters', { title: 't'.repeat(501) }, ['title'], 'BAD_USER_INPUT', /At most 500/],
      ['a description over 10 000 characters', { description: 'd'.repeat(10_001) }, ['description'], 'BAD_USER_INPUT', /At most 10000/],
      ['more than 20 themes', { themes: Array.from({ length: 21 }, (_, i) => `theme ${i}`) }, ['themes'], 'BAD_USER_INPUT', /At most 20 themes/],
      ['an empty theme', { themes: ['ok', '  '] }, ['themes', '1'], 'BAD_USER_INPUT', /empty/],
      ['a theme over 100 characters', { themes: ['t'.repeat(101)] }, ['themes', '0'], 'BAD_USER_INPUT', /At most 100/],
      ['a start year before 1900', { startYear: 1899 }, ['startYear'], 'BAD_USER_INPUT', /between 1900 and 2100/],
      ['a start year after 2100', { startYear: 2101 }, ['startYear'], 'BAD_USER_INPUT', /between 1900 and 2100/],
      ['a start date whose year is out of range', { startDate: '1850-01-01' }, ['startDate'], 'BAD_USER_INPUT', /between 1900 and 2100/],
      ['a start year that is not the start date\'s', { startDate: '2024-01-01', startYear: 2023 }, ['startYear'], 'BAD_USER_INPUT', /year of the start date/],
      ['an end before the start', { startDate: '2024-05-01', endDate: '2024-04-30' }, ['endDate'], 'BAD_USER_INPUT', /before the start/],
      ['an implementing organization that does not exist', { implementingOrganization: gid('Organization', 'nobody') }, ['implementingOrganization'], 'NOT_FOUND', /No Organization/],
      ['an implementing organization ID of another type', { implementingOrganization: GP2 }, ['implementingOrganization'], 'NOT_FOUND', /No Organization/],
      ['a participating country that is not recorded', { participatingCountries: ['JP', 'FR'] }, ['participatingCountries', '1'], 'NOT_FOUND', /No Country has the code FR/],
      ['a predecessor that does not exist', { predecessor: gid('Program', 'nope') }, ['predecessor'], 'NOT_FOUND', /No Program/],
    ];
    it.each(cases)('createProgram with %s', async (_what, input, field, code, message) => {
      const before = await total();
      const res = await payload(CREATE, 'createProgram', { code: nextCode(), title: 'A test program', ...input });
      expect(res.program).toBeNull();
      expect(res.userErrors).toHaveLength(1);
      expect(res.userErrors[0]).toMatchObject({ field, code });
      expect(res.userErrors[0].message).toMatch(message);
      expect(await total()).toBe(before);
    });

    it('every problem of an input is reported at once', async () => {
      const res = await payload(CREATE, 'createProgram', { code: 'bad code', title: '', startDate: '2024-05-01', endDate: '2020-01-01', participatingCountries: ['FR'] });
      expect(res.userErrors.map((e) => e.field!.join('.')).sort()).toEqual(['code', 'endDate', 'participatingCountries.0', 'title']);
    });

    it.each([
      ['a country code in lower case', { participatingCountries: ['jp'] }],
      ['a status that is not a ProgramStatus', { status: 'FINISHED' }],
      ['a date that is not a date', { startDate: '2023-02-30' }],
      ['a start year that is not an integer', { startYear: 2020.5 }],
    ])('%s is refused before the mutation runs (BAD_USER_INPUT)', async (_what, input) => {
      const before = await total();
      const res = await mutate(CREATE, { code: nextCode(), title: 't', ...input });
      expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await total()).toBe(before);
    });

    describe('updateProgram', () => {
      const refused = async (id: string, input: Record<string, unknown>, field: string[], code: string, message: RegExp) => {
        const before = await read(id);
        const res = await payload(UPDATE, 'updateProgram', { id, version: before.version, ...input });
        expect(res.program).toBeNull();
        expect(res.userErrors).toEqual([{ field, code, message: expect.stringMatching(message) }]);
        expect(await read(id)).toEqual(before);
      };

      it('refuses a code another program has, and keeps its own', async () => {
        const p = await created();
        await refused(p.id, { code: 'GP' }, ['code'], 'CONFLICT', /Another program has the code GP/);
        expect((await payload(UPDATE, 'updateProgram', { id: p.id, version: 1, code: p.code, title: 'Same code' })).userErrors).toEqual([]);
      });

      it('refuses to clear the code or the title', async () => {
        const p = await created();
        await refused(p.id, { code: null }, ['code'], 'BAD_USER_INPUT', /Required/);
        await refused(p.id, { title: null }, ['title'], 'BAD_USER_INPUT', /Required/);
      });

      it('refuses a program as its own predecessor', async () => {
        const p = await created();
        await refused(p.id, { predecessor: p.id }, ['predecessor'], 'BAD_USER_INPUT', /cannot succeed itself/);
      });

      it('refuses a successor (down the chain) as predecessor', async () => {
        const a = await created();
        const b = await created({ predecessor: a.id });
        const c = await created({ predecessor: b.id });
        await refused(a.id, { predecessor: c.id }, ['predecessor'], 'BAD_USER_INPUT', new RegExp(`${c.code} succeeds this program`));
        expect((await payload(UPDATE, 'updateProgram', { id: c.id, version: 1, predecessor: a.id })).program).toMatchObject({ predecessor: { code: a.code } });
      });

      it('checks a start year sent alone against the stored start date', async () => {
        const p = await created({ startDate: '2024-01-01' });
        await refused(p.id, { startYear: 2022 }, ['startYear'], 'BAD_USER_INPUT', /year of the start date \(2024-01-01\)/);
      });

      it('checks an end date sent alone against the stored start date', async () => {
        const p = await created({ startDate: '2024-01-01' });
        await refused(p.id, { endDate: '2023-12-31' }, ['endDate'], 'BAD_USER_INPUT', /before the start date \(2024-01-01\)/);
      });

      it('a program that does not exist is NOT_FOUND at id', async () => {
        const res = await payload(UPDATE, 'updateProgram', { id: gid('Program', 'nope'), version: 1, title: 'x' });
        expect(res.userErrors).toEqual([{ field: ['id'], code: 'NOT_FOUND', message: expect.stringMatching(/No Program/) }]);
      });
    });
  });

  describe('deletes refused while others depend on the program', () => {
    const refusedDelete = async (id: string, names: RegExp) => {
      const before = await read(id);
      const res = await payload(DELETE, 'deleteProgram', { id, version: before.version });
      expect(res.deletedId).toBeNull();
      expect(res.userErrors).toEqual([{ field: ['id'], code: 'CONFLICT', message: expect.stringMatching(names) }]);
      expect(await read(id)).toEqual(before);
    };

    it('a program with grants', async () => {
      const p = await created();
      const g = await server.gql<{ createGrant: { userErrors: UserError[] } }>(`mutation ($input: CreateGrantInput!) { createGrant(input: $input) { userErrors { field message code } } }`, { input: { title: 'Funds it', donor: JAPAN, status: 'COMMITTED', program: p.id } }, auth.editor);
      expect(g.body.data!.createGrant.userErrors).toEqual([]);
      await refusedDelete(p.id, /cannot be deleted: 1 FundingGrant \(as program\) depend on it/);
    });

    it('a program with amendments (and the decision that made them)', async () => {
      const p = await created({ endDate: '2024-12-31' });
      await payload(AMEND, 'amendProgram', { program: p.id, version: 1, decision: await decision([p.id]), field: 'END_DATE', newValue: '2025-12-31' });
      await refusedDelete(p.id, /1 ProgramAmendment \(as program\).*1 Decision \(by programs\)|1 Decision \(by programs\).*1 ProgramAmendment \(as program\)/);
    });

    it('a program a decision concerns', async () => {
      const p = await created();
      await decision([p.id]);
      await refusedDelete(p.id, /cannot be deleted: 1 Decision \(by programs\) depend on it/);
    });

    it('a program others succeed', async () => {
      const p = await created();
      await created({ predecessor: p.id });
      await refusedDelete(p.id, /cannot be deleted: 1 Program \(as predecessor\) depend on it/);
    });

    it('a seeded program with grants, amendments, decisions and citations names them all', async () => {
      await refusedDelete(COVID, /ProgramAmendment.*Decision.*Citation/);
      await refusedDelete(GP2, /FundingGrant/);
    });

    it('a delete from a stale version is a CONFLICT and deletes nothing', async () => {
      const p = await created();
      await payload(UPDATE, 'updateProgram', { id: p.id, version: 1, title: 'Version 2' });
      const res = await payload(DELETE, 'deleteProgram', { id: p.id, version: 1 });
      expect(res).toEqual({ deletedId: null, userErrors: [{ field: ['version'], code: 'CONFLICT', message: expect.stringMatching(/at version 2, not 1/) }] });
      expect((await read(p.id)).title).toBe('Version 2');
    });
  });

  describe('no lost updates', () => {
    it('an update from a stale version is a CONFLICT carrying the current version, and changes nothing', async () => {
      const p = await created({ title: 'Version 1' });
      await payload(UPDATE, 'updateProgram', { id: p.id, version: 1, title: 'Version 2' });
      const stale = await payload(UPDATE, 'updateProgram', { id: p.id, version: 1, title: 'Lost update' });
      expect(stale.userErrors).toEqual([{ field: ['version'], code: 'CONFLICT', message: expect.stringMatching(/at version 2, not 1/) }]);
      expect(stale.program).toMatchObject({ version: 2, title: 'Version 2' });
      expect((await read(p.id)).title).toBe('Version 2');
    });
  });

  describe('roles', () => {
    const attempts: Array<[string, string, () => Promise<Record<string, unknown>>]> = [
      ['createProgram', CREATE, async () => ({ code: nextCode(), title: 'Not allowed' })],
      ['updateProgram', UPDATE, async () => ({ id: GP, version: 1, title: 'Not allowed' })],
      ['deleteProgram', DELETE, async () => ({ id: GP, version: 1 })],
      ['amendProgram', AMEND, async () => ({ program: COVID, version: 1, decision: gid('Decision', 'gbm-63-covid19-extension'), field: 'STATUS', newValue: 'CLOSED' })],
    ];
    for (const [who, code] of [['without a token', 'UNAUTHENTICATED'], ['with a reader token', 'FORBIDDEN']] as const) {
      it.each(attempts)(`${who}, %s changes nothing (${code})`, async (_name, query, make) => {
        const before = await total();
        const programs = await server.data<unknown>(`{ programs(first: 100) { nodes { ${PROGRAM_FIELDS} } } }`);
        const res = await mutate(query, await make(), who === 'without a token' ? {} : auth.reader);
        expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
        expect(res.body.data).toBeNull();
        expect(await total()).toBe(before);
        expect(await server.data<unknown>(`{ programs(first: 100) { nodes { ${PROGRAM_FIELDS} } } }`)).toEqual(programs);
      });
    }
  });
});
