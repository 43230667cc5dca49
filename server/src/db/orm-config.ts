import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataloaderType, defineConfig as defineBase, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { ConnectionOptions } from 'node:tls';
import type { DatabaseConfig, DatabaseTls } from '../config';
import { ENTITIES, SUBSCRIBERS } from '../modules';
import { createLogger, PinoOrmLogger, type Logger } from '../logger';
import { migrationsFor } from './migrations';
import { SQLITE_BUSY_TIMEOUT_MS } from '../shared/write/lock-wait';

export interface OrmHooks {
  /** Called with every SQL statement the ORM runs (metrics, tests). */
  onQuery?: (sql: string) => void;
  /** Where the service logs (the ORM's lines included); by default a JSON logger at warn. */
  logger?: Logger;
}

/** MikroORM options for either database: same entities, same behaviour, a migrations folder per dialect. */
export function ormOptions(db: DatabaseConfig, hooks: OrmHooks = {}): Options {
  const logger = hooks.logger ?? createLogger('warn');
  const common = {
    entities: ENTITIES,
    subscribers: SUBSCRIBERS,
    extensions: [Migrator],
    dataloader: DataloaderType.ALL,
    forceUtcTimezone: true,
    // A typo in the database name must fail the start, not create and seed an empty database beside the real one.
    ensureDatabase: false,
    // The data-version counter is kept by triggers, not by an entity: schema diffs must leave it alone.
    schemaGenerator: { skipTables: ['data_version'] },
    allowGlobalContext: false,
    debug: hooks.onQuery ? ['query' as const] : false,
    loggerFactory: () => new PinoOrmLogger(logger, hooks.onQuery),
    migrations: { migrationsList: migrationsFor(db.kind), transactional: true, allOrNothing: true },
  };
  if (db.kind === 'sqlite') {
    mkdirSync(dirname(db.file), { recursive: true });
    return defineBase({
      ...common,
      driver: BetterSqliteDriver,
      dbName: db.file,
      pool: { afterCreate: sqlitePragmas },
      driverOptions: { log: knexLog(logger) },
    } as Options);
  }
  return defineBase({
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: db.url,
    pool: { max: db.poolMax },
    driverOptions: {
      log: knexLog(logger),
      connection: {
        // node-postgres sends statement_timeout when it connects, so it holds for every connection of the pool.
        ...(db.statementTimeoutMs > 0 ? { statement_timeout: db.statementTimeoutMs } : {}),
        ssl: sslOptions(db.tls),
      },
    },
    // Reads outside a transaction may go to the replica; writes and transactions stay on the primary.
    replicas: db.readReplicaUrl ? [{ name: 'read-replica', clientUrl: db.readReplicaUrl }] : [],
  } as Options);
}

/** knex's own warnings (e.g. "Connection Error: …" when the server ends a pooled connection) as JSON log lines, not console text. */
function knexLog(logger: Logger) {
  const line = (level: 'warn' | 'error' | 'debug') => (message: unknown) => logger[level]({ orm: 'knex' }, String(message));
  return { warn: line('warn'), error: line('error'), deprecate: line('warn'), debug: line('debug') };
}

/** node-postgres's `ssl` for a libpq-style sslmode. */
function sslOptions(tls: DatabaseTls): false | ConnectionOptions {
  const ca = tls.ca ?? undefined;
  switch (tls.mode) {
    case 'disable':
      return false;
    case 'require': // encrypted, but any certificate: libpq's meaning of `require`
      return { rejectUnauthorized: false };
    case 'verify-ca': // a certificate from the trusted CA, whatever host name it carries
      return { rejectUnauthorized: true, ca, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true, ca };
  }
}

type SqliteConnection = { pragma: (sql: string) => unknown };

/**
 * WAL lets readers go on while one writer writes; foreign keys are off by default in SQLite. Durability: in WAL
 * mode a transaction is committed once its frames and commit record are in the -wal file; a process killed at any
 * moment leaves either the whole transaction there (replayed on the next open) or none of it. synchronous=FULL
 * also fsyncs the WAL at every commit, so an acknowledged write survives a power cut too, not only a killed process.
 * A lock held elsewhere is waited for briefly here and then by retrying the transaction (shared/write/lock-wait.ts).
 */
function sqlitePragmas(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
  try {
    conn.pragma('journal_mode = WAL');
    conn.pragma('synchronous = FULL');
    conn.pragma('foreign_keys = ON');
    conn.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    done(null, conn);
  } catch (err) {
    done(err as Error, conn);
  }
}
