import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run soak` (test/soak/run.mjs) for half a minute, so the soak cannot rot: the mixed load runs (every
// saved query, the list pages, an editor's create/read/update/delete of grants) without an error, and the
// report has what the issue asks of it. Half a minute says nothing about memory staying flat: that is the
// 10-minute run's job (README "Soak"), so here the growth allowed is wide, and a second, tiny run with an
// impossible allowance shows that the verdict and the exit status follow the figures.

const ROOT = join(__dirname, '..', '..');

interface Report {
  meta: { database: string; seconds: number; intervalS: number; maxGrowth: number };
  warmup: { requests: number; errors: number };
  intervals: Array<{ fromS: number; requests: number; errors: number; latencyMs: { p50: number; p99: number }; rssMiB: number }>;
  requests: number;
  errors: number;
  errorSamples: string[];
  answered: Record<string, number>;
  rss: { afterWarmupMiB: number; atEndMiB: number; growth: number };
  serviceAlive: boolean;
  passed: boolean;
}

function soak(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'test', 'soak', 'run.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run soak (test/soak/run.mjs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apo-data-soak-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('drives the mixed load for 30 s without an error and reports errors, p99 per interval and memory', async () => {
    const out = join(dir, 'soak.json');
    const run = await soak(['--minutes', '0.5', '--interval', '10', '--warmup', '5', '--max-growth', '1', '--grants', '2000', '--out', out, '--time-limit', '3']);
    expect(run.code, `soak failed:\n${run.stdout}\n${run.stderr.slice(-4000)}`).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;

    expect(report.errors, report.errorSamples.join('\n')).toBe(0);
    expect(report.warmup.errors).toBe(0);
    expect(report.serviceAlive).toBe(true);
    expect(report.intervals.map((i) => i.fromS)).toEqual([0, 10, 20]);
    for (const i of report.intervals) {
      expect(i.requests).toBeGreaterThan(0);
      expect(i.latencyMs.p99).toBeGreaterThanOrEqual(i.latencyMs.p50);
      expect(i.rssMiB).toBeGreaterThan(20);
    }
    expect(report.requests).toBe(report.intervals.reduce((n, i) => n + i.requests, 0));
    expect(report.rss.afterWarmupMiB).toBeGreaterThan(20);
    expect(report.rss.atEndMiB).toBeGreaterThan(20);
    expect(report.passed).toBe(true);

    // The mix: reads of saved queries and lists, and each step of a grant's life, all answered.
    const names = Object.keys(report.answered);
    for (const name of ['01-funding-by-donor', '13-what-changed', 'grants page', 'programs page', 'createGrant', 'read the grant', 'updateGrant', 'deleteGrant']) expect(names).toContain(name);
    expect(names.some((n) => /correct-a-grant|record-a-decision/.test(n))).toBe(false);
    expect(report.answered.deleteGrant).toBeGreaterThan(5);

    // The table on stdout has a row per interval and the verdict.
    expect(run.stdout.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(3);
    expect(run.stdout).toMatch(/RSS: [\d.]+ MiB after the warm-up, [\d.]+ MiB at the end/);
    expect(run.stdout).toMatch(/soak: passed/);
  }, 180_000);

  it('fails (exit 1) when the memory at the end is over the allowance', async () => {
    const out = join(dir, 'over.json');
    const run = await soak(['--minutes', '0.1', '--interval', '6', '--warmup', '2', '--max-growth=-1', '--grants', '2000', '--out', out, '--time-limit', '2']);
    expect(run.code, run.stderr.slice(-2000)).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.errors).toBe(0);
    expect(report.passed).toBe(false);
    expect(run.stdout).toMatch(/soak: FAILED/);
  }, 120_000);
});
