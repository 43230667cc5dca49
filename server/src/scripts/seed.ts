import { prepareDatabase } from '../db/prepare';
import { openDatabase, run } from './cli';

/** `npm run db:seed`: migrates, then loads the bundled dataset (idempotent). */
run('db:seed', async () => {
  const orm = await openDatabase(undefined, { mustExist: false });
  try {
    const report = await prepareDatabase(orm, { seed: true });
    console.log(`seeded: ${report.created} records added, ${report.existing} already present`);
  } finally {
    await orm.close();
  }
});
