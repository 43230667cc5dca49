import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import proxyAddr from '@fastify/proxy-addr';
import { z } from 'zod';
import type { QueryLimits, RateLimitSettings } from './limits';

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
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
  DATABASE_READ_REPLICA_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  CORS_ORIGINS: z.string().default(''),
  NODE_ENV: z.string().default('development'),
  APO_DATA_SEED: BOOLEAN.default('true'),
  QUERY_MAX_DEPTH: z.coerce.number().int().min(1).default(12),
  QUERY_MAX_COST: z.coerce.number().int().min(1).default(50_000),
  QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  QUERY_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(50),
  QUERY_MAX_TOKENS: z.coerce.number().int().min(100).default(5_000),
  QUERY_MAX_FIELDS: z.coerce.number().int().min(1).default(1_000),
  RATE_LIMIT_ENABLED: BOOLEAN.default('true'),
  RATE_LIMIT_REQUESTS_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_COST_PER_MINUTE: z.coerce.number().int().min(0).default(250_000),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
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
  APO_DATA_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  SQLITE_LOCK_WAIT_MS: z.coerce.number().int().min(0).default(2_000),
  // Left unset, these take the production or development value of OPERATING_DEFAULTS.
  HTTP_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).optional(),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).optional(),
  GRAPHQL_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
  TRUST_PROXY: z.string().regex(/^(true|false|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, 'must be true, false, or comma-separated addresses/CIDRs of the proxies').default('false'),
  APO_DATA_METRICS: BOOLEAN.default('true'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url('must be a URL such as http://collector:4318').optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('apo-data'),
}).refine((e) => !e.DATABASE_READ_REPLICA_URL || /^postgres/.test(e.DATABASE_URL ?? ''), {
  // A replica that would silently go unused is a misconfiguration worth stopping for.
  path: ['DATABASE_READ_REPLICA_URL'],
  message: 'needs a PostgreSQL DATABASE_URL',
}).refine((e) => e.RATE_LIMIT_COST_PER_MINUTE === 0 || e.RATE_LIMIT_COST_PER_MINUTE >= e.QUERY_MAX_COST, {
  // Otherwise a query the limits allow could never be paid for.
  path: ['RATE_LIMIT_COST_PER_MINUTE'],
  message: 'must be 0 (off) or at least QUERY_MAX_COST',
});

export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What the service allows when a setting is left unset. Production cuts slow clients off after seconds and puts a
 * deadline on every operation and statement; development keeps Node's generous timeouts and no deadlines, so a
 * debugger or a long local experiment is not cut short.
 */
export const OPERATING_DEFAULTS = {
  production: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, graphqlTimeoutMs: 30_000, statementTimeoutMs: 15_000 },
  development: { headersTimeoutMs: 60_000, requestTimeoutMs: 300_000, graphqlTimeoutMs: 0, statementTimeoutMs: 0 },
} as const;

/** Who may tell the service a client's address and request id (x-forwarded-for, x-request-id): Fastify's `trustProxy`. */
export type TrustProxy = boolean | string[];

/** How much, and for how long, the HTTP server waits for a client. */
export interface HttpLimits {
  /** Largest request body; a larger one is refused with 413. */
  bodyLimitBytes: number;
  /** Most time a client may take to send the request line and headers; then the connection is closed (408). */
  headersTimeoutMs: number;
  /** Most time a client may take to send the whole request, body included; then the connection is closed (408). */
  requestTimeoutMs: number;
}

export type DatabaseConfig =
  | {
      kind: 'sqlite';
      file: string;
      /** How long a write keeps retrying, without blocking other requests, while another connection holds the file's write lock. */
      lockWaitMs: number;
    }
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
  /** Requests and query cost per minute for each caller (API token, else client address), kept per instance; 0 turns one off. */
  rateLimits: RateLimitSettings;
  /** On SIGTERM, how long requests in flight may take to finish before the process gives up on them and exits 1. */
  shutdownTimeoutMs: number;
  /** Body size and slow-client protection. */
  http: HttpLimits;
  /** Most time an operation on /graphql may run before the answer is TIMEOUT (504); 0: no deadline. */
  graphqlTimeoutMs: number;
  /** Proxies trusted for x-forwarded-* and x-request-id; false: none, the peer is the client. */
  trustProxy: TrustProxy;
  /** Prometheus metrics at GET /metrics. */
  metrics: boolean;
  /** OpenTelemetry tracing, exported over OTLP/HTTP to `endpoint`; null (the default) loads nothing. */
  tracing: { endpoint: string; serviceName: string } | null;
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
    corsOrigins: corsOriginsFrom(e),
    production: e.NODE_ENV === 'production',
    seedOnStart: e.APO_DATA_SEED === 'true',
    queryLimits: {
      maxDepth: e.QUERY_MAX_DEPTH,
      maxCost: e.QUERY_MAX_COST,
      maxAliases: e.QUERY_MAX_ALIASES,
      maxDirectives: e.QUERY_MAX_DIRECTIVES,
      maxTokens: e.QUERY_MAX_TOKENS,
      maxFields: e.QUERY_MAX_FIELDS,
    },
    rateLimits: rateLimitsFrom(e),
    introspection: e.GRAPHQL_INTROSPECTION === 'true',
    debugErrors: e.APO_DATA_DEBUG_ERRORS === 'true',
    publicBasePath: e.PUBLIC_BASE_PATH.replace(/\/$/, ''),
    responseCache: { enabled: e.APO_DATA_RESPONSE_CACHE === 'true' && e.APO_DATA_RESPONSE_CACHE_MAX_BYTES > 0, maxBytes: e.APO_DATA_RESPONSE_CACHE_MAX_BYTES },
    anonymousReads: e.APO_DATA_ANONYMOUS_READS === 'true',
    shutdownTimeoutMs: e.APO_DATA_SHUTDOWN_TIMEOUT_MS,
    ...operatingFrom(e),
  };
}

/** Limits, timeouts, proxies and telemetry: the settings that decide how the service runs in production. */
function operatingFrom(e: z.infer<typeof EnvSchema>): Pick<AppConfig, 'http' | 'graphqlTimeoutMs' | 'trustProxy' | 'metrics' | 'tracing'> {
  const defaults = operatingDefaults(e);
  const http = {
    bodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES,
    headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS ?? defaults.headersTimeoutMs,
    requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS ?? defaults.requestTimeoutMs,
  };
  // Node refuses a headers timeout longer than the whole request's.
  if (http.headersTimeoutMs > http.requestTimeoutMs) throw new ConfigError('Invalid configuration:\n  HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS');
  return {
    http,
    graphqlTimeoutMs: e.GRAPHQL_TIMEOUT_MS ?? defaults.graphqlTimeoutMs,
    trustProxy: trustProxyFrom(e.TRUST_PROXY),
    metrics: e.APO_DATA_METRICS === 'true',
    tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME } : null,
  };
}

/**
 * CORS origins as a list. An entry that is not an origin (a path, no scheme) would never match, so it stops the
 * start; so does `*` in production, where the browser apps allowed to call the API must be named.
 */
function corsOriginsFrom(e: z.infer<typeof EnvSchema>): string[] {
  const origins = e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = origins.filter((o) => o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o));
  if (bad.length) throw new ConfigError(`Invalid configuration:\n  CORS_ORIGINS: ${bad.map((o) => JSON.stringify(o)).join(', ')} is not an origin such as https://app.example`);
  if (origins.includes('*') && e.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  CORS_ORIGINS: * is refused with NODE_ENV=production; list the origins of the browser apps that may call the API (https://app.example,https://other.example)');
  }
  return origins;
}

const operatingDefaults = (e: z.infer<typeof EnvSchema>) => OPERATING_DEFAULTS[e.NODE_ENV === 'production' ? 'production' : 'development'];

/** `true`, `false`, or proxy-addr's list of addresses, CIDRs and names (loopback, linklocal, uniquelocal), as Fastify reads it. */
function trustProxyFrom(value: string): TrustProxy {
  if (value === 'true' || value === 'false') return value === 'true';
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    proxyAddr.compile(list);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  TRUST_PROXY: ${(err as Error).message}`);
  }
  return list;
}

/** RATE_LIMIT_ENABLED=false turns both budgets off, as 0 does for one. */
function rateLimitsFrom(e: z.infer<typeof EnvSchema>): RateLimitSettings {
  const on = e.RATE_LIMIT_ENABLED === 'true';
  return { requestsPerWindow: on ? e.RATE_LIMIT_REQUESTS_PER_MINUTE : 0, costPerWindow: on ? e.RATE_LIMIT_COST_PER_MINUTE : 0, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS };
}

function databaseFrom(e: z.infer<typeof EnvSchema>, dataDir: string): DatabaseConfig {
  const url = e.DATABASE_URL;
  // Pool size and statement timeout are PostgreSQL settings: SQLite has one file and no server to time out.
  const lockWaitMs = e.SQLITE_LOCK_WAIT_MS;
  if (!url) return { kind: 'sqlite', file: resolve(dataDir, 'apo-data.sqlite'), lockWaitMs };
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', file: resolve(url.slice('sqlite:'.length)), lockWaitMs };
  return {
    kind: 'postgresql',
    url,
    poolMax: e.DATABASE_POOL_MAX,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS ?? operatingDefaults(e).statementTimeoutMs,
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
