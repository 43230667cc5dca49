import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataloaderType, defineConfig as defineBase, type Logger, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { DatabaseConfig } from '../config';
import { ENTITIES } from '../entities';
import { migrationsFor } from './migrations';

export interface OrmHooks {
  /** Called with every SQL statement the ORM runs (metrics, tests). */
  onQuery?: (sql: string) => void;
  logger?: Logger;
}

/** MikroORM options for either database: same entities, same behaviour, a migrations folder per dialect. */
export function ormOptions(db: DatabaseConfig, hooks: OrmHooks = {}): Options {
  const common = {
    entities: ENTITIES,
    extensions: [Migrator],
    dataloader: DataloaderType.ALL,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: ['query' as const],
    logger: (message: string) => {
      if (hooks.onQuery && message.startsWith('[query]')) hooks.onQuery(message);
    },
    migrations: { migrationsList: migrationsFor(db.kind), transactional: true, allOrNothing: true },
  };
  if (db.kind === 'sqlite') {
    mkdirSync(dirname(db.file), { recursive: true });
    return defineBase({
      ...common,
      driver: BetterSqliteDriver,
      dbName: db.file,
      pool: { afterCreate: sqlitePragmas },
    } as Options);
  }
  return defineBase({ ...common, driver: PostgreSqlDriver, clientUrl: db.url } as Options);
}

type SqliteConnection = { pragma: (sql: string) => unknown };

/** WAL lets readers go on while one writer writes; foreign keys are off by default in SQLite. */
function sqlitePragmas(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
  try {
    conn.pragma('journal_mode = WAL');
    conn.pragma('foreign_keys = ON');
    conn.pragma('busy_timeout = 5000');
    done(null, conn);
  } catch (err) {
    done(err as Error, conn);
  }
}
