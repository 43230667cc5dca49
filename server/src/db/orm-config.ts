import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataloaderType, DefaultLogger, defineConfig as defineBase, type LogContext, type Logger, type LoggerOptions, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { DatabaseConfig } from '../config';
import { ENTITIES } from '../entities';
import { migrationsFor } from './migrations';

export interface OrmHooks {
  /** Called with every SQL statement the ORM runs (metrics, tests). */
  onQuery?: (sql: string) => void;
}

/** Hands every SQL statement to `onQuery` instead of printing it; warnings and errors print as usual. */
class QueryCountingLogger extends DefaultLogger implements Logger {
  constructor(options: LoggerOptions, private readonly onQuery?: (sql: string) => void) {
    super(options);
  }

  override logQuery(context: { query: string } & LogContext): void {
    this.onQuery?.(context.query);
  }
}

/** MikroORM options for either database: same entities, same behaviour, a migrations folder per dialect. */
export function ormOptions(db: DatabaseConfig, hooks: OrmHooks = {}): Options {
  const common = {
    entities: ENTITIES,
    extensions: [Migrator],
    dataloader: DataloaderType.ALL,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: hooks.onQuery ? ['query' as const] : false,
    loggerFactory: (options: LoggerOptions) => new QueryCountingLogger(options, hooks.onQuery),
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
  return defineBase({
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: db.url,
    pool: { max: db.poolMax },
    // node-postgres sends statement_timeout when it connects, so it holds for every connection of the pool.
    driverOptions: db.statementTimeoutMs > 0 ? { connection: { statement_timeout: db.statementTimeoutMs } } : {},
    // Reads outside a transaction may go to the replica; writes and transactions stay on the primary.
    replicas: db.readReplicaUrl ? [{ name: 'read-replica', clientUrl: db.readReplicaUrl }] : [],
  } as Options);
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
