import Database from 'better-sqlite3';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { DatabaseConfig } from '../config';

/** The database's data version, which every committed write raises (triggers, see migrations/data-version.ts). */
export interface DataVersion {
  /** The version as of a moment after this call began: a write acknowledged before the call is always counted. */
  current(): Promise<string>;
  close(): Promise<void>;
}

const SQL = 'select version from data_version where id = 1';

/**
 * SQLite: a prepared statement on a read-only handle of its own (WAL: it sees every commit), so a cache hit
 * costs one tiny statement and no query building. PostgreSQL: a plain statement on the ORM's pool (the
 * primary's), so the process stays within DATABASE_POOL_MAX connections.
 */
export function openDataVersion(db: DatabaseConfig, orm: MikroORM): DataVersion {
  if (db.kind === 'sqlite') {
    const handle = new Database(db.file, { readonly: true, fileMustExist: true });
    const statement = handle.prepare(SQL).pluck();
    return { current: async () => String(statement.get()), close: async () => void handle.close() };
  }
  // On the primary's knex directly: no query building, and not counted with the API's own statements.
  const knex = (orm.em as SqlEntityManager).getConnection('write').getKnex();
  return singleFlight(async () => String(((await knex.raw(SQL)) as { rows: Array<{ version: string }> }).rows[0].version));
}

/**
 * One round trip serves every request that arrived before it was sent (single flight). A request
 * arriving while a read is on the wire waits for the next one, which starts after it arrived, so it never
 * gets a version from before its own arrival: no instance serves an answer older than an acknowledged write.
 */
function singleFlight(read: () => Promise<string>): DataVersion {
  let inFlight: Promise<string> | null = null;
  let next: Promise<string> | null = null;
  const current = (): Promise<string> => {
    if (!inFlight) {
      inFlight = read().finally(() => (inFlight = null));
      return inFlight;
    }
    // Wait for the read on the wire, then share one fresh read among everyone who queued meanwhile.
    next ??= inFlight.catch(() => undefined).then(() => {
      next = null;
      return current();
    });
    return next;
  };
  return { current, close: async () => undefined };
}
