import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FundingGrant } from '../../server/src/modules/grant/grant.entity';
import { GrantStatus } from '../../server/src/modules/grant/grant.types';
import { decimalToScaled } from '../../server/src/shared/decimal';
import { createClient, operations, type Client, type OperationName } from '../../sdk/src';
import { csvColumns } from '../../sdk/src/generated/csv-columns';
import { ok, startFakeGraphQL } from '../helpers/fake-graphql';
import { startServer, type TestServer } from '../helpers/server';
import { spawnToExit, type ScriptResult } from '../helpers/process';

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

/** Runs the built CLI as a user would (async: the server lives in this process). */
function run(args: string[], env: Record<string, string | undefined> = {}): Promise<ScriptResult> {
  const { APO_DATA_TOKEN: _t, APO_DATA_URL: _u, ...base } = process.env;
  return spawnToExit(process.execPath, [cli, ...args], { env: { ...base, APO_DATA_URL: server.url, ...env } });
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** One CSV row as the issue specifies it: dotted columns, nulls empty, lists and objects as JSON. */
function flatten(node: unknown, columns: ReadonlyArray<string>): string[] {
  return columns.map((column) => {
    const v = column.split('.').reduce<unknown>((o, k) => (o == null ? o : (o as Record<string, unknown>)[k]), node);
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
    const columns = csvColumns.grants;
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
  it('program --var code=GP2 prints the program itself, not a one-element array', async () => {
    const { program } = await client.program({ code: 'GP2' });
    const out = await run(['program', '--var', 'code=GP2']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(program);
    expect(program.code).toBe('GP2');
  });

  it('node prints the record, or null when there is none; nodes and search print arrays', async () => {
    const { search } = await client.search({ query: 'Japan', types: ['COUNTRY'] });
    const found = await run(['node', '--var', `id=${search[0].id}`]);
    expect(found.stderr).toBe('');
    expect(JSON.parse(found.stdout)).toEqual((await client.node({ id: search[0].id })).node);
    const missing = await run(['node', '--var', `id=${Buffer.from('Country:FR').toString('base64url')}`]);
    expect(missing.code).toBe(0);
    expect(JSON.parse(missing.stdout)).toBeNull();
    const many = await run(['nodes', '--var', `ids=${JSON.stringify([search[0].id])}`]);
    expect(JSON.parse(many.stdout)).toEqual((await client.nodes({ ids: [search[0].id] })).nodes);
    // A bare enum word for a list of enums is read as a one-item list, as GraphQL does.
    const hits = await run(['search', '--var', 'query=Japan', '--var', 'types=COUNTRY']);
    expect(hits.stderr).toBe('');
    expect(JSON.parse(hits.stdout)).toEqual(search);
  });

  it('a single record in CSV is one row under the header', async () => {
    const { program } = await client.program({ code: 'GP2' });
    const out = await run(['program', '--var', 'code=GP2', '--format', 'csv']);
    const rows: string[][] = parse(out.stdout);
    expect(rows).toEqual([[...csvColumns.program], flatten(program, csvColumns.program)]);
  });

  it('fundingSummary --var groupBy=DONOR --format csv has one row per donor', async () => {
    const grants = await all(client.paginate.grants());
    const donors = new Set(grants.map((g) => g.donor.id));
    const { fundingSummary } = await client.fundingSummary({ groupBy: 'DONOR' });
    const out = await run(['fundingSummary', '--var', 'groupBy=DONOR', '--format', 'csv']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const records: Record<string, string>[] = parse(out.stdout, { columns: true });
    expect(Object.keys(records[0])).toEqual([...csvColumns.fundingSummary]);
    expect(records).toHaveLength(donors.size);
    expect(records.map((r) => r.key).sort()).toEqual([...donors].sort());
    expect(records.reduce((n, r) => n + Number(r.grantCount), 0)).toBe(grants.length);
    const rows = records.map((r) => Object.values(r));
    expect(rows).toEqual(fundingSummary.map((row) => flatten(row, csvColumns.fundingSummary)));
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

describe('list rows: --limit, first, last, after, before, --page-size', () => {
  const ids = (stdout: string) => (JSON.parse(stdout) as Array<{ id: string }>).map((g) => g.id);
  let walk: string[];
  beforeAll(async () => {
    walk = (await all(client.paginate.grants())).map((g) => g.id);
    expect(walk.length).toBeGreaterThan(250);
  });

  it('--limit 7 prints the first 7 rows', async () => {
    const out = await run(['grants', '--limit', '7']);
    expect(out.stderr).toBe('');
    expect(ids(out.stdout)).toEqual(walk.slice(0, 7));
  });

  it('--var first=150 prints the first 150 rows, past the API maximum of 100 per request', async () => {
    const out = await run(['grants', '--var', 'first=150', '--format', 'ndjson']);
    expect(out.stderr).toBe('');
    expect(out.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(walk.slice(0, 150));
  });

  it('--var first and --limit together: the smaller wins', async () => {
    expect(ids((await run(['grants', '--var', 'first=12', '--limit', '5'])).stdout)).toEqual(walk.slice(0, 5));
    expect(ids((await run(['grants', '--var', 'first=3', '--limit', '5'])).stdout)).toEqual(walk.slice(0, 3));
  });

  it('--var last=2 prints the last 2 rows, in list order', async () => {
    const out = await run(['grants', '--var', 'last=2']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(ids(out.stdout)).toEqual(walk.slice(-2));
  });

  it('--var last=130 walks backward over two requests and still prints in list order', async () => {
    const out = await run(['grants', '--var', 'last=130', '--format', 'csv']);
    expect(out.stderr).toBe('');
    const records: Record<string, string>[] = parse(out.stdout, { columns: true });
    expect(records.map((r) => r.id)).toEqual(walk.slice(-130));
  });

  it('--var after=CURSOR starts after it; --var before=CURSOR stops before it; with last, the rows just before it', async () => {
    const { grants } = await client.grants({ first: 20 });
    const cursor = grants.edges[9].cursor;
    expect(ids((await run(['grants', '--var', `after=${cursor}`])).stdout)).toEqual(walk.slice(10));
    expect(ids((await run(['grants', '--var', `before=${cursor}`])).stdout)).toEqual(walk.slice(0, 9));
    expect(ids((await run(['grants', '--var', `before=${cursor}`, '--var', 'last=3'])).stdout)).toEqual(walk.slice(6, 9));
  });

  it('--page-size 7 still prints every row', async () => {
    const out = await run(['countries', '--page-size', '7', '--format', 'ndjson']);
    const expected = await all(client.paginate.countries());
    expect(out.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(expected);
  });

  it('--var first=0 prints no rows', async () => {
    const out = await run(['grants', '--var', 'first=0']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([]);
  });

  for (const [args, message] of [
    [['grants', '--var', 'first=2', '--var', 'last=2'], /first=N or --var last=N, not both/],
    [['grants', '--var', 'first=-1'], /row count/],
    [['grants', '--var', 'last=1.5'], /row count/],
    [['grants', '--limit', 'ten'], /--limit takes a positive whole number/],
    [['grants', '--limit', '0'], /--limit takes a positive whole number/],
    [['grants', '--limit'], /--limit/],
    [['program', '--var', 'code=GP2', '--limit', '1'], /for list operations/],
  ] as Array<[string[], RegExp]>) {
    it(`refuses \`apo-data ${args.join(' ')}\` with a usage error (exit 2)`, async () => {
      const out = await run(args);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(message);
      expect(out.stdout).toBe('');
    });
  }
});

describe('--var values', () => {
  it('malformed JSON for an input object is a usage error (exit 2) naming the variable, and sends nothing', async () => {
    const fake = await startFakeGraphQL(() => ok({ grants: { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } } }));
    try {
      const out = await run(['grants', '--var', 'filter={statuses:[ACTIVE]}'], { APO_DATA_URL: fake.url });
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/--var filter \(GrantFilter\) takes JSON/);
      expect(out.stdout).toBe('');
      expect(fake.requests).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });

  it('a number that is not JSON is a usage error; a bare enum word and text scalars are fine', async () => {
    const bad = await run(['search', '--var', 'query=Japan', '--var', 'first=ten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--var first \(Int\) takes JSON/);
    const summary = await run(['fundingSummary', '--var', 'groupBy=DONOR']);
    expect(summary.code).toBe(0);
    expect(JSON.parse(summary.stdout)).toEqual((await client.fundingSummary({ groupBy: 'DONOR' })).fundingSummary);
    // A text scalar is sent as typed, even when it would parse as JSON.
    const country = await run(['country', '--var', 'code=JP']);
    expect(JSON.parse(country.stdout).code).toBe('JP');
  });
});

it('--version prints the version of the SDK package', async () => {
  const { version } = JSON.parse(readFileSync(join(root, 'sdk', 'package.json'), 'utf8'));
  const out = await run(['--version']);
  expect(out.code).toBe(0);
  expect(out.stdout).toBe(`${version}\n`);
});

describe('APO_DATA_TOKEN', () => {
  it('is sent as a Bearer token', async () => {
    const fake = await startFakeGraphQL(() => ok({ country: { code: 'JP', name: 'Japan' } }));
    try {
      const out = await run(['country', '--var', 'code=JP'], { APO_DATA_URL: fake.url, APO_DATA_TOKEN: 's3cret-token' });
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(JSON.parse(out.stdout)).toEqual({ code: 'JP', name: 'Japan' });
      expect(fake.requests.length).toBeGreaterThan(0);
      for (const r of fake.requests) expect(r.headers.authorization).toBe('Bearer s3cret-token');
      expect(fake.requests[0].body?.variables).toEqual({ code: 'JP' });
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
