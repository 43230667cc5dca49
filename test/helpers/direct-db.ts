import 'reflect-metadata';
import Database from 'better-sqlite3';
import { MikroORM } from '@mikro-orm/core';
import { knex } from '@mikro-orm/knex';
import { loadConfig } from '../../server/src/config';
import { ormOptions } from '../../server/src/db/orm-config';
import { ApiRole } from '../../server/src/modules/auth/auth.types';
import { issueToken } from '../../server/src/modules/auth/token.service';

// The database a service child process serves, reached directly from the test: to arrange what the API cannot
// (a token before the first start, a lock held by "another program") and to check what was stored after a kill.

/** The file of an `sqlite:` DATABASE_URL; null for PostgreSQL. */
export const sqliteFileOf = (databaseUrl: string) => (databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : null);

/** Runs `work` with a MikroORM of the test's own on `databaseUrl`, closed afterwards. */
export async function withOrm<T>(databaseUrl: string, work: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await MikroORM.init(ormOptions(loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }).database));
  try {
    return await work(orm);
  } finally {
    await orm.close();
  }
}

/** The `Authorization` header of a new EDITOR token named `name`, stored in the (migrated) database. */
export async function editorHeaders(databaseUrl: string, name: string): Promise<Record<string, string>> {
  const { token } = await withOrm(databaseUrl, (orm) => issueToken(orm.em.fork(), name, ApiRole.EDITOR));
  return { authorization: `Bearer ${token}` };
}

/**
 * Another connection holding the lock that writes to `table` need, as an import or a long transaction of another
 * program would; reads go on. Resolves to the function that releases it.
 */
export async function holdWriteLock(databaseUrl: string, table: string): Promise<() => Promise<void>> {
  const file = sqliteFileOf(databaseUrl);
  if (file) {
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    return async () => {
      other.exec('COMMIT');
      other.close();
    };
  }
  const other = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  const tx = await other.transaction();
  await tx.raw('lock table ?? in exclusive mode', [table]);
  return async () => {
    await tx.rollback();
    await other.destroy();
  };
}

/** Rows of a read-only query on the database, e.g. to check what a killed service left behind. */
export async function queryRows<T>(databaseUrl: string, sql: string, bindings: unknown[] = []): Promise<T[]> {
  const file = sqliteFileOf(databaseUrl);
  if (file) {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(sql).all(...bindings) as T[];
    } finally {
      db.close();
    }
  }
  const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  try {
    return ((await db.raw(sql, bindings as never)) as { rows: T[] }).rows;
  } finally {
    await db.destroy();
  }
}
