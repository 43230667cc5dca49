import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { dialectOf } from '../shared/dialect';
import { exportDatabase } from '../db/transfer/export';
import { TransferError } from '../db/transfer/format';
import { openDatabase, parseCommandLine, progressBar, run } from './cli';

const USAGE = 'usage: npm run db:export -- --out <file.jsonl> [--database-url <url>]';

/**
 * `npm run db:export`: writes the whole database (every table, with versions and timestamps) to a JSON Lines
 * file that `npm run db:import` loads into SQLite or PostgreSQL. Reads a consistent snapshot; never writes.
 */
run('db:export', async () => {
  const args = parseCommandLine({ out: { type: 'string' }, 'database-url': { type: 'string' } }, USAGE);
  if (!args.out) throw new TransferError('BAD_ARGUMENTS', `--out is required.\n${USAGE}`);
  const orm = await openDatabase(args['database-url'], { mustExist: true });
  // Written beside the target and renamed at the end, so a failed export never leaves a file that looks whole.
  const partial = `${args.out}.partial-${process.pid}`;
  const bar = progressBar('exporting');
  try {
    const out = createWriteStream(partial, { flags: 'wx' });
    const opened = new Promise<void>((resolve, reject) => out.once('open', () => resolve()).once('error', reject));
    await opened.catch((err: Error) => {
      throw new TransferError('WRITE_FAILED', `Cannot write ${args.out}: ${err.message}`);
    });
    const started = Date.now();
    const rows = await exportDatabase(orm, out, bar.update);
    out.end();
    await finished(out);
    renameSync(partial, args.out);
    bar.stop();
    console.error(`db:export: ${rows} rows from the ${dialectOf(orm.em)} database written to ${args.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    bar.stop();
    rmSync(partial, { force: true });
    throw err;
  } finally {
    await orm.close();
  }
});
