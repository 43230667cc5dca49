import type { AppConfig, DatabaseConfig } from './config';
import { ConfigError } from './config';

/** A failure to start that the operator can fix; `message` says what is wrong and what to do, in one line. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

interface ErrorFacts {
  code?: string;
  errno?: number;
  message?: string;
  syscall?: string;
  address?: string;
  port?: number;
  hostname?: string;
  cause?: unknown;
}

/**
 * The one line printed when the service cannot start: what is wrong and what to do. Known causes (port in
 * use, database unreachable, wrong password, no such database, TLS) are named; anything else is summed up
 * from its first line, with LOG_LEVEL=debug for the details.
 */
export function describeStartupError(err: unknown, config: AppConfig | null): string {
  if (err instanceof ConfigError) return err.message.replace(/\n\s*/g, ' ');
  if (err instanceof StartupError) return err.message;
  const facts = rootCause(err);
  const listen = config ? `${config.host}:${config.port}` : 'the configured address';
  const db = config?.database;
  switch (facts.code) {
    case 'EADDRINUSE':
      return `Port ${config?.port ?? '?'} on ${config?.host ?? 'this host'} is already in use: stop the process using it, or choose another PORT.`;
    case 'EACCES':
      if (facts.syscall === 'listen') return `Not allowed to listen on ${listen}: choose a PORT above 1023, or run with the rights to bind it.`;
      return `Permission denied (${facts.message ?? 'EACCES'}): ${db?.kind === 'sqlite' ? `make APO_DATA_DIR (${config?.dataDir}) writable` : 'check file permissions'}.`;
    case 'ENOTDIR':
    case 'EEXIST':
    case 'EROFS':
      return `Cannot create the data directory for ${db?.kind === 'sqlite' ? db.file : 'the database'} (${facts.code}): set APO_DATA_DIR to a folder this user can write.`;
    case 'EADDRNOTAVAIL':
      return `HOST ${config?.host} is not an address of this machine: set HOST to one of its addresses, e.g. 127.0.0.1 or 0.0.0.0.`;
    case 'ECONNREFUSED':
      return `Cannot reach the database at ${where(db)} (connection refused): start PostgreSQL there, or fix DATABASE_URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot resolve the database host ${facts.hostname ?? hostOf(db)}: fix the host name in DATABASE_URL.`;
    case 'ETIMEDOUT':
      return `Timed out connecting to the database at ${where(db)}: check that it is running and that the network allows it.`;
    case '28P01':
    case '28000':
      return `PostgreSQL refused the login of user "${userOf(db)}" (${facts.message}): fix the user name or password in DATABASE_URL.`;
    case '57P03':
      return `PostgreSQL at ${where(db)} is starting up or recovering and takes no connections yet (57P03): start apo-data again once it is up (a supervisor's restart does).`;
    case '3D000':
      return `PostgreSQL has no database ${databaseOf(db)}: create it (createdb ${databaseOf(db)}) or fix the database name in DATABASE_URL.`;
    case 'SQLITE_CANTOPEN':
      return `Cannot open the SQLite database ${db?.kind === 'sqlite' ? db.file : ''}: check that its folder exists and is writable (APO_DATA_DIR).`;
    case 'SQLITE_BUSY':
    case 'SQLITE_BUSY_RECOVERY':
    case 'SQLITE_LOCKED':
      return `The SQLite database ${db?.kind === 'sqlite' ? db.file : ''} is locked by another process (${facts.code}): stop the program writing to it (an import, a backup, another instance stuck), then start again.`;
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `${db?.kind === 'sqlite' ? db.file : 'The database file'} is not a valid SQLite database: restore it from a backup, or point APO_DATA_DIR elsewhere.`;
  }
  const message = facts.message ?? String(err);
  if (/does not support SSL/i.test(message)) return `The database server at ${where(db)} does not accept TLS: use sslmode=disable in DATABASE_URL, or enable ssl on the server.`;
  if (/certificate|self[- ]signed|SSL|TLS/i.test(message)) return `TLS to the database at ${where(db)} failed (${message}): check sslmode in DATABASE_URL and DATABASE_SSL_CA_FILE.`;
  return `${message.split('\n')[0]} (set LOG_LEVEL=debug for details).`;
}

/** The innermost error of a chain (MikroORM and knex wrap the driver's error in `cause` or `previous`). */
function rootCause(err: unknown): ErrorFacts {
  let current = err as ErrorFacts & { previous?: unknown };
  for (let i = 0; i < 5; i++) {
    if (typeof current !== 'object' || current === null) break;
    if (current.code && !String(current.code).startsWith('ERR_')) return current;
    const next = current.cause ?? current.previous;
    if (!next) break;
    current = next as ErrorFacts & { previous?: unknown };
  }
  return typeof current === 'object' && current !== null ? current : { message: String(err) };
}

function parsed(db: DatabaseConfig | undefined): URL | null {
  if (db?.kind !== 'postgresql') return null;
  try {
    return new URL(db.url);
  } catch {
    return null;
  }
}

const hostOf = (db: DatabaseConfig | undefined) => parsed(db)?.hostname ?? 'localhost';
const userOf = (db: DatabaseConfig | undefined) => decodeURIComponent(parsed(db)?.username ?? '');
const databaseOf = (db: DatabaseConfig | undefined) => `"${decodeURIComponent(parsed(db)?.pathname.slice(1) ?? '')}"`;
const where = (db: DatabaseConfig | undefined) => (db?.kind === 'sqlite' ? db.file : `${hostOf(db)}:${parsed(db)?.port || 5432}`);
