import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { holdWriteLock } from '../helpers/direct-db';
import { runServiceToExit, type ScriptResult } from '../helpers/process';

// An operator starting the service with something wrong gets one line on stderr that says what is wrong
// and what to do, exit code 1, and no stack trace or driver object dump anywhere in the output.

/** The start failed the way an operator can act on. */
function expectOneClearLine(result: ScriptResult, says: RegExp) {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^apo-data: cannot start: /);
  expect(lines[0]).toMatch(says);
  const output = result.stdout + result.stderr;
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/DriverException|\{\s*$|errno:/m);
  // It never said it was ready, so nothing was routed to it (it never listened: no /readyz to ask either).
  expect(output).not.toMatch(/ready at/);
  // Whatever went to stdout before is the service's JSON log, line by line.
  for (const line of result.stdout.split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
}

describe('start-up failures (server/dist/main.js)', () => {
  let dir: string;
  let occupied: Server;
  let port: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'apo-data-start-'));
    occupied = createServer();
    await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
    port = (occupied.address() as { port: number }).port;
  });
  afterAll(() => {
    occupied?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a port in use', async () => {
    expectOneClearLine(await runServiceToExit({ APO_DATA_DIR: dir, PORT: String(port) }), new RegExp(`Port ${port} .*already in use.*PORT`));
  });

  it('a bad setting, naming it', async () => {
    expectOneClearLine(await runServiceToExit({ APO_DATA_DIR: dir, LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
  });

  it('a database server that is down', async () => {
    // The occupied port speaks no PostgreSQL; a closed one refuses: find one by closing a listener.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closed = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    expectOneClearLine(
      await runServiceToExit({ DATABASE_URL: `postgres://apo:secret@127.0.0.1:${closed}/apo` }),
      new RegExp(`Cannot reach the database at 127\\.0\\.0\\.1:${closed} .*DATABASE_URL`),
    );
  });

  it('an SQLite data directory that cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    expectOneClearLine(await runServiceToExit({ APO_DATA_DIR: join(file, 'data') }), /APO_DATA_DIR/);
  });

  it('an SQLite file another program holds locked while the service would create its tables', async () => {
    const file = join(dir, 'locked.sqlite');
    const release = await holdWriteLock(`sqlite:${file}`, 'any');
    try {
      expectOneClearLine(await runServiceToExit({ DATABASE_URL: `sqlite:${file}` }), /locked by another process \(SQLITE_BUSY\).*stop the program writing to it/);
    } finally {
      await release();
    }
  });

  it('a file that is not an SQLite database', async () => {
    const file = join(dir, 'garbage.sqlite');
    writeFileSync(file, 'x'.repeat(4096));
    expectOneClearLine(await runServiceToExit({ DATABASE_URL: `sqlite:${file}` }), /not a valid SQLite database/);
  });

  it("MikroORM's migrator lines are JSON log lines and honour LOG_LEVEL", async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'apo-data-migrate-'));
    try {
      // The port is taken, so the service migrates, then stops: enough to see the migrator's lines.
      const info = await runServiceToExit({ APO_DATA_DIR: join(fresh, 'a'), PORT: String(port), LOG_LEVEL: 'info' });
      const lines = info.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { orm?: string; msg: string });
      expect(lines.filter((l) => l.orm === 'migrator').map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^Applied '/)]));
      const quiet = await runServiceToExit({ APO_DATA_DIR: join(fresh, 'b'), PORT: String(port), LOG_LEVEL: 'warn' });
      expect(quiet.stdout).toBe('');
      expect(quiet.code).toBe(1);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  describe.skipIf(!inject('databases').postgres)('on PostgreSQL', () => {
    const adminUrl = () => new URL(inject('databases').postgres!.adminUrl);

    it('a wrong password', async () => {
      const url = adminUrl();
      url.password = 'not-the-password';
      expectOneClearLine(await runServiceToExit({ DATABASE_URL: url.toString() }), /refused the login of user "postgres".*password in DATABASE_URL/);
    });

    it('a database that does not exist', async () => {
      const url = adminUrl();
      url.pathname = '/no_such_database';
      expectOneClearLine(await runServiceToExit({ DATABASE_URL: url.toString() }), /no database "no_such_database".*createdb/);
    });
  });
});
