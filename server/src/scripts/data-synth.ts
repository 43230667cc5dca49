import { synthesize } from '../db/synth/synth';
import { prepareDatabase } from '../db/prepare';
import { ScriptError } from '../errors';
import { openDatabase, parseCommandLine, progressBar, run } from './cli';

const USAGE = 'Usage: npm run data:synth -- [--grants N] [--seed S] [--database-url URL]';

/** `npm run data:synth`: a deterministic synthetic dataset of N grants (and what they need) beside the bundled one. */
run('data:synth', async () => {
  const args = parseCommandLine({ grants: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, 'database-url': { type: 'string' } }, USAGE);
  const grants = Number(args.grants);
  const seed = Number(args.seed);
  if (!Number.isInteger(grants) || grants < 0 || grants > 50_000_000) throw new ScriptError('BAD_ARGUMENTS', `--grants must be a whole number from 0 to 50 000 000; got ${args.grants}.\n${USAGE}`);
  if (!Number.isInteger(seed)) throw new ScriptError('BAD_ARGUMENTS', `--seed must be a whole number; got ${args.seed}.\n${USAGE}`);
  const orm = await openDatabase(args['database-url'], { mustExist: false });
  const bar = progressBar('data:synth');
  try {
    await prepareDatabase(orm, { seed: true });
    const started = Date.now();
    const report = await synthesize(orm, { grants, seed, onProgress: bar.update });
    bar.stop();
    const rows = Object.entries(report.rows).map(([table, count]) => `${table} ${count}`).join(', ');
    console.log(`data:synth: replaced ${report.removed} synthetic rows with ${rows} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    bar.stop();
    await orm.close();
  }
});
