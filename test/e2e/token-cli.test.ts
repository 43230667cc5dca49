import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, type ScriptResult } from '../helpers/process';
import { createTestDatabase, databases, type TestDatabase } from '../helpers/server';

// `npm run token` as an operator runs it (server/dist/scripts/token.js): what it prints, and how it fails.

const TOKEN = /^apo_[A-Za-z0-9]{43}$/;

/** A failure: exit status 2, nothing on stdout, and one line on stderr naming its code. */
function expectOneLineError(result: ScriptResult, code: string, message: RegExp) {
  expect(result.code, result.stdout).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^token: error \\[${code}\\]: `));
  expect(lines[0]).toMatch(message);
}

describe.each(databases())('npm run token on %s', (kind) => {
  let database: TestDatabase;
  const token = (...args: string[]) => runScript('token', args, database.env);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.drop());

  it('create says what it did and prints the new token alone on the last line', async () => {
    const created = await token('create', '--name', 'ci-bot', '--role', 'editor');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toBe('');
    const lines = created.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(0, -1).join('\n')).toMatch(/created the EDITOR token "ci-bot"/);
    expect(lines.at(-1)).toMatch(TOKEN);
    // Only the last line holds it.
    expect(lines.slice(0, -1).join('\n')).not.toContain('apo_');
  });

  it('list shows name, role, created and revoked, never a token; revoke NAME revokes it', async () => {
    const created = await token('create', '--name', '  listed.one_2  ', '--role', 'ADMIN');
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trimEnd().split('\n').at(-1)!;
    const before = await token('list');
    expect(before.code, before.stderr).toBe(0);
    const [header, ...rows] = before.stdout.trimEnd().split('\n');
    expect(header.split(/\s+/)).toEqual(['name', 'role', 'created', 'revoked']);
    // The name was trimmed.
    expect(rows.map((r) => r.split(/\s+/))).toContainEqual(['listed.one_2', 'ADMIN', expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/), '-']);
    expect(before.stdout).not.toContain(secret.slice(4));
    expect(before.stdout).not.toMatch(/apo_/);

    const revoked = await token('revoke', 'listed.one_2');
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/revoked the ADMIN token "listed.one_2"/);
    const after = await token('list');
    const row = after.stdout.split('\n').find((l) => l.startsWith('listed.one_2 '))!.split(/\s+/);
    expect(row[3]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    const again = await token('revoke', 'listed.one_2');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already revoked/);
  });

  it('takes the database from --database-url too', async () => {
    const listed = await runScript('token', ['list', '--database-url', database.env.DATABASE_URL], {});
    expect(listed.code, listed.stderr).toBe(0);
  });

  it('revoke of an unknown name: one line on stderr, exit 2', async () => {
    expectOneLineError(await token('revoke', 'nobody'), 'TOKEN_NOT_FOUND', /No token named "nobody"/);
  });

  it('a duplicate name: one line on stderr, exit 2, and the first token stays', async () => {
    expect((await token('create', '--name', 'twice', '--role', 'reader')).code).toBe(0);
    expectOneLineError(await token('create', '--name', 'twice', '--role', 'admin'), 'NAME_TAKEN', /"twice" already exists/);
    const listed = await token('list');
    expect(listed.stdout.split('\n').filter((l) => l.startsWith('twice ')).map((l) => l.split(/\s+/)[1])).toEqual(['READER']);
  });
});

// Refused before any database is opened, so once is enough: the database named here does not exist.
describe('npm run token with bad arguments', () => {
  const nowhere = { DATABASE_URL: 'postgres://apo:apo@127.0.0.1:1/none' };
  it.each([
    ['an unknown role', ['create', '--name', 'x', '--role', 'owner'], 'BAD_ARGUMENTS', /Unknown role "owner": use reader, editor or admin/],
    ['a missing --name', ['create', '--role', 'reader'], 'BAD_ARGUMENTS', /--name is required/],
    ['a missing --role', ['create', '--name', 'x'], 'BAD_ARGUMENTS', /--role is required/],
    ['a name with a space', ['create', '--name', 'two words', '--role', 'reader'], 'BAD_ARGUMENTS', /letters .*digits/],
    ['a name of 101 characters', ['create', '--name', 'n'.repeat(101), '--role', 'reader'], 'BAD_ARGUMENTS', /1 to 100/],
    ['an empty name', ['create', '--name', '  ', '--role', 'reader'], 'BAD_ARGUMENTS', /1 to 100/],
    ['revoke without a name', ['revoke'], 'BAD_ARGUMENTS', /revoke takes the name of one token/],
    ['an unknown command', ['delete', 'x'], 'BAD_ARGUMENTS', /Unknown command "delete"/],
    ['no command', [], 'BAD_ARGUMENTS', /create, list or revoke/],
    ['an unknown option', ['list', '--all'], 'BAD_ARGUMENTS', /--all/],
  ])('%s: one line on stderr, exit 2', async (_case, args, code, message) => {
    expectOneLineError(await runScript('token', args, nowhere), code, message);
  });
});

describe('npm run token on a SQLite directory the service never started', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'apo-data-token-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('list refuses a missing database; create makes and migrates it (a first token before the first start)', async () => {
    const env = { APO_DATA_DIR: dir };
    expectOneLineError(await runScript('token', ['list'], env), 'DATABASE_NOT_FOUND', /No SQLite database at /);
    const created = await runScript('token', ['create', '--name', 'first-admin', '--role', 'admin'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trimEnd().split('\n').at(-1)).toMatch(TOKEN);
    const listed = await runScript('token', ['list'], env);
    expect(listed.stdout).toMatch(/^first-admin\s+ADMIN\s/m);
  });
});
