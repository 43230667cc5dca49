import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSavedQueries, type SavedQuery } from '../../server/src/ide/saved-queries';
import { ApiRole } from '../../server/src/modules/auth/auth.types';
import { issueToken } from '../../server/src/modules/auth/token.service';
import { databases, startServer, type TestServer } from '../helpers/server';

// The analysts' saved queries (server/ide/queries/*.graphql), run as the IDE runs them: the file's text with
// its default variables, against the live service. Each must answer without errors, and answer its question.

const names = (list: Array<{ name: string }>) => list.map((x) => x.name);

/** A saved query's check, typed with the shape of the answer it reads (the query text is the IDE's, not ours). */
const answer = <T>(check: (data: T) => void) => (data: unknown) => check(data as T);

interface Named { name: string }
interface Citation { excerpt: string; correctedValue: string | null; subject: { __typename: string; name?: string } | null }
interface Summary { fundingSummary: Array<{ label: string; grantCount: number; unknownAmountCount: number; totals: unknown[] }> }
interface Grant { mechanism: string; amount: unknown; donor: Named; citations: Citation[] }
interface ProgramAnswer { program: { grants: { nodes: Grant[] }; amendments: unknown[] } }
interface List<T> { totalCount: number; nodes: T[] }
interface Meeting { startDate: string; title: string; parent: { title: string } | null; participants: Array<{ role: string; country: unknown }>; decisions: Array<{ kind: string }> }
interface Gbm { chair: Named & { roles: Array<{ country: Named | null }> }; children: unknown[]; citations: Citation[] }

/** What each saved query must answer on the bundled dataset; a new query needs its own line here. */
const ANSWERS: Record<string, (data: unknown) => void> = {
  '13-what-changed': answer<{ changes: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } } }>(({ changes }) => {
    // The feed lists what the saved edits below (and nothing before them) changed; it may be empty when run first.
    expect(Array.isArray(changes.nodes)).toBe(true);
    expect(typeof changes.pageInfo.hasNextPage).toBe('boolean');
  }),
  '14-correct-a-grant': answer<{ updateGrant: { grant: { version: number; mechanism: string }; userErrors: unknown[] } }>(({ updateGrant }) => {
    expect(updateGrant.userErrors).toEqual([]);
    expect(updateGrant.grant).toMatchObject({ version: 2, mechanism: 'Special Cash Grant (Japan-APO)' });
  }),
  '15-record-a-decision': answer<{ recordDecision: { decision: { meeting: { title: string }; programs: Array<{ code: string }> }; userErrors: unknown[] } }>(({ recordDecision }) => {
    expect(recordDecision.userErrors).toEqual([]);
    expect(recordDecision.decision).toMatchObject({ meeting: { title: '63rd Session of the APO Governing Body' }, programs: [{ code: 'COVID19-DIGITAL' }] });
  }),
  '01-funding-by-donor': answer<Summary>(({ fundingSummary }) => {
    expect(fundingSummary).toContainEqual({ label: 'Government of Japan', grantCount: 1, unknownAmountCount: 1, totals: [] });
  }),
  '02-funding-by-year': answer<Summary>(({ fundingSummary }) => {
    expect(fundingSummary).toEqual([{ label: 'Not recorded', grantCount: 1, unknownAmountCount: 1, totals: [] }]);
  }),
  '03-grants': answer<{ grants: List<Grant> }>(({ grants }) => {
    expect(grants.totalCount).toBe(grants.nodes.length);
    expect(grants.nodes[0]).toMatchObject({ mechanism: 'Special Cash Grant', donor: { name: 'Government of Japan', country: { code: 'JP' } }, program: { code: 'GP2' } });
  }),
  '04-what-funds-green-productivity-2': answer<ProgramAnswer>(({ program }) => {
    expect(program).toMatchObject({ title: 'Green Productivity 2.0', predecessor: { title: 'Green Productivity' }, grants: { totalCount: 1 } });
    expect(program.grants.nodes[0]).toMatchObject({ mechanism: 'Special Cash Grant', amount: null, donor: { name: 'Government of Japan' } });
    expect(program.grants.nodes[0].citations.map((c) => c.excerpt).join(' ')).toContain('pendanaan pemerintah Jepang');
  }),
  '05-programs-active-on-a-date': answer<{ programs: List<unknown> }>(({ programs }) => {
    expect(programs.totalCount).toBe(programs.nodes.length);
    expect(programs.nodes).toContainEqual(expect.objectContaining({ code: 'COVID19-DIGITAL', startYear: 2020, plannedEndThatDay: '2022-07-01' }));
  }),
  '06-program-amendment-history': answer<ProgramAnswer>(({ program }) => {
    expect(program).toMatchObject({ code: 'COVID19-DIGITAL', plannedEndBefore: '2021-12-01', plannedEndNow: '2022-07-01' });
    expect(program.amendments).toEqual([
      expect.objectContaining({
        field: 'endDate', previousValue: '2021-12-01', newValue: '2022-07-01', effectiveOn: '2021-06-09',
        decision: expect.objectContaining({ kind: 'EXTENSION', requirement: 'CONSENSUS', meeting: expect.objectContaining({ title: '63rd Session of the APO Governing Body' }) }),
      }),
    ]);
  }),
  '07-meetings-participants-decisions': answer<{ meetings: List<Meeting> }>(({ meetings }) => {
    expect(meetings.nodes.map((m) => m.startDate)).toEqual(['2021-06-07', '2021-06-08']);
    const gbm = meetings.nodes[1];
    expect(gbm.participants.filter((p) => p.role === 'MEMBER' && p.country)).toHaveLength(20);
    expect(gbm.decisions.map((d) => d.kind).sort()).toEqual(['ENDORSEMENT', 'EXTENSION']);
    expect(meetings.nodes[0].parent).toEqual({ title: gbm.title });
  }),
  '08-gbm-63-chairs': answer<{ meetings: List<Gbm> }>(({ meetings }) => {
    const [gbm] = meetings.nodes;
    expect(gbm.chair.name).toBe('Zakia Sultana');
    expect(gbm.chair.roles.map((r) => r.country?.name)).toContain('Bangladesh');
    expect(gbm.children).toEqual([expect.objectContaining({ kind: 'PREPARATORY', chair: { name: 'Zakia Sultana' } })]);
    expect(gbm.citations).toContainEqual(expect.objectContaining({ correctedValue: 'BD' }));
  }),
  '09-members-by-join-year': answer<{ memberships: List<{ joinedOn: string; status: string; country: { code: string } }> }>(({ memberships }) => {
    const joined = memberships.nodes.map((m) => m.joinedOn);
    expect(memberships.totalCount).toBe(21);
    expect(joined).toEqual([...joined].sort());
    expect(memberships.nodes.filter((m) => m.joinedOn.startsWith('1961'))).toHaveLength(8);
    expect(memberships.nodes.at(-1)?.country.code).toBe('TR');
    expect(memberships.nodes.find((m) => m.country.code === 'HK')?.status).toBe('SUSPENDED');
  }),
  '10-facts-the-source-gets-wrong': answer<{ sources: { nodes: Array<{ citations: Citation[] }> } }>(({ sources }) => {
    const disputed = sources.nodes.flatMap((s) => s.citations);
    expect(disputed.map((c) => c.correctedValue)).toEqual(expect.arrayContaining(['Republic of China (TW)', 'BD', 'Binalavotas']));
    expect(disputed.every((c) => c.correctedValue && c.subject)).toBe(true);
    expect(disputed).toContainEqual(expect.objectContaining({ excerpt: 'India, RRT, Nepal', subject: { __typename: 'Country', name: 'Republic of China' } }));
  }),
  '11-search-by-indonesian-name': answer<{ search: unknown[] }>(({ search }) => {
    expect(search[0]).toMatchObject({ __typename: 'Country', code: 'JP', names: [expect.objectContaining({ lang: 'id', name: 'Jepang' })] });
    expect(search).toContainEqual(expect.objectContaining({ __typename: 'Organization', name: 'Government of Japan' }));
  }),
  '12-indonesia-ministry-chain': answer<{ organizations: { nodes: Array<{ kind: string; parent: Named | null; names: unknown[] }> } }>(({ organizations }) => {
    const chain = organizations.nodes.map((o) => [o.kind, o.parent?.name ?? null]);
    expect(chain).toEqual([
      ['MINISTRY', null],
      ['DIRECTORATE_GENERAL', 'Ministry of Manpower, Republic of Indonesia'],
      ['DIRECTORATE', 'Directorate General of Vocational Training and Productivity Development'],
    ]);
    expect(organizations.nodes[0].names).toContainEqual(expect.objectContaining({ lang: 'id', name: 'Kementerian Ketenagakerjaan' }));
  }),
};

const saved = loadSavedQueries();

describe('the saved queries', () => {
  it('are at least ten, each titled, described and named, and each has its expected answer here', () => {
    expect(saved.length).toBeGreaterThanOrEqual(10);
    expect(names(saved).sort()).toEqual(Object.keys(ANSWERS).sort());
    expect(new Set(saved.map((q) => q.title)).size).toBe(saved.length);
    for (const q of saved) expect(q.query).toMatch(/^# title: .+\n# description: .+\n(# view: (json|table|chart)\n)?(query|mutation|\{)/);
    expect(saved.map((q) => q.title)).toContain('Funding by donor');
    // Each opens in the IDE's view that suits it (server/ide/src/results).
    const views = Object.fromEntries(saved.map((q) => [q.name, /^# view: (\w+)$/m.exec(q.query)?.[1] ?? 'json']));
    expect(views).toMatchObject({ '01-funding-by-donor': 'chart', '02-funding-by-year': 'chart', '03-grants': 'table' });
  });
});

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  /** The saved edits run as an editor would run them from the IDE, with a token in the Headers tab. */
  let editor: Record<string, string>;
  beforeAll(async () => {
    server = await startServer(db);
    editor = { authorization: `Bearer ${(await issueToken(server.em(), 'saved-queries-editor', ApiRole.EDITOR)).token}` };
  });
  afterAll(() => server?.close());

  it.each(saved.map((q): [string, SavedQuery] => [q.title, q]))('"%s" answers without errors', async (_title, q) => {
    const isEdit = /^(#.*\n)*mutation/.test(q.query);
    const res = await server.gql(q.query, q.variables ? JSON.parse(q.variables) : undefined, isEdit ? editor : {});
    expect(res.body.errors).toBeUndefined();
    expect(res.status).toBe(200);
    ANSWERS[q.name](res.body.data);
  });
});
