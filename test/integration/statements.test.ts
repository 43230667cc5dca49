import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FundingGrant } from '../../server/src/modules/grant/grant.entity';
import { GrantStatus } from '../../server/src/modules/grant/grant.types';
import { decimalToScaled } from '../../server/src/shared/decimal';
import { databases, startServer, type TestServer } from '../helpers/server';

const DONORS = ['government-of-japan', 'kemnaker', 'apo'];
const PROGRAMS = ['covid19-digital', 'green-productivity', 'green-productivity-2'];

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

  async function statementsFor(query: string, variables: Record<string, unknown>) {
    const before = server.statements.length;
    const data = await server.data(query, variables);
    const count = server.statements.length - before;
    expect(count, 'the statement counter saw no SQL at all').toBeGreaterThan(0);
    return { data, count };
  }

  it('lists 100 grants with donor, program and participating countries in as many SQL statements as 5', async () => {
    const five = await statementsFor(GRANTS, { first: 5 });
    const hundred = await statementsFor(GRANTS, { first: 100 });
    expect(five.data.grants.nodes).toHaveLength(5);
    expect(hundred.data.grants.nodes).toHaveLength(100);
    // The relations were really resolved, not skipped.
    expect(hundred.data.grants.nodes.every((g: any) => g.donor.name && g.program.participatingCountries.length >= 0)).toBe(true);
    expect(hundred.data.grants.nodes.some((g: any) => g.program.participatingCountries.length === 20)).toBe(true);
    expect(hundred.count).toBe(five.count);
    console.info(`SQL statements: ${five.count} for 5 grants, ${hundred.count} for 100`);
    // One statement per level of the tree (grants, donors, donors' countries, programs, pivot, predecessors, citations, sources).
    expect(hundred.count).toBeLessThanOrEqual(10);
  });

  it('resolves a deep meeting tree without one query per participant', async () => {
    const query = `{ meetings(first: 10) { nodes { participants { role person { name roles { title organization { name } } } country { name memberships { status } } }
      attendingCountries { code } decisions { programs { code } amendments { decision { title } } } } } }`;
    const { data, count } = await statementsFor(query, {});
    const participants = data.meetings.nodes.flatMap((m: any) => m.participants);
    expect(participants.length).toBeGreaterThan(20);
    expect(count).toBeLessThan(participants.length / 2);
  });
});
