import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Meeting } from '../../server/src/modules/meeting/meeting.entity';
import { MeetingKind, Modality } from '../../server/src/modules/meeting/meeting.types';
import { ProgramAmendment } from '../../server/src/modules/program/program-amendment.entity';
import { Citation } from '../../server/src/modules/source/citation.entity';
import { CitationStatus } from '../../server/src/modules/source/source.types';
import { databases, gid, roleHeaders, startServer, type GraphQLResponse, type TestServer } from '../helpers/server';

// Editing meetings, their participants and their decisions over HTTP: the mutations, each rule, roles,
// lost-update protection, deletes refused while others depend on a record, atomicity and the history.

interface UserError { field: string[] | null; message: string; code: string }
interface MeetingOut { id: string; version: number; kind: string; sessionNumber: number | null; title: string; startDate: string; endDate: string | null; timezone: string | null; modality: string; platform: string | null; durationMinutes: number | null; organization: { name: string }; hostCountry: { code: string } | null; chair: { name: string } | null; parent: { id: string } | null }
interface ParticipantOut { id: string; version: number; role: string; person: { name: string } | null; organization: { name: string } | null; country: { code: string } | null; meeting: { id: string; participants: Array<{ id: string }> } }
interface DecisionOut { id: string; version: number; kind: string; title: string; text: string; decidedOn: string | null; requirement: string | null; result: string; meeting: { id: string }; programs: Array<{ code: string }> }
interface Payload { meeting?: MeetingOut | null; meetingParticipant?: ParticipantOut | null; decision?: DecisionOut | null; deletedId?: string | null; userErrors: UserError[] }
interface HistoryEntry { operation: string; version: number; mutation: string; fields: Array<{ field: string; before: string | null; after: string | null }> }

const ERRORS = 'userErrors { field message code }';
const MEETING_FIELDS = 'id version kind sessionNumber title startDate endDate timezone modality platform durationMinutes organization { name } hostCountry { code } chair { name } parent { id }';
const PARTICIPANT_FIELDS = 'id version role person { name } organization { name } country { code } meeting { id participants { id } }';
const DECISION_FIELDS = 'id version kind title text decidedOn requirement result meeting { id } programs { code }';
const CREATE_MEETING = `mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { ${MEETING_FIELDS} } ${ERRORS} } }`;
const UPDATE_MEETING = `mutation ($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { ${MEETING_FIELDS} } ${ERRORS} } }`;
const DELETE_MEETING = `mutation ($input: DeleteMeetingInput!) { deleteMeeting(input: $input) { deletedId ${ERRORS} } }`;
const ADD_PARTICIPANT = `mutation ($input: AddMeetingParticipantInput!) { addMeetingParticipant(input: $input) { meetingParticipant { ${PARTICIPANT_FIELDS} } ${ERRORS} } }`;
const REMOVE_PARTICIPANT = `mutation ($input: RemoveMeetingParticipantInput!) { removeMeetingParticipant(input: $input) { deletedId ${ERRORS} } }`;
const RECORD_DECISION = `mutation ($input: RecordDecisionInput!) { recordDecision(input: $input) { decision { ${DECISION_FIELDS} } ${ERRORS} } }`;
const UPDATE_DECISION = `mutation ($input: UpdateDecisionInput!) { updateDecision(input: $input) { decision { ${DECISION_FIELDS} } ${ERRORS} } }`;
const DELETE_DECISION = `mutation ($input: DeleteDecisionInput!) { deleteDecision(input: $input) { deletedId ${ERRORS} } }`;
const READ_MEETING = `query ($id: ID!) { meeting(id: $id) { ${MEETING_FIELDS} participants { id role person { name } country { code } } decisions { id } children { id } } }`;
const READ_DECISION = `query ($id: ID!) { decision(id: $id) { ${DECISION_FIELDS} } }`;
const NODE = 'query ($id: ID!) { node(id: $id) { id } }';

const GOVERNING_BODY = gid('Organization', 'apo-governing-body');
const SECRETARIAT = gid('Organization', 'apo-secretariat');
const ZAKIA = gid('Person', 'zakia-sultana');
const MOCHTAN = gid('Person', 'akp-mochtan');
const GBM_63 = gid('Meeting', 'gbm-63');
const GBM_63_PREPARATORY = gid('Meeting', 'gbm-63-preparatory');
const COVID = gid('Program', 'covid19-digital');
const GP2 = gid('Program', 'green-productivity-2');
const EXTENSION = gid('Decision', 'gbm-63-covid19-extension');

/** The database key inside a global ID. */
const keyOf = (id: string) => Buffer.from(id, 'base64url').toString().split(':').slice(1).join(':');

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  const auth: Record<'reader' | 'editor' | 'admin', Record<string, string>> = { reader: {}, editor: {}, admin: {} };

  beforeAll(async () => {
    server = await startServer(db);
    Object.assign(auth, await roleHeaders(server, 'meeting-test'));
  });
  afterAll(() => server?.close());

  const mutate = (query: string, input: Record<string, unknown>, as: Record<string, string> = auth.editor): Promise<GraphQLResponse<Record<string, Payload>>> => server.gql(query, { input }, as);
  /** The payload of a mutation that must run (no GraphQL errors). */
  const payload = async (query: string, input: Record<string, unknown>): Promise<Payload> => {
    const res = await mutate(query, input);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return Object.values(res.body.data!)[0];
  };
  /** The payload of a mutation that must succeed. */
  const ok = async (query: string, input: Record<string, unknown>): Promise<Payload> => {
    const p = await payload(query, input);
    expect(p.userErrors).toEqual([]);
    return p;
  };
  let sessions = 100;
  const newMeeting = async (input: Record<string, unknown> = {}) =>
    (await ok(CREATE_MEETING, { organization: GOVERNING_BODY, kind: 'GOVERNING_BODY_MEETING', sessionNumber: sessions++, title: 'A session', startDate: '2024-06-10', modality: 'HYBRID', ...input })).meeting!;
  const newDecision = async (meeting: string, input: Record<string, unknown> = {}) =>
    (await ok(RECORD_DECISION, { meeting, kind: 'ADOPTION', title: 'A decision', text: 'What was decided.', result: 'ADOPTED', ...input })).decision!;
  const readMeeting = async (id: string) => (await server.data<{ meeting: MeetingOut & { participants: Array<{ id: string; role: string; person: { name: string } | null; country: { code: string } | null }>; decisions: Array<{ id: string }>; children: Array<{ id: string }> } }>(READ_MEETING, { id })).meeting;
  const readDecision = async (id: string) => (await server.data<{ decision: DecisionOut }>(READ_DECISION, { id })).decision;
  /** Every change ever recorded: unchanged means nothing was written. */
  const changes = async () => (await server.data<{ changes: { totalCount: number } }>('{ changes { totalCount } }')).changes.totalCount;
  const history = async (type: 'meeting' | 'decision' | 'node', id: string): Promise<HistoryEntry[]> => {
    const select = 'history(first: 100) { nodes { operation version mutation fields { field before after } } }';
    const query = type === 'node' ? `query ($id: ID!) { x: node(id: $id) { ... on MeetingParticipant { ${select} } } }` : `query ($id: ID!) { x: ${type}(id: $id) { ${select} } }`;
    return (await server.data<{ x: { history: { nodes: HistoryEntry[] } } }>(query, { id })).x.history.nodes;
  };
  /** A refusal: exactly one user error, as expected, and nothing written. */
  const refused = async (query: string, input: Record<string, unknown>, field: string[] | null, code: string, message: RegExp) => {
    const before = await changes();
    const p = await payload(query, input);
    expect(p.userErrors).toHaveLength(1);
    expect(p.userErrors[0]).toMatchObject({ field, code });
    expect(p.userErrors[0].message).toMatch(message);
    expect(await changes()).toBe(before);
    return p;
  };

  describe('meetings', () => {
    it('createMeeting stores the meeting with trimmed text, at version 1; a read shows it', async () => {
      const m = await newMeeting({ title: '  64th Session of the APO Governing Body  ', sessionNumber: 64, endDate: '2024-06-12', timezone: 'Asia/Tokyo', platform: ' Zoom ', durationMinutes: 480, hostCountry: 'JP', chair: ZAKIA });
      expect(m).toMatchObject({ version: 1, kind: 'GOVERNING_BODY_MEETING', sessionNumber: 64, title: '64th Session of the APO Governing Body', startDate: '2024-06-10', endDate: '2024-06-12', timezone: 'Asia/Tokyo', modality: 'HYBRID', platform: 'Zoom', durationMinutes: 480, organization: { name: expect.stringMatching(/Governing Body/) }, hostCountry: { code: 'JP' }, chair: { name: 'Zakia Sultana' }, parent: null });
      expect(await readMeeting(m.id)).toMatchObject(m);
    });

    it('a preparatory session belongs to its meeting, which lists it', async () => {
      const m = await newMeeting();
      const prep = await newMeeting({ kind: 'PREPARATORY', sessionNumber: null, parent: m.id, startDate: '2024-06-09' });
      expect(prep.parent).toEqual({ id: m.id });
      expect((await readMeeting(m.id)).children).toEqual([{ id: prep.id }]);
    });

    it('updateMeeting changes only the fields sent, clears those sent as null, and raises the version', async () => {
      const m = await newMeeting({ platform: 'Zoom', durationMinutes: 60, timezone: 'Asia/Jakarta' });
      const res = await ok(UPDATE_MEETING, { id: m.id, version: 1, title: 'Renamed', platform: null, endDate: '2024-06-11' });
      expect(res.meeting).toEqual({ ...m, version: 2, title: 'Renamed', platform: null, endDate: '2024-06-11' });
      expect(await readMeeting(m.id)).toMatchObject(res.meeting!);
    });

    it('a title of 500 characters is stored whole', async () => {
      const title = 'T'.repeat(500);
      expect((await newMeeting({ title })).title).toBe(title);
    });

    it('session numbers repeat across organizations and kinds, and meetings without one are many', async () => {
      const m = await newMeeting({ sessionNumber: 90 });
      await newMeeting({ sessionNumber: 90, organization: SECRETARIAT });
      await newMeeting({ sessionNumber: 90, kind: 'WORKSHOP_MEETING' });
      await newMeeting({ sessionNumber: null });
      await newMeeting({ sessionNumber: null });
      // Changing other fields of a numbered meeting does not trip over its own number.
      await ok(UPDATE_MEETING, { id: m.id, version: 1, sessionNumber: 90, title: 'Still 90' });
    });

    it('deleteMeeting deletes the meeting and its participants, and answers its ID', async () => {
      const m = await newMeeting();
      const p = (await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'CHAIR', person: ZAKIA })).meetingParticipant!;
      const res = await ok(DELETE_MEETING, { id: m.id, version: 1 });
      expect(res.deletedId).toBe(m.id);
      expect((await server.gql(READ_MEETING, { id: m.id })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await server.data<{ node: unknown }>(NODE, { id: p.id })).node).toBeNull();
    });
  });

  describe('meeting validation: a user error at the field, and nothing written', () => {
    const cases: Array<[string, Record<string, unknown>, string[], string, RegExp]> = [
      ['an empty title', { title: '  ' }, ['title'], 'BAD_USER_INPUT', /empty/],
      ['a title over 500 characters', { title: 'x'.repeat(501) }, ['title'], 'BAD_USER_INPUT', /At most 500/],
      ['a missing title', { title: undefined }, ['title'], 'BAD_USER_INPUT', /Required/],
      ['a missing organization', { organization: undefined }, ['organization'], 'BAD_USER_INPUT', /Required/],
      ['an organization that does not exist', { organization: gid('Organization', 'nobody') }, ['organization'], 'NOT_FOUND', /No Organization/],
      ['an organization ID of another type', { organization: ZAKIA }, ['organization'], 'NOT_FOUND', /No Organization/],
      ['a missing kind', { kind: undefined }, ['kind'], 'BAD_USER_INPUT', /Required/],
      ['a missing modality', { modality: undefined }, ['modality'], 'BAD_USER_INPUT', /Required/],
      ['a missing start date', { startDate: undefined }, ['startDate'], 'BAD_USER_INPUT', /Required/],
      ['an end before the start', { startDate: '2024-06-10', endDate: '2024-06-09' }, ['endDate'], 'BAD_USER_INPUT', /before the start/],
      ['a session number of 0', { sessionNumber: 0 }, ['sessionNumber'], 'BAD_USER_INPUT', /positive/],
      ['a negative duration', { durationMinutes: -30 }, ['durationMinutes'], 'BAD_USER_INPUT', /positive/],
      ['a duration of 0', { durationMinutes: 0 }, ['durationMinutes'], 'BAD_USER_INPUT', /positive/],
      ['a time zone that does not exist', { timezone: 'Mars/Olympus_Mons' }, ['timezone'], 'BAD_USER_INPUT', /IANA time zone/],
      ['a UTC offset instead of a time zone', { timezone: '+07:00' }, ['timezone'], 'BAD_USER_INPUT', /IANA time zone/],
      ['a platform over 200 characters', { platform: 'p'.repeat(201) }, ['platform'], 'BAD_USER_INPUT', /At most 200/],
      ['a host country not in the records', { hostCountry: 'AQ' }, ['hostCountry'], 'NOT_FOUND', /No Country has the code AQ/],
      ['a chair who does not exist', { chair: gid('Person', 'nobody') }, ['chair'], 'NOT_FOUND', /No Person/],
      ['a parent meeting that does not exist', { parent: gid('Meeting', 'nope') }, ['parent'], 'NOT_FOUND', /No Meeting/],
      ['a session number the organization has for the kind', { sessionNumber: 63 }, ['sessionNumber'], 'CONFLICT', /Session 63 .* is already "63rd Session of the APO Governing Body"/],
    ];
    it.each(cases)('%s', async (_what, input, field, code, message) => {
      const before = (await server.data<{ meetings: { totalCount: number } }>('{ meetings { totalCount } }')).meetings.totalCount;
      const res = await refused(CREATE_MEETING, { organization: GOVERNING_BODY, kind: 'GOVERNING_BODY_MEETING', title: 'Refused', startDate: '2024-06-10', modality: 'VIRTUAL', ...input }, field, code, message);
      expect(res.meeting).toBeNull();
      expect((await server.data<{ meetings: { totalCount: number } }>('{ meetings { totalCount } }')).meetings.totalCount).toBe(before);
    });

    it('every problem of an input is reported at once', async () => {
      const res = await payload(CREATE_MEETING, { organization: gid('Organization', 'nobody'), kind: 'OTHER', title: '', startDate: '2024-06-10', endDate: '2024-01-01', modality: 'VIRTUAL', timezone: 'Nowhere' });
      expect(res.userErrors.map((e) => e.field![0]).sort()).toEqual(['endDate', 'organization', 'timezone', 'title']);
    });

    it('an update to a session number already taken is a CONFLICT, also when the kind or organization changes', async () => {
      const a = await newMeeting({ sessionNumber: 77 });
      const b = await newMeeting({ sessionNumber: 78 });
      await refused(UPDATE_MEETING, { id: b.id, version: 1, sessionNumber: 77 }, ['sessionNumber'], 'CONFLICT', /Session 77/);
      const c = await newMeeting({ sessionNumber: 77, kind: 'OTHER' });
      await refused(UPDATE_MEETING, { id: c.id, version: 1, kind: 'GOVERNING_BODY_MEETING' }, ['sessionNumber'], 'CONFLICT', new RegExp(`Session 77 .*${a.id}`));
      const d = await newMeeting({ sessionNumber: 77, organization: SECRETARIAT });
      await refused(UPDATE_MEETING, { id: d.id, version: 1, organization: GOVERNING_BODY }, ['sessionNumber'], 'CONFLICT', /Session 77/);
    });

    it('the database refuses a taken session number too (the unique index), but not a second meeting without one', async () => {
      const row = { organization: 'apo-governing-body', kind: MeetingKind.GOVERNING_BODY_MEETING, title: 'Inserted directly', startDate: '2024-01-01', modality: Modality.VIRTUAL };
      const em = server.em();
      em.create(Meeting, { ...row, sessionNumber: 63 } as never);
      await expect(em.flush()).rejects.toThrow(/unique|duplicate/i);
      const other = server.em();
      other.create(Meeting, { ...row, sessionNumber: null } as never);
      other.create(Meeting, { ...row, sessionNumber: null } as never);
      await expect(other.flush()).resolves.toBeUndefined();
    });

    it.runIf(db === 'postgresql')('the hand-written migration matches the entities: a schema diff leaves meetings and decisions alone', async () => {
      const diff = await server.app.orm.schema.getUpdateSchemaSQL({ wrap: false });
      expect(diff.split('\n').filter((line) => /"(meeting|meeting_participant|decision|decision_programs)"/.test(line))).toEqual([]);
    });

    it('required fields sent as null in an update are refused', async () => {
      const m = await newMeeting();
      for (const field of ['title', 'organization', 'kind', 'modality', 'startDate']) {
        await refused(UPDATE_MEETING, { id: m.id, version: 1, [field]: null }, [field], 'BAD_USER_INPUT', /Required/);
      }
    });

    it('a meeting cannot belong to itself', async () => {
      const m = await newMeeting();
      await refused(UPDATE_MEETING, { id: m.id, version: 1, parent: m.id }, ['parent'], 'BAD_USER_INPUT', /cannot belong to itself/);
    });

    it('a meeting cannot belong to one of its own sessions, however deep', async () => {
      const top = await newMeeting();
      const mid = await newMeeting({ kind: 'PREPARATORY', parent: top.id });
      const low = await newMeeting({ kind: 'PREPARATORY', parent: mid.id });
      await refused(UPDATE_MEETING, { id: top.id, version: 1, parent: low.id }, ['parent'], 'BAD_USER_INPUT', /one of its own sessions/);
      const seeded = await readMeeting(GBM_63);
      await refused(UPDATE_MEETING, { id: GBM_63, version: seeded.version, parent: GBM_63_PREPARATORY }, ['parent'], 'BAD_USER_INPUT', /one of its own sessions/);
    });

    it('the start cannot move after the day of one of its decisions', async () => {
      const m = await newMeeting({ startDate: '2024-03-01' });
      await newDecision(m.id, { decidedOn: '2024-03-02' });
      await refused(UPDATE_MEETING, { id: m.id, version: 1, startDate: '2024-03-03' }, ['startDate'], 'BAD_USER_INPUT', /1 of the meeting's decisions is dated before 2024-03-03/);
      expect((await ok(UPDATE_MEETING, { id: m.id, version: 1, startDate: '2024-03-02' })).meeting!.startDate).toBe('2024-03-02');
    });

    it.each([
      ['a country code in lower case', { hostCountry: 'jp' }],
      ['a fractional duration', { durationMinutes: 1.5 }],
      ['a date that is not a date', { startDate: '2024-02-30' }],
      ['a kind that does not exist', { kind: 'PARTY' }],
    ])('%s is refused before the mutation runs (BAD_USER_INPUT)', async (_what, input) => {
      const before = await changes();
      const res = await mutate(CREATE_MEETING, { organization: GOVERNING_BODY, kind: 'OTHER', title: 't', startDate: '2024-06-10', modality: 'VIRTUAL', ...input });
      expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await changes()).toBe(before);
    });
  });

  describe('deleting a meeting others depend on is refused, naming them', () => {
    it('the 63rd GBM: its decisions, its preparatory session and its citations', async () => {
      const seeded = await readMeeting(GBM_63);
      const res = await refused(DELETE_MEETING, { id: GBM_63, version: seeded.version }, ['id'], 'CONFLICT', /cannot be deleted: .* depend on it/);
      expect(res.deletedId).toBeNull();
      for (const named of [/2 Decision records \(as meeting\)/, /1 Meeting \(as parent\)/, /\d+ Citation records \(of it\)/]) expect(res.userErrors[0].message).toMatch(named);
      expect((await readMeeting(GBM_63)).participants.length).toBe(seeded.participants.length);
    });

    it('a meeting with a decision', async () => {
      const m = await newMeeting();
      await newDecision(m.id);
      await refused(DELETE_MEETING, { id: m.id, version: 1 }, ['id'], 'CONFLICT', /cannot be deleted: 1 Decision \(as meeting\) depend on it/);
    });

    it('a meeting with a session of its own', async () => {
      const m = await newMeeting();
      await newMeeting({ kind: 'PREPARATORY', parent: m.id });
      await refused(DELETE_MEETING, { id: m.id, version: 1 }, ['id'], 'CONFLICT', /cannot be deleted: 1 Meeting \(as parent\) depend on it/);
    });

    it('a meeting whose participant is cited: the citation would point at nothing', async () => {
      const m = await newMeeting();
      const p = (await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'MEMBER', country: 'JP' })).meetingParticipant!;
      const em = server.em();
      em.create(Citation, { source: 'republika-2021-06-10-apo', subjectType: 'MeetingParticipant', subjectId: keyOf(p.id), excerpt: 'Jepang', status: CitationStatus.REPORTED } as never);
      await em.flush();
      await refused(DELETE_MEETING, { id: m.id, version: 1 }, ['id'], 'CONFLICT', new RegExp(`with its participant ${p.id}: .*1 Citation \\(of it\\)`));
      await refused(REMOVE_PARTICIPANT, { id: p.id }, ['id'], 'CONFLICT', /MeetingParticipant cannot be deleted: 1 Citation \(of it\)/);
    });
  });

  describe('participants', () => {
    it('addMeetingParticipant adds a person, an organization or a country; the meeting lists them', async () => {
      const m = await newMeeting();
      const chair = (await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'CHAIR', person: ZAKIA, organization: GOVERNING_BODY, country: 'BD' })).meetingParticipant!;
      expect(chair).toMatchObject({ version: 1, role: 'CHAIR', person: { name: 'Zakia Sultana' }, organization: { name: expect.stringMatching(/Governing Body/) }, country: { code: 'BD' }, meeting: { id: m.id, participants: [{ id: chair.id }] } });
      const member = (await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'MEMBER', country: 'JP' })).meetingParticipant!;
      const observer = (await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'OBSERVER', organization: SECRETARIAT })).meetingParticipant!;
      // The chair's country may attend as a member too, and a delegate may represent a member country.
      await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'MEMBER', country: 'BD' });
      await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'DELEGATE', person: MOCHTAN, country: 'JP' });
      const read = await readMeeting(m.id);
      expect(read.participants.map((p) => p.id)).toEqual(expect.arrayContaining([chair.id, member.id, observer.id]));
      expect(read.participants).toHaveLength(5);
      expect((await history('node', member.id)).map((h) => [h.operation, h.version, h.mutation])).toEqual([['CREATE', 1, 'addMeetingParticipant']]);
    });

    it.each([
      ['no person, organization or country', { role: 'OBSERVER' }, null, 'BAD_USER_INPUT', /at least one/],
      ['a meeting that does not exist', { meeting: gid('Meeting', 'nope'), role: 'OBSERVER', person: ZAKIA }, ['meeting'], 'NOT_FOUND', /No Meeting/],
      ['a person who does not exist', { role: 'SPEAKER', person: gid('Person', 'nobody') }, ['person'], 'NOT_FOUND', /No Person/],
      ['an organization that does not exist', { role: 'OBSERVER', organization: gid('Organization', 'nobody') }, ['organization'], 'NOT_FOUND', /No Organization/],
      ['a country not in the records', { role: 'MEMBER', country: 'AQ' }, ['country'], 'NOT_FOUND', /No Country has the code AQ/],
    ] as const)('%s is refused', async (_what, input, field, code, message) => {
      const m = await newMeeting();
      const res = await refused(ADD_PARTICIPANT, { meeting: m.id, ...input }, field as string[] | null, code, message);
      expect(res.meetingParticipant).toBeNull();
      expect((await readMeeting(m.id)).participants).toEqual([]);
    });

    it('the same person twice in a meeting is a CONFLICT, whatever the role', async () => {
      const m = await newMeeting();
      await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'CHAIR', person: ZAKIA });
      await refused(ADD_PARTICIPANT, { meeting: m.id, role: 'SPEAKER', person: ZAKIA }, ['person'], 'CONFLICT', /Zakia Sultana already takes part/);
      expect((await readMeeting(m.id)).participants).toHaveLength(1);
    });

    it('the same country twice as a MEMBER is a CONFLICT', async () => {
      const m = await newMeeting();
      await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'MEMBER', country: 'JP' });
      await refused(ADD_PARTICIPANT, { meeting: m.id, role: 'MEMBER', country: 'JP' }, ['country'], 'CONFLICT', /Japan is already a member/);
      await refused(ADD_PARTICIPANT, { meeting: GBM_63, role: 'MEMBER', country: 'ID' }, ['country'], 'CONFLICT', /Indonesia is already a member/);
    });

    it('removeMeetingParticipant removes one participant and answers its ID', async () => {
      const m = await newMeeting();
      const keep = (await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'MEMBER', country: 'JP' })).meetingParticipant!;
      const gone = (await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'MEMBER', country: 'KR' })).meetingParticipant!;
      expect(await ok(REMOVE_PARTICIPANT, { id: gone.id })).toEqual({ deletedId: gone.id, userErrors: [] });
      expect((await readMeeting(m.id)).participants.map((p) => p.id)).toEqual([keep.id]);
      // Removed, the country may be added again.
      await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'MEMBER', country: 'KR' });
    });

    it('removing a participant that does not exist is NOT_FOUND', async () => {
      const res = await refused(REMOVE_PARTICIPANT, { id: gid('MeetingParticipant', 'nope') }, ['id'], 'NOT_FOUND', /No MeetingParticipant/);
      expect(res.deletedId).toBeNull();
      await refused(REMOVE_PARTICIPANT, { id: GBM_63 }, ['id'], 'NOT_FOUND', /No MeetingParticipant/);
    });
  });

  describe('decisions', () => {
    it('recordDecision stores a decision with the programs it affects; the meeting and the programs list it', async () => {
      const m = await newMeeting({ startDate: '2024-06-10' });
      const d = await newDecision(m.id, { kind: 'EXTENSION', title: '  Extend GP2  ', text: ' GP2 runs to 2027. ', decidedOn: '2024-06-10', requirement: 'CONSENSUS', programs: [GP2, COVID] });
      expect(d).toMatchObject({ version: 1, kind: 'EXTENSION', title: 'Extend GP2', text: 'GP2 runs to 2027.', decidedOn: '2024-06-10', requirement: 'CONSENSUS', result: 'ADOPTED', meeting: { id: m.id }, programs: [{ code: 'COVID19-DIGITAL' }, { code: 'GP2' }] });
      expect(await readDecision(d.id)).toEqual(d);
      expect((await readMeeting(m.id)).decisions).toEqual([{ id: d.id }]);
      const program = await server.data<{ program: { decisions: Array<{ id: string }> } }>('query ($id: ID!) { program(id: $id) { decisions { id } } }', { id: GP2 });
      expect(program.program.decisions.map((x) => x.id)).toContain(d.id);
    });

    it('a decision without a day or programs is recorded too', async () => {
      const m = await newMeeting();
      expect(await newDecision(m.id)).toMatchObject({ decidedOn: null, requirement: null, programs: [] });
    });

    it('updateDecision changes only the fields sent; `programs` replaces the list, and the history shows it', async () => {
      const m = await newMeeting({ startDate: '2024-06-10' });
      const d = await newDecision(m.id, { decidedOn: '2024-06-11', requirement: 'MAJORITY', programs: [GP2] });
      const renamed = await ok(UPDATE_DECISION, { id: d.id, version: 1, title: 'Renamed', requirement: null });
      expect(renamed.decision).toEqual({ ...d, version: 2, title: 'Renamed', requirement: null });
      const relinked = await ok(UPDATE_DECISION, { id: d.id, version: 2, programs: [COVID] });
      expect(relinked.decision).toMatchObject({ version: 3, title: 'Renamed', programs: [{ code: 'COVID19-DIGITAL' }] });
      const cleared = await ok(UPDATE_DECISION, { id: d.id, version: 3, programs: [] });
      expect(cleared.decision).toMatchObject({ version: 4, programs: [] });
      expect(await readDecision(d.id)).toEqual(cleared.decision);
      const h = await history('decision', d.id);
      expect(h.map((e) => [e.operation, e.version, e.mutation])).toEqual([['CREATE', 1, 'recordDecision'], ['UPDATE', 2, 'updateDecision'], ['UPDATE', 3, 'updateDecision'], ['UPDATE', 4, 'updateDecision']]);
      expect(h[2].fields).toEqual([{ field: 'programs', before: JSON.stringify([GP2]), after: JSON.stringify([COVID]) }]);
      expect(h[1].fields).toEqual(expect.arrayContaining([{ field: 'title', before: '"A decision"', after: '"Renamed"' }, { field: 'requirement', before: '"MAJORITY"', after: 'null' }]));
    });

    it('a decision moves to another meeting', async () => {
      const a = await newMeeting();
      const b = await newMeeting();
      const d = await newDecision(a.id);
      expect((await ok(UPDATE_DECISION, { id: d.id, version: 1, meeting: b.id })).decision!.meeting).toEqual({ id: b.id });
      expect((await readMeeting(a.id)).decisions).toEqual([]);
    });

    it.each([
      ['a missing meeting', { meeting: undefined }, ['meeting'], 'BAD_USER_INPUT', /Required/],
      ['a meeting that does not exist', { meeting: gid('Meeting', 'nope') }, ['meeting'], 'NOT_FOUND', /No Meeting/],
      ['a missing kind', { kind: undefined }, ['kind'], 'BAD_USER_INPUT', /Required/],
      ['a missing result', { result: undefined }, ['result'], 'BAD_USER_INPUT', /Required/],
      ['an empty title', { title: ' ' }, ['title'], 'BAD_USER_INPUT', /empty/],
      ['a title over 500 characters', { title: 'x'.repeat(501) }, ['title'], 'BAD_USER_INPUT', /At most 500/],
      ['a missing text', { text: undefined }, ['text'], 'BAD_USER_INPUT', /Required/],
      ['a text over 20 000 characters', { text: 'x'.repeat(20_001) }, ['text'], 'BAD_USER_INPUT', /At most 20000/],
      ['a day before the meeting\'s first', { decidedOn: '2021-06-07' }, ['decidedOn'], 'BAD_USER_INPUT', /before the meeting's first day \(2021-06-08\)/],
      ['a program that does not exist', { programs: [GP2, gid('Program', 'nope')] }, ['programs', '1'], 'NOT_FOUND', /No Program/],
    ])('%s is refused', async (_what, input, field, code, message) => {
      const before = (await server.data<{ decisions: { totalCount: number } }>('{ decisions { totalCount } }')).decisions.totalCount;
      const res = await refused(RECORD_DECISION, { meeting: GBM_63, kind: 'OTHER', title: 'Refused', text: 'Refused.', result: 'DEFERRED', ...input }, field, code, message);
      expect(res.decision).toBeNull();
      expect((await server.data<{ decisions: { totalCount: number } }>('{ decisions { totalCount } }')).decisions.totalCount).toBe(before);
    });

    it('an update cannot date a decision before its meeting, nor move it to a meeting that starts later', async () => {
      const early = await newMeeting({ startDate: '2024-01-10' });
      const late = await newMeeting({ startDate: '2024-05-01' });
      const d = await newDecision(early.id, { decidedOn: '2024-01-11' });
      await refused(UPDATE_DECISION, { id: d.id, version: 1, decidedOn: '2024-01-09' }, ['decidedOn'], 'BAD_USER_INPUT', /before the meeting's first day \(2024-01-10\)/);
      await refused(UPDATE_DECISION, { id: d.id, version: 1, meeting: late.id }, ['decidedOn'], 'BAD_USER_INPUT', /before the meeting's first day \(2024-05-01\)/);
      await refused(UPDATE_DECISION, { id: d.id, version: 1, programs: [gid('Program', 'nope')] }, ['programs', '0'], 'NOT_FOUND', /No Program/);
      expect((await readDecision(d.id)).version).toBe(1);
    });

    it('deleteDecision deletes a decision and its links to programs', async () => {
      const m = await newMeeting();
      const d = await newDecision(m.id, { programs: [GP2] });
      expect(await ok(DELETE_DECISION, { id: d.id, version: 1 })).toEqual({ deletedId: d.id, userErrors: [] });
      expect((await server.gql(READ_DECISION, { id: d.id })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const program = await server.data<{ program: { decisions: Array<{ id: string }> } }>('query ($id: ID!) { program(id: $id) { decisions { id } } }', { id: GP2 });
      expect(program.program.decisions.map((x) => x.id)).not.toContain(d.id);
      // With its decision gone, the meeting may go too.
      await ok(DELETE_MEETING, { id: m.id, version: 1 });
    });

    it('a decision that program amendments point at cannot be deleted; the message names them', async () => {
      const m = await newMeeting();
      const d = await newDecision(m.id, { programs: [GP2] });
      const em = server.em();
      em.create(ProgramAmendment, { program: 'green-productivity-2', field: 'endDate', previousValue: '2025-12-31', newValue: '2026-12-31', effectiveOn: '2024-06-10', decision: keyOf(d.id) } as never);
      await em.flush();
      await refused(DELETE_DECISION, { id: d.id, version: 1 }, ['id'], 'CONFLICT', /Decision cannot be deleted: 1 ProgramAmendment \(as decision\) depend on it/);
      const seeded = await readDecision(EXTENSION);
      await refused(DELETE_DECISION, { id: EXTENSION, version: seeded.version }, ['id'], 'CONFLICT', /1 ProgramAmendment \(as decision\), \d+ Citation records \(of it\)/);
      expect((await readDecision(d.id)).id).toBe(d.id);
    });
  });

  describe('roles: without an editor token nothing changes', () => {
    const inputs: Array<[string, string, Record<string, unknown>]> = [
      ['createMeeting', CREATE_MEETING, { organization: GOVERNING_BODY, kind: 'OTHER', title: 'No', startDate: '2024-06-10', modality: 'VIRTUAL' }],
      ['updateMeeting', UPDATE_MEETING, { id: GBM_63_PREPARATORY, version: 1, title: 'No' }],
      ['deleteMeeting', DELETE_MEETING, { id: GBM_63_PREPARATORY, version: 1 }],
      ['addMeetingParticipant', ADD_PARTICIPANT, { meeting: GBM_63_PREPARATORY, role: 'OBSERVER', person: MOCHTAN }],
      ['removeMeetingParticipant', REMOVE_PARTICIPANT, { id: gid('MeetingParticipant', 'nope') }],
      ['recordDecision', RECORD_DECISION, { meeting: GBM_63, kind: 'OTHER', title: 'No', text: 'No.', result: 'REJECTED' }],
      ['updateDecision', UPDATE_DECISION, { id: EXTENSION, version: 1, title: 'No' }],
      ['deleteDecision', DELETE_DECISION, { id: EXTENSION, version: 1 }],
    ];
    const callers = [['without a token', null, 'UNAUTHENTICATED'], ['with a reader token', 'reader', 'FORBIDDEN']] as const;
    it.each(inputs.flatMap(([name, query, input]) => callers.map(([who, as, code]) => [name, who, query, input, as, code] as const)))('%s %s is refused', async (_name, _who, query, input, as, code) => {
      const before = await changes();
      const res = await mutate(query, input, as ? auth[as] : {});
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
      expect(res.body.data).toBeNull();
      expect(await changes()).toBe(before);
    });
  });

  describe('no lost updates', () => {
    it('a meeting update from a stale version is a CONFLICT carrying the current meeting, and changes nothing', async () => {
      const m = await newMeeting({ title: 'Version 1' });
      await ok(UPDATE_MEETING, { id: m.id, version: 1, title: 'Version 2' });
      const stale = await refused(UPDATE_MEETING, { id: m.id, version: 1, title: 'Lost update' }, ['version'], 'CONFLICT', /at version 2, not 1/);
      expect(stale.meeting).toMatchObject({ id: m.id, version: 2, title: 'Version 2' });
      await refused(DELETE_MEETING, { id: m.id, version: 1 }, ['version'], 'CONFLICT', /at version 2, not 1/);
      expect((await readMeeting(m.id)).title).toBe('Version 2');
    });

    it('a decision update or delete from a stale version is a CONFLICT carrying the current decision', async () => {
      const m = await newMeeting();
      const d = await newDecision(m.id, { title: 'Version 1' });
      await ok(UPDATE_DECISION, { id: d.id, version: 1, programs: [GP2] });
      const stale = await refused(UPDATE_DECISION, { id: d.id, version: 1, title: 'Lost update' }, ['version'], 'CONFLICT', /at version 2, not 1/);
      expect(stale.decision).toMatchObject({ id: d.id, version: 2, title: 'Version 1', programs: [{ code: 'GP2' }] });
      await refused(DELETE_DECISION, { id: d.id, version: 1 }, ['version'], 'CONFLICT', /at version 2, not 1/);
    });

    it('20 concurrent creations of the same session: exactly one wins, the others get CONFLICT', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => payload(CREATE_MEETING, { organization: GOVERNING_BODY, kind: 'WORKSHOP_MEETING', sessionNumber: 555, title: `Racer ${i}`, startDate: '2024-06-10', modality: 'VIRTUAL' })));
      expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
      expect(results.filter((r) => r.userErrors[0]?.code === 'CONFLICT')).toHaveLength(19);
      const found = await server.data<{ meetings: { totalCount: number } }>('{ meetings(filter: { sessionNumber: 555 }) { totalCount } }');
      expect(found.meetings.totalCount).toBe(1);
    });
  });

  describe('atomicity', () => {
    it('a failure after the meeting is written leaves nothing: no meeting, no change', async () => {
      const before = await changes();
      server.failNext(/insert into .record_change/i);
      const res = await mutate(CREATE_MEETING, { organization: GOVERNING_BODY, kind: 'OTHER', title: 'Half-written', startDate: '2024-06-10', modality: 'VIRTUAL' });
      expect(res.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(await changes()).toBe(before);
      const found = await server.data<{ meetings: { totalCount: number } }>('{ meetings(filter: { title: "Half-written" }) { totalCount } }');
      expect(found.meetings.totalCount).toBe(0);
    });

    it('a delete that fails after the participants are gone leaves the meeting and its participants', async () => {
      const m = await newMeeting();
      await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'MEMBER', country: 'JP' });
      server.failNext(/delete from .meeting. /i);
      const res = await mutate(DELETE_MEETING, { id: m.id, version: 1 });
      expect(res.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect((await readMeeting(m.id)).participants).toHaveLength(1);
    });
  });

  describe('history', () => {
    it('a changed meeting\'s history lists each change with its fields', async () => {
      const m = await newMeeting({ title: 'Before', timezone: 'Asia/Jakarta' });
      await ok(UPDATE_MEETING, { id: m.id, version: 1, title: 'After', timezone: null, hostCountry: 'ID' });
      const h = await history('meeting', m.id);
      expect(h.map((e) => [e.operation, e.version, e.mutation])).toEqual([['CREATE', 1, 'createMeeting'], ['UPDATE', 2, 'updateMeeting']]);
      expect(h[1].fields).toEqual(expect.arrayContaining([
        { field: 'title', before: '"Before"', after: '"After"' },
        { field: 'timezone', before: '"Asia/Jakarta"', after: 'null' },
        { field: 'hostCountry', before: 'null', after: expect.stringMatching(/^".+"$/) },
      ]));
      expect(h[1].fields).toHaveLength(3);
    });

    it('a deleted meeting leaves a DELETE in the audit log, for it and for each participant', async () => {
      const m = await newMeeting();
      const p = (await ok(ADD_PARTICIPANT, { meeting: m.id, role: 'MEMBER', country: 'JP' })).meetingParticipant!;
      await ok(DELETE_MEETING, { id: m.id, version: 1 });
      const feed = await server.gql<{ auditLog: { nodes: Array<{ recordId: string; recordType: string; operation: string }> } }>(
        '{ auditLog(first: 100, filter: { mutation: "deleteMeeting" }) { nodes { recordId recordType operation } } }',
        {},
        auth.admin,
      );
      const mine = feed.body.data!.auditLog.nodes.filter((n) => n.recordId === m.id || n.recordId === p.id);
      expect(mine.map((n) => `${n.recordType} ${n.operation}`).sort()).toEqual(['Meeting DELETE', 'MeetingParticipant DELETE']);
    });
  });
});
