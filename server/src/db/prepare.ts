import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { dialectOf } from '../shared/dialect';
import { seed, type SeedReport } from './seed';
import { SQLITE_BUSY_TIMEOUT_MS } from '../shared/write/lock-wait';

/** How long, at start, SQLite waits for another process (another instance migrating, an import) to release the file. */
const STARTUP_BUSY_TIMEOUT_MS = 5_000;

/** Key of the PostgreSQL advisory lock that instances starting together take turns on: "apo-data" in ASCII, as a bigint. */
const MIGRATION_LOCK_KEY = '7021234059818923105';

/**
 * Applies pending migrations and, when asked, loads the bundled dataset. On PostgreSQL both happen in one
 * transaction under an advisory lock: several instances starting at once take turns, and each one after
 * the first finds nothing left to do. SQLite serialises writers itself.
 */
export async function prepareDatabase(orm: MikroORM, options: { seed: true }): Promise<SeedReport>;
export async function prepareDatabase(orm: MikroORM, options: { seed: boolean }): Promise<SeedReport | null>;
export async function prepareDatabase(orm: MikroORM, options: { seed: boolean }): Promise<SeedReport | null> {
  const em = orm.em.fork();
  if (dialectOf(em) === 'sqlite') {
    // Before serving, a wait that blocks the event loop harms nobody: instances starting together on one file take turns.
    await em.getConnection().execute(`pragma busy_timeout = ${STARTUP_BUSY_TIMEOUT_MS}`);
    try {
      await orm.migrator.up();
      return options.seed ? await seed(em) : null;
    } finally {
      await em.getConnection().execute(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    }
  }
  return em.transactional(async (tx) => {
    await lockForMigration(tx);
    await orm.migrator.up({ transaction: tx.getTransactionContext() });
    return options.seed ? seed(tx) : null;
  });
}

/** Takes the migration lock for the rest of the transaction `tx` (PostgreSQL only); waits while another instance holds it. */
async function lockForMigration(tx: EntityManager): Promise<void> {
  // Migrating, or waiting for another instance to finish, is no runaway query: lift any statement_timeout for this transaction.
  await tx.getConnection().execute('set local statement_timeout = 0', [], 'run', tx.getTransactionContext());
  await tx.getConnection().execute(`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`, [], 'all', tx.getTransactionContext());
}
