import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dialectOf } from '../shared/dialect';
import { TransferError } from '../db/transfer/format';
import { importDatabase } from '../db/transfer/import';
import { openDatabase, parseCommandLine, progressBar, run } from './cli';

const USAGE = 'usage: npm run db:import -- --in <file.jsonl> [--database-url <url>] [--replace]';

/**
 * `npm run db:import`: loads a file written by `npm run db:export` into the database named by --database-url
 * (or the environment). Migrates it, then imports in one transaction; refuses a database that holds data
 * unless --replace, which deletes that data in the same transaction.
 */
run('db:import', async () => {
  const args = parseCommandLine({ in: { type: 'string' }, 'database-url': { type: 'string' }, replace: { type: 'boolean', default: false } }, USAGE);
  if (!args.in) throw new TransferError('BAD_ARGUMENTS', `--in is required.\n${USAGE}`);
  if (!existsSync(args.in)) throw new TransferError('INPUT_NOT_FOUND', `No file at ${args.in}.`);
  const orm = await openDatabase(args['database-url'], { mustExist: false });
  const bar = progressBar('importing');
  try {
    const started = Date.now();
    const lines = createInterface({ input: createReadStream(args.in, 'utf8'), crlfDelay: Infinity });
    const report = await importDatabase(orm, lines, { replace: args.replace, onProgress: bar.update });
    bar.stop();
    console.error(`db:import: ${report.rows} rows in ${report.tables} tables loaded from ${args.in} into the ${dialectOf(orm.em)} database in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    bar.stop();
    await orm.close();
  }
});
