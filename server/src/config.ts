import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { QueryLimits } from './query-limits';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const BOOLEAN = z.enum(['true', 'false']);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  APO_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?|sqlite):/, 'must start with postgres://, postgresql:// or sqlite:')
    .optional(),
  // At start one connection holds the migration lock while another creates MikroORM's migrations table.
  DATABASE_POOL_MAX: z.coerce.number().int().min(2, 'must be at least 2').max(1000).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(0),
  DATABASE_READ_REPLICA_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  CORS_ORIGINS: z.string().default(''),
  NODE_ENV: z.string().default('development'),
  APO_DATA_SEED: BOOLEAN.default('true'),
  QUERY_MAX_DEPTH: z.coerce.number().int().min(1).default(12),
  QUERY_MAX_COST: z.coerce.number().int().min(1).default(20_000),
  QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  GRAPHQL_INTROSPECTION: BOOLEAN.default('true'),
  APO_DATA_DEBUG_ERRORS: BOOLEAN.default('false'),
  PUBLIC_BASE_PATH: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*\/?$/, 'must be a URL path such as /apo-data (or empty)')
    .default(''),
  DATABASE_SSL_CA_FILE: z.string().min(1).optional(),
  APO_DATA_RESPONSE_CACHE: BOOLEAN.default('true'),
  APO_DATA_RESPONSE_CACHE_MAX_BYTES: z.coerce.number().int().min(0).default(64 * 1024 * 1024),
  APO_DATA_ANONYMOUS_READS: BOOLEAN.default('true'),
}).refine((e) => !e.DATABASE_READ_REPLICA_URL || /^postgres/.test(e.DATABASE_URL ?? ''), {
  // A replica that would silently go unused is a misconfiguration worth stopping for.
  path: ['DATABASE_READ_REPLICA_URL'],
  message: 'needs a PostgreSQL DATABASE_URL',
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | {
      kind: 'postgresql';
      url: string;
      /** Most connections each process opens. */
      poolMax: number;
      /** PostgreSQL's statement_timeout for every statement; 0 means none. */
      statementTimeoutMs: number;
      /** A streaming replica that may answer reads; null sends everything to `url`. */
      readReplicaUrl: string | null;
      /** TLS to the server, from `sslmode` (and `sslrootcert`) in DATABASE_URL and DATABASE_SSL_CA_FILE. */
      tls: DatabaseTls;
    };

/** libpq's `sslmode`s that node-postgres can honour; `allow` and `prefer` would need a fallback it lacks. */
export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export interface DatabaseTls {
  mode: (typeof SSL_MODES)[number];
  /** PEM of the certificate authority to trust for verify-ca / verify-full; null trusts Node's bundled CAs. */
  ca: string | null;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  logLevel: LogLevel;
  /** Origins allowed by CORS; `['*']` allows any. Empty: CORS disabled. */
  corsOrigins: string[];
  /** Production hides internal error details from clients. */
  production: boolean;
  /** Load the bundled dataset on start when the database has none. */
  seedOnStart: boolean;
  /** Operations beyond these are refused with QUERY_TOO_COMPLEX before they run. */
  queryLimits: QueryLimits;
  /** Schema introspection (IDE docs, codegen, editor plugins); on by default, also in production: the data is public. */
  introspection: boolean;
  /** Stack traces in error responses; only when asked for (APO_DATA_DEBUG_ERRORS=true), never by default. */
  debugErrors: boolean;
  /**
   * The path prefix under which a reverse proxy publishes the service (e.g. `/apo-data`), without a trailing
   * slash; '' when served at the root. Links the service hands browsers (the IDE's assets and endpoints) start with it.
   */
  publicBasePath: string;
  /** Answers of repeated queries kept in memory while the data version is unchanged; `maxBytes` bounds it. */
  responseCache: { enabled: boolean; maxBytes: number };
  /** Requests without an API token may read; false refuses them with UNAUTHENTICATED. */
  anonymousReads: boolean;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; nothing else reads `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.APO_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: databaseFrom(e, dataDir),
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    production: e.NODE_ENV === 'production',
    seedOnStart: e.APO_DATA_SEED === 'true',
    queryLimits: { maxDepth: e.QUERY_MAX_DEPTH, maxCost: e.QUERY_MAX_COST, maxAliases: e.QUERY_MAX_ALIASES },
    introspection: e.GRAPHQL_INTROSPECTION === 'true',
    debugErrors: e.APO_DATA_DEBUG_ERRORS === 'true',
    publicBasePath: e.PUBLIC_BASE_PATH.replace(/\/$/, ''),
    responseCache: { enabled: e.APO_DATA_RESPONSE_CACHE === 'true' && e.APO_DATA_RESPONSE_CACHE_MAX_BYTES > 0, maxBytes: e.APO_DATA_RESPONSE_CACHE_MAX_BYTES },
    anonymousReads: e.APO_DATA_ANONYMOUS_READS === 'true',
  };
}

function databaseFrom(e: z.infer<typeof EnvSchema>, dataDir: string): DatabaseConfig {
  const url = e.DATABASE_URL;
  // Pool size and statement timeout are PostgreSQL settings: SQLite has one file and no server to time out.
  if (!url) return { kind: 'sqlite', file: resolve(dataDir, 'apo-data.sqlite') };
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', file: resolve(url.slice('sqlite:'.length)) };
  return {
    kind: 'postgresql',
    url,
    poolMax: e.DATABASE_POOL_MAX,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    readReplicaUrl: e.DATABASE_READ_REPLICA_URL ?? null,
    tls: tlsFrom(url, e.DATABASE_SSL_CA_FILE),
  };
}

function tlsFrom(url: string, caFileSetting: string | undefined): DatabaseTls {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    throw new ConfigError('Invalid configuration:\n  DATABASE_URL: is not a valid URL');
  }
  const mode = params.get('sslmode') ?? 'disable';
  if (!(SSL_MODES as readonly string[]).includes(mode)) {
    throw new ConfigError(`Invalid configuration:\n  DATABASE_URL: sslmode=${mode} is not supported; use one of ${SSL_MODES.join(', ')}`);
  }
  const caFile = caFileSetting ?? params.get('sslrootcert');
  if (!caFile) return { mode: mode as DatabaseTls['mode'], ca: null };
  try {
    return { mode: mode as DatabaseTls['mode'], ca: readFileSync(resolve(caFile), 'utf8') };
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  DATABASE_SSL_CA_FILE: cannot read ${resolve(caFile)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
