import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FundingGrant } from '../../server/src/modules/grant/grant.entity';
import { GrantStatus } from '../../server/src/modules/grant/grant.types';
import { decimalToScaled } from '../../server/src/shared/decimal';
import { createClient, operations, type Client, type OperationName } from '../../sdk/src';
import { ok, startFakeGraphQL } from '../helpers/fake-graphql';
import { startServer, type TestServer } from '../helpers/server';

const root = join(__dirname, '..', '..');
const cli = join(root, 'sdk', 'dist', 'cli.cjs');

let server: TestServer;
let client: Client;
const EXTRA = 250;
const DONORS = ['government-of-japan', 'kemnaker', 'apo'];
const PROGRAMS = ['covid19-digital', 'green-productivity', 'green-productivity-2'];

beforeAll(async () => {
  if (!existsSync(cli)) execFileSync('npm', ['run', 'build', '-w', 'sdk'], { cwd: root, stdio: 'inherit' });
  server = await startServer();
  client = createClient({ url: server.url });
  const em = server.em();
  for (let i = 0; i < EXTRA; i++) {
    em.create(FundingGrant, {
      id: `cli-grant-${String(i).padStart(3, '0')}`,
      // Text a CSV writer must quote: commas, quotes, line breaks, non-ASCII.
      title: i % 7 === 0 ? `Grant "${i}", phase 2\nsecond line` : `Grant ${i} — 生産性`,
      description: i % 3 === 0 ? null : `For, "quoted" things #${i}`,
      donor: DONORS[i % DONORS.length],
      recipient: i % 4 === 0 ? DONORS[(i + 1) % DONORS.length] : null,
      program: i % 5 === 0 ? null : PROGRAMS[i % PROGRAMS.length],
      mechanism: i % 2 ? 'Special Cash Grant' : null,
      amountE4: i % 6 === 0 ? null : decimalToScaled(`${1000 + i}.25`),
      currency: i % 6 === 0 ? null : 'USD',
      awardedOn: i % 9 === 0 ? null : `2023-02-${String((i % 28) + 1).padStart(2, '0')}`,
      status: i % 2 ? GrantStatus.COMMITTED : GrantStatus.ACTIVE,
    });
  }
  await em.flush();
});
afterAll(() => server?.close());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would (async: the server lives in this process). */
function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { APO_DATA_TOKEN: _t, APO_DATA_URL: _u, ...base } = process.env;
    const child = spawn(process.execPath, [cli, ...args], { env: { ...base, APO_DATA_URL: server.url, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** One CSV row as the issue specifies it: dotted columns, nulls empty, lists and objects as JSON. */
function flatten(node: unknown, columns: ReadonlyArray<string>): string[] {
  return columns.map((column) => {
    const v = column.split('.').reduce<any>((o, k) => (o == null ? o : o[k]), node);
    if (v == null) return '';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

describe('apo-data grants', () => {
  it('--format csv exports every grant across pages, cell for cell what the SDK returns', async () => {
    const expected = await all(client.paginate.grants());
    const { grants } = await client.grants({ first: 1 });
    expect(expected).toHaveLength(grants.totalCount);
    expect(Math.ceil(grants.totalCount / 100)).toBe(3); // three pages of 100
    expect(expected.some((g) => g.title.includes('\n'))).toBe(true);

    const out = await run(['grants', '--format', 'csv']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const columns = operations.grants.columns;
    const rows: string[][] = parse(out.stdout, { relaxColumnCount: false });
    expect(rows[0]).toEqual([...columns]);
    const body = rows.slice(1);
    console.info(`apo-data grants --format csv: ${body.length} rows x ${columns.length} columns (${grants.totalCount} grants, ${Math.ceil(grants.totalCount / 100)} pages)`);
    expect(body).toHaveLength(expected.length);
    body.forEach((row, i) => {
      const want = flatten(expected[i], columns);
      columns.forEach((column, c) => expect(row[c], `row ${i + 1} (${expected[i].id}), column ${column}`).toBe(want[c]));
    });
    // Every id once: no page repeated or skipped.
    expect(new Set(body.map((r) => r[0])).size).toBe(grants.totalCount);
    // Nulls really are empty cells, not "null".
    const description = columns.indexOf('description');
    expect(body.some((r) => r[description] === '')).toBe(true);
    expect(out.stdout).not.toMatch(/(^|,)null(,|$)/m);
  });

  it('--format csv parsed as records keeps the nested values under their dotted names', async () => {
    const out = await run(['grants', '--format', 'csv']);
    const records: Record<string, string>[] = parse(out.stdout, { columns: true });
    const byId = new Map(records.map((r) => [r.id, r]));
    const grant = (await client.grant({ id: records[records.length - 1].id })).grant;
    const record = byId.get(grant.id)!;
    expect(record['donor.name']).toBe(grant.donor.name);
    expect(record['amount.amount']).toBe(grant.amount?.amount ?? '');
    expect(record['program.code']).toBe(grant.program?.code ?? '');
  });

  it('default --format json is one JSON array equal to the SDK walk', async () => {
    const expected = await all(client.paginate.grants());
    const out = await run(['grants']);
    expect(out.code).toBe(0);
    const parsed = JSON.parse(out.stdout);
    expect(Array.isArray(parsed)).toBe(true);
    expect(parsed).toEqual(expected);
  });

  it('--var filter narrows the export like the same filter through the SDK', async () => {
    const filter = { statuses: ['ACTIVE' as const] };
    const expected = await all(client.paginate.grants({ filter }));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan((await client.grants({ first: 1 })).grants.totalCount);
    const out = await run(['grants', '--var', `filter=${JSON.stringify(filter)}`, '--format', 'ndjson']);
    expect(out.stderr).toBe('');
    expect(out.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(expected);
  });
});

describe('apo-data countries --format ndjson', () => {
  it('prints every country, one JSON object per line, equal to the API', async () => {
    const expected = await all(client.paginate.countries());
    const { countries } = await client.countries({ first: 1 });
    expect(expected).toHaveLength(countries.totalCount);
    const out = await run(['countries', '--format', 'ndjson']);
    expect(out.code).toBe(0);
    expect(out.stdout.endsWith('\n')).toBe(true);
    const lines = out.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(countries.totalCount);
    lines.forEach((line, i) => expect(JSON.parse(line), `line ${i + 1}`).toEqual(expected[i]));
  });
});

describe('single-record operations', () => {
  it('program --var code=GP2 prints the program', async () => {
    const { program } = await client.program({ code: 'GP2' });
    const out = await run(['program', '--var', 'code=GP2']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([program]);
    expect(program.code).toBe('GP2');
  });

  it('fundingSummary --var groupBy=DONOR --format csv has one row per donor', async () => {
    const grants = await all(client.paginate.grants());
    const donors = new Set(grants.map((g) => g.donor.id));
    const { fundingSummary } = await client.fundingSummary({ groupBy: 'DONOR' });
    const out = await run(['fundingSummary', '--var', 'groupBy=DONOR', '--format', 'csv']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const records: Record<string, string>[] = parse(out.stdout, { columns: true });
    expect(Object.keys(records[0])).toEqual([...operations.fundingSummary.columns]);
    expect(records).toHaveLength(donors.size);
    expect(records.map((r) => r.key).sort()).toEqual([...donors].sort());
    expect(records.reduce((n, r) => n + Number(r.grantCount), 0)).toBe(grants.length);
    const rows = records.map((r) => Object.values(r));
    expect(rows).toEqual(fundingSummary.map((row) => flatten(row, operations.fundingSummary.columns)));
  });
});

describe('--help and usage errors', () => {
  it('--help lists every operation with its variables', async () => {
    const out = await run(['--help']);
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    for (const [name, op] of Object.entries(operations)) {
      const line = lines.find((l) => new RegExp(`^\\s+${name}\\s`).test(l));
      expect(line, `--help has no line for ${name}`).toBeDefined();
      for (const v of op.variables) expect(line, `${name} ${v.name}`).toContain(`${v.name}: ${v.type}`);
    }
  });

  it('an unknown operation exits 2 with a message on stderr', async () => {
    const out = await run(['grantz']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('grantz');
    expect(out.stdout).toBe('');
  });

  it('an unknown --var exits 2 and names the variables the operation takes', async () => {
    const out = await run(['program', '--var', 'kode=GP2']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('kode');
    for (const v of operations.program.variables) expect(out.stderr).toContain(v.name);
    expect(out.stdout).toBe('');
  });

  it('an unknown --format exits 2', async () => {
    const out = await run(['countries', '--format', 'xml']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/format/);
  });

  it('a NOT_FOUND exits 1 with [NOT_FOUND] on stderr', async () => {
    const out = await run(['program', '--var', 'code=NOPE']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('[NOT_FOUND]');
    expect(out.stderr).toContain('NOPE');
    expect(out.stdout).toBe('');
  });

  it('an unreachable APO_DATA_URL exits 1 with a NetworkError', async () => {
    const fake = await startFakeGraphQL();
    const url = fake.url;
    await fake.close();
    const out = await run(['countries'], { APO_DATA_URL: url });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('NetworkError');
  });
});

describe('APO_DATA_TOKEN', () => {
  it('is sent as a Bearer token', async () => {
    const fake = await startFakeGraphQL(() => ok({ country: { code: 'JP', name: 'Japan' } }));
    try {
      const out = await run(['country', '--var', 'code=JP'], { APO_DATA_URL: fake.url, APO_DATA_TOKEN: 's3cret-token' });
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(JSON.parse(out.stdout)).toEqual([{ code: 'JP', name: 'Japan' }]);
      expect(fake.requests.length).toBeGreaterThan(0);
      for (const r of fake.requests) expect(r.headers.authorization).toBe('Bearer s3cret-token');
      expect(fake.requests[0].body.variables).toEqual({ code: 'JP' });
    } finally {
      await fake.close();
    }
  });

  it('is not sent when unset', async () => {
    const fake = await startFakeGraphQL(() => ok({ country: { code: 'JP', name: 'Japan' } }));
    try {
      const out = await run(['country', '--var', 'code=JP'], { APO_DATA_URL: fake.url });
      expect(out.code).toBe(0);
      expect(fake.requests[0].headers.authorization).toBeUndefined();
    } finally {
      await fake.close();
    }
  });
});

// Keeps the list above honest: every operation the CLI offers is reachable from the SDK too.
it('the CLI and the SDK offer the same operations', () => {
  const names = Object.keys(operations) as OperationName[];
  for (const name of names) expect(typeof client[name], name).toBe('function');
});
