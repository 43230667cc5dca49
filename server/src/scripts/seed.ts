import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { loadConfig } from '../config';
import { ormOptions } from '../db/orm-config';
import { prepareDatabase } from '../db/prepare';

/** `npm run db:seed`: migrates, then loads the bundled dataset (idempotent). */
async function main() {
  const config = loadConfig();
  const orm = await MikroORM.init(ormOptions(config.database));
  try {
    const report = await prepareDatabase(orm, { seed: true });
    console.log(`seeded: ${report.created} records added, ${report.existing} already present`);
  } finally {
    await orm.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
