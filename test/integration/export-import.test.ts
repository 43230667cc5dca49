import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { knex } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDatabase } from '../../server/src/db/transfer/export';
import { Citation } from '../../server/src/modules/source/citation.entity';
import { CitationStatus } from '../../server/src/modules/source/source.types';
import { runScript, type ScriptResult } from '../helpers/process';
import { QUESTIONS, arrangeTrickyData } from '../helpers/questions';
import { createTestDatabase, databases, startServer, type DatabaseKind, type TestDatabase, type TestServer } from '../helpers/server';

/** More rows than one batch (500) holds, so that export and import really stream. */
const BULK_CITATIONS = 600;

async function arrangeLargeDataset(server: TestServer) {
  await arrangeTrickyData(server.em());
  const em = server.em();
  for (let i = 0; i < BULK_CITATIONS; i++) {
    em.create(Citation, {
      id: `bulk-${String(i).padStart(5, '0')}`, source: 'parity-source', subjectType: 'Country', subjectId: 'ZW', field: i % 2 ? 'name' : null,
      excerpt: `Excerpt ${i}: “quoted”, ünïcode, a backslash \\ and a newline\nhere`, status: CitationStatus.REPORTED, correctedValue: null, note: null,
    } as never);
  }
  await em.flush();
}

const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');
const withoutHeader = (file: string) => lines(file).slice(1);
const tablesOf = (file: string) => JSON.parse(lines(file)[0]).tables;
const expectOk = (result: ScriptResult) => expect(result.code, result.stderr).toBe(0);

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'apo-data-transfer-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Across databases both ways; SQLite to SQLite when PostgreSQL is not running (outside CI).
const pairs: Array<[DatabaseKind, DatabaseKind]> = databases().includes('postgresql') ? [['sqlite', 'postgresql'], ['postgresql', 'sqlite']] : [['sqlite', 'sqlite']];

describe.each(pairs)('npm run db:export on %s, then npm run db:import into %s', (from, to) => {
  let source: TestServer;
  let target: TestDatabase;
  let copy: TestServer;
  let file: string;

  beforeAll(async () => {
    source = await startServer(from);
    await arrangeLargeDataset(source);
    file = join(dir, `${from}-to-${to}.jsonl`);
    expectOk(await runScript('db-export', ['--database-url', source.database.env.DATABASE_URL, '--out', file]));
    target = await createTestDatabase(to, { empty: true });
    const imported = await runScript('db-import', ['--database-url', target.env.DATABASE_URL, '--in', file]);
    expectOk(imported);
    expect(imported.stderr).toMatch(/db:import: \d+ rows in 16 tables loaded/);
    // Without seeding, the copy serves exactly what was imported.
    copy = await startServer(target, { APO_DATA_SEED: 'false' });
  });
  afterAll(async () => {
    await copy?.close();
    await source?.close();
    await target?.drop();
  });

  it('the file lists every table, join tables included, with its row count', () => {
    const tables: Array<{ name: string; rows: number }> = tablesOf(file);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['citation', 'decision_programs', 'program_participating_countries', 'funding_grant', 'organization']));
    expect(tables).toHaveLength(16); // record_change (the audit trail) included
    expect(tables.map((t) => t.name)).not.toContain('api_token'); // credentials stay with their database
    expect(tables.find((t) => t.name === 'citation')!.rows).toBeGreaterThan(BULK_CITATIONS);
    expect(withoutHeader(file)).toHaveLength(tables.reduce((n, t) => n + t.rows, 0));
  });

  it.each(QUESTIONS.map((q) => [q.name, q] as const))('the copy answers as the original: %s', async (_name, question) => {
    const [fromCopy, fromSource] = await Promise.all([question.ask(copy), question.ask(source)]);
    expect(fromCopy).toEqual(fromSource);
  });

  it('exported again, the copy gives the very same rows: nothing lost, versions and timestamps included', async () => {
    const again = join(dir, `${from}-to-${to}-again.jsonl`);
    expectOk(await runScript('db-export', ['--database-url', target.env.DATABASE_URL, '--out', again]));
    expect(tablesOf(again)).toEqual(tablesOf(file));
    expect(withoutHeader(again)).toEqual(withoutHeader(file));
    const edited = withoutHeader(file).map((l) => JSON.parse(l)).find((l) => l.table === 'program' && l.row.id === 'parity-program');
    // Version 4: created, edited, then its timestamps pinned twice by arrangeTrickyData.
    expect(edited.row).toMatchObject({ version: 4, updated_at: '2024-02-29T12:00:00.001Z', themes: ['green', 'Ünïcode'] });
  });

  it('refuses to import into a database that holds data, changing nothing; --replace replaces it in one go', async () => {
    const refused = await runScript('db-import', ['--database-url', target.env.DATABASE_URL, '--in', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/\[TARGET_NOT_EMPTY\].*--replace/s);
    const before = await QUESTIONS[0].ask(copy);
    expectOk(await runScript('db-import', ['--database-url', target.env.DATABASE_URL, '--in', file, '--replace']));
    expect(await QUESTIONS[0].ask(copy)).toEqual(before);
  });
});

describe.each(databases())('transfers on %s, as they go', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(kind);
    await arrangeLargeDataset(server);
  });
  afterAll(() => server?.close());

  it('exportDatabase reports progress batch by batch, up to the total it announced', async () => {
    const calls: Array<[number, number]> = [];
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rows = await exportDatabase(server.app.orm, sink, (done, total) => calls.push([done, total]));
    expect(calls.length).toBeGreaterThan(BULK_CITATIONS / 500);
    expect(new Set(calls.map(([, total]) => total))).toEqual(new Set([rows]));
    expect(calls.map(([done]) => done)).toEqual([...calls.map(([done]) => done)].sort((a, b) => a - b));
    expect(calls[calls.length - 1][0]).toBe(rows);
  });
});

// Each case runs the real script in its own process and database, so they run side by side.
describe.concurrent('bad input gets a clear, coded error and changes nothing', () => {
  let source: TestServer;
  let good: string;
  beforeAll(async () => {
    source = await startServer('sqlite');
    good = join(dir, 'good.jsonl');
    expectOk(await runScript('db-export', ['--database-url', source.database.env.DATABASE_URL, '--out', good]));
  });
  afterAll(() => source?.close());

  /** Imports `content` into a fresh, empty SQLite database; returns the result and how many countries it then holds. */
  async function importText(content: string | null, extraArgs: string[] = []) {
    const target = await createTestDatabase('sqlite', { empty: true });
    try {
      const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.jsonl`);
      if (content !== null) writeFileSync(file, content);
      const result = await runScript('db-import', ['--database-url', target.env.DATABASE_URL, '--in', file, ...extraArgs]);
      const server = await startServer(target, { APO_DATA_SEED: 'false' });
      const countries = (await server.data<{ countries: { totalCount: number } }>('{ countries { totalCount } }')).countries.totalCount;
      await server.close();
      return { result, countries };
    } finally {
      await target.drop();
    }
  }

  const header = () => JSON.parse(lines(good)[0]);
  const rows = () => withoutHeader(good);
  const cases: Array<[string, () => string | null, string]> = [
    ['a file that does not exist', () => null, 'INPUT_NOT_FOUND'],
    ['an empty file', () => '', 'INVALID_FORMAT'],
    ['a file that is not an export', () => 'id,name\nJP,Japan\n', 'INVALID_FORMAT'],
    ['a newer format version', () => [JSON.stringify({ ...header(), version: 99 }), ...rows()].join('\n'), 'UNSUPPORTED_VERSION'],
    ['a table this schema lacks', () => [JSON.stringify({ ...header(), tables: [...header().tables, { name: 'gadget', columns: [], rows: 0 }] }), ...rows()].join('\n'), 'SCHEMA_MISMATCH'],
    ['a column this schema lacks', () => {
      const h = header();
      h.tables[0].columns.push({ name: 'colour', kind: 'string' });
      return [JSON.stringify(h), ...rows()].join('\n');
    }, 'SCHEMA_MISMATCH'],
    ['a file cut short', () => [lines(good)[0], ...rows().slice(0, -3)].join('\n'), 'INCOMPLETE_INPUT'],
    ['a damaged line', () => [lines(good)[0], ...rows().slice(0, 40), '{"table": "country", "row": ', ...rows().slice(40)].join('\n'), 'INVALID_FORMAT'],
  ];

  it.for(cases)('db:import of %s', async ([, content, code], { expect }) => {
    const { result, countries } = await importText(content());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`[${code}]`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(countries).toBe(0);
  });

  it.for([
    ['db-import', ['--replace'], 'BAD_ARGUMENTS', /--in is required/],
    ['db-import', ['--in', 'x.jsonl', '--frobnicate'], 'BAD_ARGUMENTS', /frobnicate/],
    ['db-export', [], 'BAD_ARGUMENTS', /--out is required/],
    ['db-export', ['--out', 'x.jsonl', '--database-url', 'mysql://db/apo'], 'BAD_ARGUMENTS', /DATABASE_URL/],
    ['db-export', ['--out', 'x.jsonl', '--database-url', 'sqlite:/nonexistent/apo.sqlite'], 'DATABASE_NOT_FOUND', /nonexistent/],
  ] as Array<[string, string[], string, RegExp]>)('%s %j is %s', async ([script, args, code, message], { expect }) => {
    const result = await runScript(script, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`[${code}]`);
    expect(result.stderr).toMatch(message);
  });

  it('an export of a database the service never migrated is DATABASE_NOT_MIGRATED, and creates no table in it', async ({ expect }) => {
    const file = join(dir, 'never-migrated.sqlite');
    writeFileSync(file, '');
    const result = await runScript('db-export', ['--database-url', `sqlite:${file}`, '--out', join(dir, 'never.jsonl')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[DATABASE_NOT_MIGRATED]');
    const db = knex({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
    try {
      expect(await db('sqlite_master').where({ type: 'table' }).select('name')).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('an export that cannot be written fails with WRITE_FAILED and leaves no partial file', async ({ expect }) => {
    const out = join(dir, 'no-such-folder', 'out.jsonl');
    const result = await runScript('db-export', ['--database-url', source.database.env.DATABASE_URL, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[WRITE_FAILED]');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });
});
