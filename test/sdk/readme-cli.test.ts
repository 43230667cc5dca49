import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, type OperationName } from '../../sdk/src';
import { csvColumns } from '../../sdk/src/generated/csv-columns';
import { ApiRole } from '../../server/src/modules/auth/auth.types';
import { issueToken } from '../../server/src/modules/auth/token.service';
import { startServer, type TestServer } from '../helpers/server';
import { spawnToExit, type ScriptResult } from '../helpers/process';

const root = join(__dirname, '..', '..');
const dir = join(root, 'test', '.tmp', 'readme-cli');
const bin = join(root, 'node_modules', '.bin', 'apo-data');
const pkg = JSON.parse(readFileSync(join(root, 'sdk', 'package.json'), 'utf8'));

/** Every `apo-data …` command line in the shell code blocks of README.md and sdk/README.md, as written there. */
function examples(): Array<{ readme: string; line: string }> {
  return ['README.md', join('sdk', 'README.md')].flatMap((readme) =>
    [...readFileSync(join(root, readme), 'utf8').matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)]
      .flatMap((m) => m[1].split('\n'))
      .filter((line) => /^(npx )?apo-data(\s|$)/.test(line))
      .map((line) => ({ readme, line })),
  );
}

/**
 * Runs one README line in a shell, exactly as written (npx, quoting, `>`), from a scratch folder inside the repository,
 * with what the README's editing examples assume is set: an EDITOR token and a change-feed cursor a script kept.
 */
function shell(line: string): Promise<ScriptResult> {
  // Offline: npx must find the linked bin, never fetch a package of that name.
  const env = { ...process.env, ...editing, APO_DATA_URL: server.url, npm_config_offline: 'true', npm_config_update_notifier: 'false' };
  return spawnToExit('/bin/sh', ['-c', line], { cwd: dir, env });
}

let server: TestServer;
let editing: { APO_DATA_TOKEN: string; CURSOR: string };
beforeAll(async () => {
  if (!existsSync(join(root, 'sdk', 'dist', 'cli.cjs'))) execFileSync('npm', ['run', 'build', '-w', 'sdk'], { cwd: root, stdio: 'inherit' });
  server = await startServer();
  // One change before the examples run: its cursor is where the README's mirror script resumes from.
  const token = (await issueToken(server.em(), 'readme-editor', ApiRole.EDITOR)).token;
  const made = await server.gql<{ createSource: { userErrors: unknown[] } }>('mutation { createSource(input: { title: "README example" }) { userErrors { code } } }', {}, { authorization: `Bearer ${token}` });
  expect(made.body.data?.createSource.userErrors).toEqual([]);
  const feed = await server.data<{ changes: { nodes: Array<{ cursor: string }> } }>('{ changes(first: 100) { nodes { cursor } } }');
  editing = { APO_DATA_TOKEN: token, CURSOR: feed.changes.nodes.at(-1)!.cursor };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the bin npm links', () => {
  it("is sdk/package.json's bin, a committed file that a fresh clone has before any build", () => {
    const target = join('sdk', pkg.bin['apo-data']);
    expect(realpathSync(bin)).toBe(join(root, target));
    // npm links a bin only if its file exists at install time: not a build output, not git-ignored.
    expect(target.startsWith(join('sdk', 'dist'))).toBe(false);
    let ignored = true;
    try {
      execFileSync('git', ['check-ignore', '-q', target], { cwd: root });
    } catch (err) {
      ignored = (err as { status?: number }).status !== 1; // exit 1: not ignored
    }
    expect(ignored).toBe(false);
  });

  it('says to run `npm run build` when the CLI is not built', async () => {
    const bare = join(dir, 'unbuilt', 'bin');
    mkdirSync(bare, { recursive: true });
    copyFileSync(join(root, 'sdk', 'bin', 'apo-data.cjs'), join(bare, 'apo-data.cjs'));
    const out = await shell(`node ${JSON.stringify(join(bare, 'apo-data.cjs'))} countries`);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/npm run build/);
  });
});

describe("the README's CLI examples, run as written against a real server", () => {
  it('are there', () => {
    const found = examples();
    expect(found.filter((e) => e.readme === 'README.md').length).toBeGreaterThanOrEqual(6);
    expect(found.filter((e) => e.readme !== 'README.md').length).toBeGreaterThanOrEqual(5);
    expect(found.every((e) => e.line.startsWith('npx apo-data'))).toBe(true);
  });

  for (const { readme, line } of examples()) {
    it(`${readme}: ${line}`, async () => {
      const out = await shell(line);
      expect(out.stderr, out.stderr).toBe('');
      expect(out.code).toBe(0);
      const command = line.replace(/\s+#.*$/, ''); // the shell ran it with its comment; parse it without
      const redirect = /\s>\s*(\S+)$/.exec(command);
      const text = redirect ? readFileSync(join(dir, redirect[1]), 'utf8') : out.stdout;
      if (/--version/.test(command)) {
        expect(text).toBe(`${pkg.version}\n`);
        return;
      }
      if (/--help/.test(command)) {
        for (const name of Object.keys(operations)) expect(text).toMatch(new RegExp(`^  ${name} `, 'm'));
        return;
      }
      const name = /apo-data (\w+)/.exec(command)![1] as OperationName;
      const op = operations[name];
      const format = /--format (\w+)/.exec(command)?.[1] ?? 'json';
      let rows: unknown[];
      if (format === 'csv') {
        const [header, ...body]: string[][] = parse(text);
        expect(header).toEqual([...csvColumns[name]]);
        rows = body;
      } else if (format === 'ndjson') {
        expect(text.endsWith('\n')).toBe(true);
        rows = text.trimEnd().split('\n').map((l) => JSON.parse(l));
      } else {
        const parsed: unknown = JSON.parse(text);
        // A list prints an array; a single record prints itself.
        rows = Array.isArray(parsed) ? parsed : [parsed];
        if (op.connection) expect(Array.isArray(parsed)).toBe(true);
      }
      expect(rows.length, `${line} printed no rows`).toBeGreaterThan(0);
      for (const row of rows) expect(row === null || typeof row !== 'object' ? row : Object.keys(row).length, line).toBeTruthy();
      const limit = /--limit (\d+)|--var (?:first|last)=(\d+)/.exec(command);
      if (limit) expect(rows).toHaveLength(Number(limit[1] ?? limit[2]));
    });
  }
});
