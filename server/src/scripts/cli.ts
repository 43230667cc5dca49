import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MikroORM } from '@mikro-orm/core';
import { SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from '../config';
import { ormOptions } from '../db/orm-config';
import { ScriptError } from '../errors';

/** Below this many rows a transfer takes a blink; a bar would only flicker. */
const PROGRESS_MIN_ROWS = 5_000;

/** Parses the command line strictly: an unknown or malformed option is BAD_ARGUMENTS, not ignored. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(options: O, usage: string) {
  try {
    return parseArgs({ args: process.argv.slice(2), options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ScriptError('BAD_ARGUMENTS', `${(err as Error).message}\n${usage}`);
  }
}

/**
 * Opens the database named by --database-url, or else by the environment (DATABASE_URL, APO_DATA_DIR).
 * `mustExist` refuses a missing SQLite file, which connecting would otherwise create empty.
 */
export async function openDatabase(databaseUrl: string | undefined, options: { mustExist: boolean }): Promise<MikroORM> {
  let config;
  try {
    config = loadConfig({ ...process.env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  } catch (err) {
    if (err instanceof ConfigError) throw new ScriptError('BAD_ARGUMENTS', err.message);
    throw err;
  }
  const db = config.database;
  if (options.mustExist && db.kind === 'sqlite' && !existsSync(db.file)) throw new ScriptError('DATABASE_NOT_FOUND', `No SQLite database at ${db.file}.`);
  const orm = await MikroORM.init(ormOptions(db));
  const check = await orm.checkConnection();
  if (!check.ok) {
    await orm.close();
    throw new ScriptError('DATABASE_UNREACHABLE', `Cannot connect to the ${db.kind} database: ${check.reason}`);
  }
  return orm;
}

/** A progress bar on stderr for large datasets (cli-progress draws only on a terminal); returns the callback and a stop function. */
export function progressBar(label: string) {
  let bar: SingleBar | null = null;
  const update = (done: number, total: number) => {
    if (!bar && total >= PROGRESS_MIN_ROWS) {
      bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {duration_formatted}`, hideCursor: true });
      bar.start(total, done);
    }
    bar?.update(done);
  };
  return { update, stop: () => bar?.stop() };
}

/**
 * Runs a command-line script (db:seed, db:export, db:import): coded failures print `error [CODE]: message` and exit 2; anything else is a bug
 * and exits 1 with its stack.
 */
export function run(command: string, main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (err) => {
      if (err instanceof ScriptError) {
        console.error(`${command}: error [${err.code}]: ${err.message}`);
        process.exit(2);
      }
      console.error(`${command}: unexpected error:`, err);
      process.exit(1);
    },
  );
}
