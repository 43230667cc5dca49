import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config';

describe('configuration', () => {
  it('defaults to the embedded SQLite file in ./data on port 4000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.database).toMatchObject({ kind: 'sqlite' });
    expect(config.database.kind === 'sqlite' && config.database.file).toMatch(/data[\\/]apo-data\.sqlite$/);
    expect(config.corsOrigins).toEqual([]);
  });

  it('selects PostgreSQL from DATABASE_URL, with a pool of 10, no statement timeout and no replica by default', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@localhost:5432/apo' }).database).toEqual({
      kind: 'postgresql', url: 'postgres://u:p@localhost:5432/apo', poolMax: 10, statementTimeoutMs: 0, readReplicaUrl: null, tls: { mode: 'disable', ca: null },
    });
  });

  it('reads the pool size, statement timeout and read replica for PostgreSQL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u:p@primary:5432/apo',
      DATABASE_POOL_MAX: '25',
      DATABASE_STATEMENT_TIMEOUT_MS: '15000',
      DATABASE_READ_REPLICA_URL: 'postgresql://u:p@replica:5432/apo',
    });
    expect(config.database).toEqual({
      kind: 'postgresql', url: 'postgresql://u:p@primary:5432/apo', poolMax: 25, statementTimeoutMs: 15000, readReplicaUrl: 'postgresql://u:p@replica:5432/apo', tls: { mode: 'disable', ca: null },
    });
  });

  it('ignores the PostgreSQL pool and timeout settings with SQLite', () => {
    expect(loadConfig({ DATABASE_POOL_MAX: '25', DATABASE_STATEMENT_TIMEOUT_MS: '100' }).database).toEqual({ kind: 'sqlite', file: expect.stringMatching(/apo-data\.sqlite$/), lockWaitMs: 2000 });
  });

  it('reads sslmode (and sslrootcert) from DATABASE_URL, and the CA from DATABASE_SSL_CA_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apo-data-config-'));
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n');
    const tls = (env: NodeJS.ProcessEnv) => {
      const db = loadConfig(env).database;
      return db.kind === 'postgresql' ? db.tls : null;
    };
    expect(tls({ DATABASE_URL: 'postgres://db/apo?sslmode=require' })).toEqual({ mode: 'require', ca: null });
    expect(tls({ DATABASE_URL: 'postgres://db/apo?sslmode=verify-full', DATABASE_SSL_CA_FILE: ca })).toEqual({ mode: 'verify-full', ca: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(tls({ DATABASE_URL: `postgres://db/apo?sslmode=verify-ca&sslrootcert=${encodeURIComponent(ca)}` })).toEqual({ mode: 'verify-ca', ca: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/apo?sslmode=prefer' })).toThrow(/sslmode=prefer is not supported/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/apo?sslmode=require', DATABASE_SSL_CA_FILE: join(dir, 'missing.pem') })).toThrow(/DATABASE_SSL_CA_FILE: cannot read/);
  });

  it('keeps introspection on and stack traces off by default, in production too', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ production: true, introspection: true, debugErrors: false, publicBasePath: '' });
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false', APO_DATA_DEBUG_ERRORS: 'true', PUBLIC_BASE_PATH: '/apo-data/' })).toMatchObject({ introspection: false, debugErrors: true, publicBasePath: '/apo-data' });
  });

  it('allows anonymous reads unless APO_DATA_ANONYMOUS_READS=false', () => {
    expect(loadConfig({}).anonymousReads).toBe(true);
    expect(loadConfig({ APO_DATA_ANONYMOUS_READS: 'false' }).anonymousReads).toBe(false);
  });

  it('reads CORS origins as a list', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://db/apo', DATABASE_POOL_MAX: '1' }, 'DATABASE_POOL_MAX'],
    [{ DATABASE_URL: 'postgres://db/apo', DATABASE_POOL_MAX: 'many' }, 'DATABASE_POOL_MAX'],
    [{ DATABASE_URL: 'postgres://db/apo', DATABASE_STATEMENT_TIMEOUT_MS: '-1' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    [{ DATABASE_URL: 'postgres://db/apo', DATABASE_STATEMENT_TIMEOUT_MS: '1.5' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    [{ DATABASE_URL: 'postgres://db/apo', DATABASE_READ_REPLICA_URL: 'replica:5432' }, 'DATABASE_READ_REPLICA_URL'],
    // A replica next to SQLite would silently go unused.
    [{ DATABASE_READ_REPLICA_URL: 'postgres://replica/apo' }, 'DATABASE_READ_REPLICA_URL'],
    [{ GRAPHQL_INTROSPECTION: 'yes' }, 'GRAPHQL_INTROSPECTION'],
    [{ APO_DATA_ANONYMOUS_READS: 'no' }, 'APO_DATA_ANONYMOUS_READS'],
    [{ PUBLIC_BASE_PATH: 'apo-data' }, 'PUBLIC_BASE_PATH'],
    [{ PUBLIC_BASE_PATH: '/a b' }, 'PUBLIC_BASE_PATH'],
  ])('fails fast on %o, naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe('query limits', () => {
  it('default to depth 12, cost 50 000, 30 aliases, 50 directives, 5 000 tokens and 1 000 fields, and read QUERY_MAX_*', () => {
    expect(loadConfig({}).queryLimits).toEqual({ maxDepth: 12, maxCost: 50_000, maxAliases: 30, maxDirectives: 50, maxTokens: 5_000, maxFields: 1_000 });
    const env = { QUERY_MAX_DEPTH: '8', QUERY_MAX_COST: '500', QUERY_MAX_ALIASES: '0', QUERY_MAX_DIRECTIVES: '2', QUERY_MAX_TOKENS: '300', QUERY_MAX_FIELDS: '40' };
    expect(loadConfig(env).queryLimits).toEqual({ maxDepth: 8, maxCost: 500, maxAliases: 0, maxDirectives: 2, maxTokens: 300, maxFields: 40 });
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => loadConfig({ QUERY_MAX_DEPTH: '0' })).toThrow(/QUERY_MAX_DEPTH/);
    expect(() => loadConfig({ QUERY_MAX_COST: 'lots' })).toThrow(/QUERY_MAX_COST/);
    expect(() => loadConfig({ QUERY_MAX_TOKENS: '10' })).toThrow(/QUERY_MAX_TOKENS/);
    expect(() => loadConfig({ QUERY_MAX_FIELDS: '0' })).toThrow(/QUERY_MAX_FIELDS/);
  });
});

describe('rate limits', () => {
  it('default to 600 requests and 250 000 of cost per caller and minute; 0 or RATE_LIMIT_ENABLED=false turns them off', () => {
    expect(loadConfig({}).rateLimits).toEqual({ requestsPerWindow: 600, costPerWindow: 250_000, windowSeconds: 60 });
    expect(loadConfig({ RATE_LIMIT_REQUESTS_PER_MINUTE: '0', RATE_LIMIT_WINDOW_SECONDS: '5' }).rateLimits).toEqual({ requestsPerWindow: 0, costPerWindow: 250_000, windowSeconds: 5 });
    expect(loadConfig({ RATE_LIMIT_ENABLED: 'false' }).rateLimits).toMatchObject({ requestsPerWindow: 0, costPerWindow: 0 });
  });

  it('refuses a cost budget smaller than one query may cost', () => {
    expect(() => loadConfig({ RATE_LIMIT_COST_PER_MINUTE: '1000' })).toThrow(/RATE_LIMIT_COST_PER_MINUTE: must be 0 \(off\) or at least QUERY_MAX_COST/);
    expect(loadConfig({ RATE_LIMIT_COST_PER_MINUTE: '1000', QUERY_MAX_COST: '1000' }).rateLimits.costPerWindow).toBe(1000);
    expect(() => loadConfig({ RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(/RATE_LIMIT_WINDOW_SECONDS/);
  });
});
