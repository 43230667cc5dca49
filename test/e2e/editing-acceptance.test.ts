import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRole } from '../../server/src/modules/auth/auth.types';
import { issueToken } from '../../server/src/modules/auth/token.service';
import { databases, startServer, type TestServer } from '../helpers/server';

// The editing story end to end, as issue #11 tells it: an editor records the 64th Governing Body Meeting with its
// participants, a decision taken there and, through it, a new extension of the COVID-19 program; a reader sees
// the program's new end date, its amendment history with the decisions behind it, and endDate(asOf:) before
// and after; an admin sees the audit trail; a script following `changes` sees each change once.

interface Payload { userErrors: Array<{ field: string[] | null; message: string; code: string }>; [record: string]: unknown }

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  const headers: Record<'reader' | 'editor' | 'admin', Record<string, string>> = { reader: {}, editor: {}, admin: {} };

  beforeAll(async () => {
    server = await startServer(db);
    for (const role of ['reader', 'editor', 'admin'] as const) {
      headers[role] = { authorization: `Bearer ${(await issueToken(server.em(), `story-${role}`, role.toUpperCase() as ApiRole)).token}` };
    }
  });
  afterAll(() => server?.close());

  /** Runs one mutation as `who`; fails on any error, top-level or user error, and returns the payload. */
  async function edit(who: 'editor' | 'admin', mutation: string, input: Record<string, unknown>, select: string): Promise<Payload> {
    const res = await server.gql<Record<string, Payload>>(`mutation ($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { ${select} userErrors { field message code } } }`, { input }, headers[who]);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const payload = res.body.data![mutation];
    expect(payload.userErrors, mutation).toEqual([]);
    return payload;
  }
  const asReader = <T>(query: string, variables?: Record<string, unknown>) =>
    server.gql<T>(query, variables, headers.reader).then((r) => {
      expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
      return r.body.data as T;
    });

  it('an editor records the 64th GBM, a decision and an extension; readers, admins and mirrors see it all', async () => {
    // Where a mirror script stands before the editing session: the end of the change feed.
    const feedStart = await asReader<{ changes: { edges: Array<{ cursor: string }> } }>('{ changes(first: 100) { edges { cursor } } }');
    const cursor = feedStart.changes.edges.at(-1)?.cursor ?? null;

    const { meetings } = await asReader<{ meetings: { nodes: Array<{ organization: { id: string }; kind: string; sessionNumber: number | null }> } }>(
      '{ meetings(first: 10) { nodes { organization { id } kind sessionNumber } } }',
    );
    const gbm63 = meetings.nodes.find((m) => m.sessionNumber === 63)!;
    const { program: before } = await asReader<{ program: { id: string; version: number; endDate: string } }>('{ program(code: "COVID19-DIGITAL") { id version endDate } }');
    expect(before.endDate).toBe('2022-07-01');

    const meeting = (await edit('editor', 'createMeeting', {
      organization: gbm63.organization.id, kind: gbm63.kind, sessionNumber: 64, title: '64th Session of the APO Governing Body',
      startDate: '2022-06-08', endDate: '2022-06-09', modality: 'VIRTUAL', platform: 'Zoom', timezone: 'Asia/Tokyo', hostCountry: 'JP',
    }, 'meeting { id title sessionNumber }')).meeting as { id: string };
    for (const country of ['JP', 'ID', 'BD']) {
      await edit('editor', 'addMeetingParticipant', { meeting: meeting.id, role: 'MEMBER', country }, 'meetingParticipant { id country { code } }');
    }
    const decision = (await edit('editor', 'recordDecision', {
      meeting: meeting.id, kind: 'EXTENSION', title: 'Extension of the COVID-19 digital capability program to 2023',
      text: 'The Governing Body agreed to extend the program until 30 June 2023.', decidedOn: '2022-06-09',
      requirement: 'CONSENSUS', result: 'ADOPTED', programs: [before.id],
    }, 'decision { id title }')).decision as { id: string };
    const amended = (await edit('editor', 'amendProgram', {
      program: before.id, version: before.version, decision: decision.id, field: 'END_DATE', newValue: '2023-06-30',
    }, 'program { version endDate }')).program as { version: number; endDate: string };
    expect(amended).toEqual({ version: before.version + 1, endDate: '2023-06-30' });

    // A reader sees the new end date, the whole history with the decisions behind it, and the plan as of any day.
    const seen = await asReader<{ program: { endDate: string; asOf2021: string; asOf2022: string; asOf2023: string; amendments: Array<{ previousValue: string; newValue: string; effectiveOn: string; decision: { title: string; meeting: { sessionNumber: number; participants: unknown[] } } }> } }>(
      `{ program(code: "COVID19-DIGITAL") { endDate asOf2021: endDate(asOf: "2021-06-01") asOf2022: endDate(asOf: "2022-01-01") asOf2023: endDate(asOf: "2022-12-31")
          amendments { previousValue newValue effectiveOn decision { title meeting { sessionNumber participants { role } } } } } }`,
    );
    expect(seen.program).toMatchObject({ endDate: '2023-06-30', asOf2021: '2021-12-01', asOf2022: '2022-07-01', asOf2023: '2023-06-30' });
    expect(seen.program.amendments.map((a) => [a.previousValue, a.newValue, a.effectiveOn, a.decision.meeting.sessionNumber])).toEqual([
      ['2021-12-01', '2022-07-01', '2021-06-09', 63],
      ['2022-07-01', '2023-06-30', '2022-06-09', 64],
    ]);
    expect(seen.program.amendments[1].decision.meeting.participants).toHaveLength(3);

    // An admin sees who did what.
    const audit = await server.gql<{ auditLog: { nodes: Array<{ actor: string; mutation: string; recordType: string; operation: string }> } }>(
      '{ auditLog(first: 100, filter: { actor: "story-editor" }) { nodes { actor mutation recordType operation } } }', {}, headers.admin,
    );
    const trail = audit.body.data!.auditLog.nodes.map((n) => `${n.mutation} ${n.operation} ${n.recordType}`);
    expect(trail).toEqual(expect.arrayContaining([
      'createMeeting CREATE Meeting', 'addMeetingParticipant CREATE MeetingParticipant', 'recordDecision CREATE Decision',
      'amendProgram CREATE ProgramAmendment', 'amendProgram UPDATE Program',
    ]));
    expect(audit.body.data!.auditLog.nodes.every((n) => n.actor === 'story-editor')).toBe(true);

    // A mirror script resumes from its cursor and sees each change exactly once, in commit order.
    const seenByMirror: string[] = [];
    for (let after = cursor; ;) {
      const page: { changes: { nodes: Array<{ recordType: string; recordId: string; operation: string; cursor: string }>; pageInfo: { hasNextPage: boolean } } } = await asReader(
        'query ($after: String) { changes(first: 3, after: $after) { nodes { recordType recordId operation cursor } pageInfo { hasNextPage } } }',
        { after },
      );
      seenByMirror.push(...page.changes.nodes.map((n) => `${n.operation} ${n.recordType} ${n.recordId}`));
      if (!page.changes.pageInfo.hasNextPage) break;
      after = page.changes.nodes.at(-1)!.cursor;
    }
    const kinds = seenByMirror.map((s) => s.split(' ').slice(0, 2).join(' '));
    expect(kinds.slice(0, 5)).toEqual(['CREATE Meeting', 'CREATE MeetingParticipant', 'CREATE MeetingParticipant', 'CREATE MeetingParticipant', 'CREATE Decision']);
    // The amendment and the program's new value are one transaction: both come after the decision, in either order.
    expect(kinds.slice(5).sort()).toEqual(['CREATE ProgramAmendment', 'UPDATE Program']);
    expect(new Set(seenByMirror).size).toBe(seenByMirror.length);
  });

  it('without a token nothing can change, and a reader\'s token cannot change anything either', async () => {
    const count = async () => (await asReader<{ meetings: { totalCount: number } }>('{ meetings { totalCount } }')).meetings.totalCount;
    const before = await count();
    const create = 'mutation { createMeeting(input: { title: "Not allowed", kind: OTHER, modality: VIRTUAL, startDate: "2024-01-01" }) { meeting { id } userErrors { code } } }';
    for (const [who, code] of [[{}, 'UNAUTHENTICATED'], [headers.reader, 'FORBIDDEN']] as const) {
      const res = await server.gql(create, {}, who);
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    }
    expect(await count()).toBe(before);
  });
});
