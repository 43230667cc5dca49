import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FundingGrant } from '../../server/src/modules/grant/grant.entity';
import { GrantStatus } from '../../server/src/modules/grant/grant.types';
import { decimalToScaled } from '../../server/src/shared/decimal';
import { databases, startServer, type TestServer } from '../helpers/server';

const DONORS = ['government-of-japan', 'kemnaker', 'apo'];
const PROGRAMS = ['covid19-digital', 'green-productivity', 'green-productivity-2'];

/** The bundled records these grants point at, read from the YAML the server seeds from. */
const DATA = join(__dirname, '..', '..', 'server', 'data');
const yaml = <T>(file: string) => parse(readFileSync(join(DATA, file), 'utf8')) as T[];
const ORGANIZATIONS = new Map(yaml<{ id: string; name: string; country?: string }>('organizations.yaml').map((o) => [o.id, o]));
const SEED_PROGRAMS = new Map(yaml<{ id: string; code: string; title: string; participatingCountries?: string[]; predecessor?: string }>('programs.yaml').map((p) => [p.id, p]));
const SEED_GRANTS = yaml<{ title: string; donor: string; program: string; citations?: unknown[] }>('grants.yaml');

interface GrantRow {
  title: string;
  donor: { name: string; country: { code: string } | null };
  program: { title: string; participatingCountries: Array<{ code: string }>; predecessor: { code: string } | null } | null;
  citations: Array<{ excerpt: string; source: { title: string } }>;
}
type GrantList = { grants: { nodes: GrantRow[] } };

/** What the listing must say of the grant titled `title`: a bulk grant arranged below, or the seeded one. */
function expectedGrant(title: string) {
  const bulk = /^Bulk grant (\d+)$/.exec(title);
  const seeded = SEED_GRANTS.find((g) => g.title === title);
  const [donorId, programId, citations] = bulk ? [DONORS[Number(bulk[1]) % DONORS.length], PROGRAMS[Number(bulk[1]) % PROGRAMS.length], 0] : [seeded!.donor, seeded!.program, seeded!.citations?.length ?? 0];
  const donor = ORGANIZATIONS.get(donorId)!;
  const program = SEED_PROGRAMS.get(programId)!;
  const predecessor = program.predecessor ? SEED_PROGRAMS.get(program.predecessor)!.code : null;
  return {
    title,
    donor: { name: donor.name, country: donor.country ? { code: donor.country } : null },
    program: { title: program.title, participatingCountries: [...(program.participatingCountries ?? [])].sort(), predecessor: predecessor && { code: predecessor } },
    citations: Array.from({ length: citations }, () => ({ excerpt: expect.any(String), source: { title: expect.any(String) } })),
  };
}

describe.each(databases())('on %s', (db) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(db);
    const em = server.em();
    for (let i = 0; i < 150; i++) {
      em.create(FundingGrant, {
        id: `bulk-grant-${String(i).padStart(3, '0')}`,
        title: `Bulk grant ${i}`,
        donor: DONORS[i % DONORS.length],
        program: PROGRAMS[i % PROGRAMS.length],
        amountE4: decimalToScaled(`${1000 + i}.25`),
        currency: 'USD',
        awardedOn: `2022-01-${String((i % 28) + 1).padStart(2, '0')}`,
        status: GrantStatus.COMMITTED,
      });
    }
    await em.flush();
  });
  afterAll(() => server?.close());

  const GRANTS = `query ($first: Int!, $after: String) {
    grants(first: $first, after: $after) {
      nodes {
        title
        donor { name country { code } }
        program { title participatingCountries { code } predecessor { code } }
        citations { excerpt source { title } }
      }
      pageInfo { endCursor }
    }
  }`;

  async function statementsFor<T>(query: string, variables: Record<string, unknown>) {
    const before = server.statements.length;
    const data = await server.data<T>(query, variables);
    const count = server.statements.length - before;
    expect(count, 'the statement counter saw no SQL at all').toBeGreaterThan(0);
    return { data, count };
  }

  it('lists 100 grants with donor, program and participating countries in as many SQL statements as 5', async () => {
    const five = await statementsFor<GrantList>(GRANTS, { first: 5 });
    const hundred = await statementsFor<GrantList>(GRANTS, { first: 100 });
    expect(five.data.grants.nodes).toHaveLength(5);
    expect(hundred.data.grants.nodes).toHaveLength(100);
    // The relations were really resolved, each grant's as arranged above (or as the seed has it), not skipped.
    const answered = hundred.data.grants.nodes.map((g) => ({ ...g, program: g.program && { ...g.program, participatingCountries: g.program.participatingCountries.map((c) => c.code).sort() } }));
    expect(answered).toEqual(hundred.data.grants.nodes.map((g) => expectedGrant(g.title)));
    expect(answered.filter((g) => g.program?.participatingCountries.length === 20).length).toBeGreaterThan(50);
    expect(hundred.count).toBe(five.count);
    console.info(`SQL statements: ${five.count} for 5 grants, ${hundred.count} for 100`);
    // One statement per level of the tree (grants, donors, donors' countries, programs, pivot, predecessors, citations, sources).
    expect(hundred.count).toBeLessThanOrEqual(10);
  });

  it("answers the benchmark's S2 page (donor with country, program with countries) in at most 4 statements at any size", async () => {
    // The same selection written through edges and a fragment: the page's SQL joins what the nodes select either way.
    const S2 = `query ($first: Int!) { grants(first: $first) { nodes { title donor { name country { code } } program { code title participatingCountries { code name } } } } }`;
    const VIA_FRAGMENT = `query ($first: Int!) { grants(first: $first) { edges { node { ...G } } } }
      fragment G on FundingGrant { title ... on FundingGrant { donor { name country { code } } } program { code title participatingCountries { code name } } }`;
    const counts = [];
    for (const first of [5, 50, 100]) {
      const plain = await statementsFor<{ grants: { nodes: GrantRow[] } }>(S2, { first });
      const viaFragment = await statementsFor<{ grants: { edges: Array<{ node: GrantRow }> } }>(VIA_FRAGMENT, { first });
      expect(viaFragment.data.grants.edges.map((e) => e.node)).toEqual(plain.data.grants.nodes);
      expect(plain.data.grants.nodes.map((g) => g.donor.name)).toEqual(plain.data.grants.nodes.map((g) => expectedGrant(g.title).donor.name));
      counts.push(plain.count, viaFragment.count);
    }
    console.info(`S2 SQL statements at 5, 50, 100 grants (plain, via fragment): ${counts.join(', ')}`);
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeLessThanOrEqual(4);
  });

  it('resolves a deep meeting tree without one query per participant', async () => {
    const query = `{ meetings(first: 10) { nodes { participants { role person { name roles { title organization { name } } } country { name memberships { status } } }
      attendingCountries { code } decisions { programs { code } amendments { decision { title } } } } } }`;
    const { data, count } = await statementsFor<{ meetings: { nodes: Array<{ participants: unknown[] }> } }>(query, {});
    const participants = data.meetings.nodes.flatMap((m) => m.participants);
    expect(participants.length).toBeGreaterThan(20);
    expect(count).toBeLessThan(participants.length / 2);
  });
});
