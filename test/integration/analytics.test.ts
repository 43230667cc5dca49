import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, gid, startServer, type TestServer } from '../helpers/server';

// The analytics added for the analysts' saved queries: the root `memberships` list (members by join
// year) and `Source.citations(status:)` (what a source gets wrong), checked against the bundled YAML.

const DATA = join(__dirname, '..', '..', 'server', 'data');
/** The fields of memberships.yaml these tests read. */
interface MembershipRow { id: string; country: string; joinedOn: string; status: string }
const MEMBERSHIPS = parse(readFileSync(join(DATA, 'memberships.yaml'), 'utf8')) as MembershipRow[];

const LIST = `query ($filter: MembershipFilter, $orderBy: [MembershipOrder!]) {
  memberships(first: 100, filter: $filter, orderBy: $orderBy) { totalCount nodes { joinedOn status country { code } } }
}`;

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  beforeAll(async () => { server = await startServer(db); });
  afterAll(() => server?.close());

  const codes = async (variables: Record<string, unknown>) => {
    const { memberships } = await server.data<{ memberships: { totalCount: number; nodes: Array<{ country: { code: string } }> } }>(LIST, variables);
    expect(memberships.totalCount).toBe(memberships.nodes.length);
    return memberships.nodes.map((m) => m.country.code);
  };
  /** The YAML's members that pass `keep`, by join date, then by membership key (the id tie-break). */
  const expected = (keep: (m: MembershipRow) => boolean) =>
    MEMBERSHIPS.filter(keep).sort((a, b) => (a.joinedOn < b.joinedOn ? -1 : a.joinedOn > b.joinedOn ? 1 : a.id < b.id ? -1 : 1)).map((m) => m.country);

  it('memberships lists every member, earliest joined first', async () => {
    expect(await codes({})).toEqual(expected(() => true));
  });

  it('memberships filters by status, by join dates and by organization', async () => {
    expect(await codes({ filter: { statuses: ['SUSPENDED'] } })).toEqual(['HK']);
    expect(await codes({ filter: { joinedOnOrAfter: '1980-01-01', joinedOnOrBefore: '1999-12-31' } }))
      .toEqual(expected((m) => m.joinedOn >= '1980-01-01' && m.joinedOn <= '1999-12-31'));
    expect(await codes({ filter: { organization: gid('Organization', 'apo') } })).toHaveLength(MEMBERSHIPS.length);
    expect(await codes({ filter: { organization: gid('Organization', 'government-of-japan') } })).toEqual([]);
  });

  it('memberships orders by join date descending, latest member first', async () => {
    const list = await codes({ orderBy: [{ field: 'JOINED_ON', direction: 'DESC' }] });
    expect(list[0]).toBe('TR');
    expect(list.slice(-8).sort()).toEqual(expected((m) => m.joinedOn.startsWith('1961')).sort());
  });

  it('memberships refuses an ID of another type as the organization, with BAD_USER_INPUT', async () => {
    const res = await server.gql(LIST, { filter: { organization: gid('Country', 'JP') } });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.organization' });
  });

  it('Source.citations(status:) keeps exactly the citations with that status', async () => {
    interface CitationRow { status: string; excerpt: string }
    const { sources } = await server.data<{ sources: { nodes: Array<{ title: string; all: CitationRow[]; disputed: CitationRow[] }> } }>(`{ sources { nodes { title all: citations { status excerpt } disputed: citations(status: DISPUTED) { status excerpt } } } }`);
    const article = sources.nodes.find((s) => s.title === 'Kemampuan Digital Bangkitkan UMKM dari Pandemi');
    expect(article, 'the Republika article').toBeDefined();
    expect(article!.disputed.length).toBeGreaterThanOrEqual(4);
    expect(article!.disputed).toEqual(article!.all.filter((c) => c.status === 'DISPUTED'));
  });
});
