import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run bench -- --quick` once per `npm test`, so the benchmark cannot rot: every scenario runs, the
// table lists it, the JSON has its figures, and nothing failed. The figures themselves are not judged
// here (the machine is shared); README "Performance" holds a real run.

const ROOT = join(__dirname, '..', '..');
const SCENARIOS = ['S0a', 'S0b', 'S1', 'S2', 'S2/5', 'S2/100', 'S2c', 'S3', 'S3gz', 'S3br', 'S4a', 'S4b', 'S5a', 'S5b', 'S6/1', 'S6'];
/** The bench's own limit (it cleans up and exits 3 when reached), under the test's. */
const LIMIT_MINUTES = 2.75;

interface Result {
  scenario: string;
  concurrency: number;
  requestsPerSecond: number;
  requests: number;
  latencyMs: { p50: number; p99: number };
  errors: { total: number; non2xx: number; transport: number; timeouts: number; graphqlInSample: number };
  sqlStatementsPerRequest: number | null;
  peakRssMiB: number;
  ratio: { toS0a: number; toS0b: number };
}

describe('npm run bench -- --quick (test/bench/run.mjs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apo-data-bench-test-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every scenario without errors, prints them in one table and writes the same figures as JSON', async () => {
    const out = join(dir, 'bench.json');
    child = spawn(process.execPath, [join(ROOT, 'test', 'bench', 'run.mjs'), '--quick', '--out', out, '--time-limit', String(LIMIT_MINUTES)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child!.on('close', resolve));
    expect(code, `bench failed:\n${stderr.slice(-4000)}`).toBe(0);

    const rows = stdout.split('\n').filter((l) => /^\| S\d/.test(l));
    expect(rows.map((l) => l.split('|')[1].trim())).toEqual(SCENARIOS);
    expect(stdout).toMatch(/S2 at page size 5 \/ 50 \/ 100: \d+ \/ \d+ \/ \d+ SQL statements per request/);
    expect(stdout).toMatch(/S6 page [\d ]+ vs page 1:/);

    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.meta).toMatchObject({ database: 'sqlite', quick: true, grants: 10_000 });
    const results: Result[] = report.results;
    expect(results.map((r) => r.scenario)).toEqual(SCENARIOS);
    for (const r of results) {
      const at = `${r.scenario} (c=${r.concurrency})`;
      expect(r.errors, at).toEqual({ total: 0, non2xx: 0, transport: 0, timeouts: 0, graphqlInSample: 0 });
      expect(r.requests, at).toBeGreaterThan(0);
      expect(r.requestsPerSecond, at).toBeGreaterThan(0);
      expect(r.latencyMs.p99, at).toBeGreaterThanOrEqual(r.latencyMs.p50);
      expect(r.peakRssMiB, at).toBeGreaterThan(0);
      expect(r.ratio.toS0a, at).toBeGreaterThan(0);
      expect(r.ratio.toS0b, at).toBeGreaterThan(0);
      expect(typeof r.sqlStatementsPerRequest, at).toBe('number');
      // Everything but the ceilings and the cached answer reads the database.
      if (!['S0a', 'S0b', 'S2c'].includes(r.scenario)) expect(r.sqlStatementsPerRequest, at).toBeGreaterThan(0);
    }
    expect(report.probeErrors).toEqual({});
    expect(report.derived.s2PageSizes.sqlStatementsPerRequest).toEqual({ 5: expect.any(Number), 50: expect.any(Number), 100: expect.any(Number) });
    expect(report.derived.s6DeepPage.latencyVsPage1[0].p50Ms).toEqual({ page1: expect.any(Number), deep: expect.any(Number) });
  }, (LIMIT_MINUTES * 60 + 20) * 1000);
});
