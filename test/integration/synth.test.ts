import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, type ScriptResult } from '../helpers/process';
import { createTestDatabase, databases, startServer, type TestDatabase, type TestServer } from '../helpers/server';

// `npm run data:synth`: a deterministic synthetic dataset beside the bundled one, for benchmarks.

const GRANTS = 2_000;
const COUNTS = '{ grants { totalCount } programs { totalCount } meetings { totalCount } decisions { totalCount } countries { totalCount } }';
interface Counts { grants: { totalCount: number }; programs: { totalCount: number }; meetings: { totalCount: number }; decisions: { totalCount: number }; countries: { totalCount: number } }
const SAMPLE = `query ($id: ID!) { node(id: $id) { ... on FundingGrant { title currency: amount { currency amount } awardedOn donor { name } program { code participatingCountries { code } } } } }`;
const grantId = (n: number) => Buffer.from(`FundingGrant:synth-grant-${String(n).padStart(7, '0')}`).toString('base64url');

describe.each(databases())('on %s', (kind) => {
  let database: TestDatabase;
  let server: TestServer;
  let bundled: Counts;
  let first: ScriptResult;
  const synth = (...args: string[]) => runScript('data-synth', ['--database-url', database.env.DATABASE_URL, ...args]);
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database);
    bundled = await server.data<Counts>(COUNTS);
    first = await synth('--grants', String(GRANTS), '--seed', '7');
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });


  it('adds N grants and what they need beside the bundled dataset, which stays as it was; a running server sees them at once', async () => {
    const result = first;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/funding_grant 2000/);
    // Whatever seed the other tests left, the counts are the same.
    const after = await server.data<Counts>(COUNTS);
    expect(after.grants.totalCount).toBe(bundled.grants.totalCount + GRANTS);
    expect(after.programs.totalCount).toBe(bundled.programs.totalCount + GRANTS / 25);
    expect(after.meetings.totalCount).toBeGreaterThan(bundled.meetings.totalCount);
    expect(after.decisions.totalCount).toBeGreaterThan(bundled.decisions.totalCount);
    // The article's program is untouched.
    expect(await server.data('{ program(code: "GP2") { title grants { totalCount } } }')).toEqual({ program: { title: 'Green Productivity 2.0', grants: { totalCount: 1 } } });
  });

  it('is deterministic, and a rerun replaces its own rows instead of adding more', async () => {
    const before = await server.data(SAMPLE, { id: grantId(123) });
    const counts = await server.data<Counts>(COUNTS);
    expect((await synth('--grants', String(GRANTS), '--seed', '7')).code).toBe(0);
    expect(await server.data(SAMPLE, { id: grantId(123) })).toEqual(before);
    expect(await server.data<Counts>(COUNTS)).toEqual(counts);
    // Another seed gives other grants.
    expect((await synth('--grants', String(GRANTS), '--seed', '8')).code).toBe(0);
    expect(await server.data(SAMPLE, { id: grantId(123) })).not.toEqual(before);
  });

  it('writes exact amounts in several currencies, never summed across them', async () => {
    const { fundingSummary } = await server.data<{ fundingSummary: Array<{ key: string; grantCount: number; totals: Array<{ currency: string; amount: string }> }> }>(
      '{ fundingSummary(groupBy: CURRENCY) { key grantCount totals { currency amount } } }',
    );
    const synthetic = fundingSummary.filter((r) => r.grantCount > 10);
    expect(synthetic.length).toBeGreaterThanOrEqual(5);
    for (const row of synthetic) {
      expect(row.totals.map((t) => t.currency)).toEqual([row.key]);
      expect(row.totals[0].amount).toMatch(/^\d+(\.\d+)?$/);
    }
    expect(synthetic.reduce((n, r) => n + r.grantCount, 0)).toBeLessThanOrEqual(GRANTS + 1);
  });

  it('refuses a bad --grants with a coded error and changes nothing', async () => {
    const counts = await server.data<Counts>(COUNTS);
    const result = await synth('--grants', 'many');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\[BAD_ARGUMENTS\].*--grants/);
    expect(await server.data<Counts>(COUNTS)).toEqual(counts);
  });
});
