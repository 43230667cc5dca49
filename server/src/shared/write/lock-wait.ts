import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '../../config';
import { isSqliteBusy } from '../error-chain';

/**
 * How long one SQLite statement waits for a lock inside SQLite (PRAGMA busy_timeout). better-sqlite3 runs on
 * the event loop, so this wait blocks every request of the process: it is kept short, and longer waits are
 * retries of the whole transaction that sleep asynchronously (retryWhileLocked).
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10;

/** The lock wait of each ORM's database, keyed by its Configuration (shared by every fork of its EntityManager). */
const lockWaits = new WeakMap<object, number>();

/** Records how long writes on `orm`'s database may retry while SQLite is locked; PostgreSQL waits for locks itself. */
export function configureLockWait(orm: MikroORM, db: DatabaseConfig): void {
  if (db.kind === 'sqlite') lockWaits.set(orm.config, db.lockWaitMs);
}

/**
 * Runs `attempt` (a whole transaction) and, while it fails with SQLITE_BUSY (another connection, e.g. an import
 * or a backup, holds the write lock; or the snapshot it read went stale, which waiting cannot cure), runs it again
 * after a growing pause, until the lock wait of `em`'s database has passed. Then the busy error goes to the
 * client as SERVICE_UNAVAILABLE with Retry-After. A busy transaction was rolled back and wrote nothing.
 */
export async function retryWhileLocked<T>(em: EntityManager, attempt: () => Promise<T>): Promise<T> {
  const budget = lockWaits.get(em.config) ?? 0;
  const deadline = Date.now() + budget;
  for (let pause = 10; ; pause = Math.min(pause * 2, 250)) {
    try {
      return await attempt();
    } catch (err) {
      const left = deadline - Date.now();
      if (!isSqliteBusy(err) || left <= 0) throw err;
      await sleep(Math.min(pause, left));
    }
  }
}
