import { knex } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { Country } from '../../server/src/modules/country/country.entity';
import { describeStartupError } from '../../server/src/startup-error';
import { createTestDatabase, databases, startServer, type TestDatabase, type TestServer } from '../helpers/server';

type CountryCount = { countries: { totalCount: number } };
type CountryName = { country: { name: string } };

const SETTINGS = { DATABASE_POOL_MAX: '3', DATABASE_STATEMENT_TIMEOUT_MS: '200' };

describe.each(databases())('DATABASE_POOL_MAX and DATABASE_STATEMENT_TIMEOUT_MS on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => { server = await startServer(kind, SETTINGS); });
  afterAll(() => server?.close());

  it('the service starts, migrates and answers with them set', async () => {
    expect((await server.data<CountryCount>('{ countries { totalCount } }')).countries.totalCount).toBe(21);
  });

  it.runIf(kind === 'postgresql')('PostgreSQL cancels a statement that runs longer than the timeout, on every pooled connection', async () => {
    const connection = server.em().getConnection();
    const settings = await Promise.all([1, 2, 3].map(() => connection.execute('show statement_timeout')));
    expect(settings.map((rows) => rows[0].statement_timeout)).toEqual(['200ms', '200ms', '200ms']);
    await expect(connection.execute('select pg_sleep(1)')).rejects.toThrow(/statement timeout/);
    // The service goes on answering.
    expect((await server.data<CountryCount>('{ countries { totalCount } }')).countries.totalCount).toBe(21);
  });

  it.runIf(kind === 'postgresql')('each process opens at most DATABASE_POOL_MAX connections', async () => {
    const connection = server.em().getConnection();
    const query = `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
    // Ten slow statements at once queue for the three connections instead of opening ten.
    const slow = Promise.all(Array.from({ length: 10 }, () => connection.execute('select pg_sleep(0.1)')));
    await new Promise((r) => setTimeout(r, 50));
    // Counted from a plain connection of the test's own, so only the server's connections are seen.
    const observer = knex({ client: 'pg', connection: server.database.env.DATABASE_URL, pool: { min: 0, max: 1 } });
    try {
      const { rows: [{ n }] } = await observer.raw<{ rows: Array<{ n: number }> }>(query);
      expect(n).toBeLessThanOrEqual(Number(SETTINGS.DATABASE_POOL_MAX));
      // The pool is busy with the queued statements, so the bound is what held them back.
      expect(n).toBeGreaterThanOrEqual(2);
    } finally {
      await slow;
      await observer.destroy();
    }
  });
});

// A read replica is PostgreSQL streaming replication; here a second database stands in for it, holding
// different data on purpose, so the test can tell which one answered.
describe.skipIf(!databases().includes('postgresql'))('DATABASE_READ_REPLICA_URL', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    [primary, replica] = await Promise.all([createTestDatabase('postgresql'), createTestDatabase('postgresql')]);
    server = await startServer(primary, { DATABASE_READ_REPLICA_URL: replica.env.DATABASE_URL });
    const onReplica = await startServer(replica);
    const em = onReplica.em();
    (await em.findOneOrFail(Country, { code: 'JP' })).name = 'Japan, as the replica has it';
    await em.flush();
    await onReplica.close();
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all([primary?.drop(), replica?.drop()]);
  });

  it('API reads are answered by the replica', async () => {
    expect((await server.data<CountryName>('{ country(code: "JP") { name } }')).country.name).toBe('Japan, as the replica has it');
  });

  it('writes, and reads inside a transaction, go to the primary', async () => {
    const em = server.em();
    await em.transactional(async (tx) => {
      const japan = await tx.findOneOrFail(Country, { code: 'JP' });
      expect(japan.name).toBe('Japan');
      japan.name = 'Japan, written to the primary';
    });
    const onPrimary = await startServer(primary);
    try {
      expect((await onPrimary.data<CountryName>('{ country(code: "JP") { name } }')).country.name).toBe('Japan, written to the primary');
    } finally {
      await onPrimary.close();
    }
  });
});

// Managed PostgreSQL services require TLS; the embedded server runs with a self-signed certificate made for the run.
describe.skipIf(!databases().includes('postgresql'))('TLS to PostgreSQL: sslmode in DATABASE_URL, DATABASE_SSL_CA_FILE', () => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase('postgresql'); });
  afterAll(() => database?.drop());

  const withSslMode = (mode: string) => {
    const url = new URL(database.env.DATABASE_URL);
    url.searchParams.set('sslmode', mode);
    return { ...database, env: { DATABASE_URL: url.toString() } };
  };

  /** Whether the server's own connection is encrypted, as PostgreSQL sees it. */
  async function encrypted(server: TestServer): Promise<boolean> {
    const [{ ssl }] = await server.em().getConnection().execute('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
    return ssl;
  }

  it.each([
    ['require', {}, true],
    ['verify-full', { DATABASE_SSL_CA_FILE: inject('databases').postgres?.tlsCertificate ?? '' }, true],
    ['verify-ca', { DATABASE_SSL_CA_FILE: inject('databases').postgres?.tlsCertificate ?? '' }, true],
    ['disable', {}, false],
  ])('sslmode=%s %o: connects, encrypted: %s, and answers', async (mode, env, expected) => {
    const server = await startServer(withSslMode(mode), env);
    try {
      expect(await encrypted(server)).toBe(expected);
      expect((await server.data<CountryCount>('{ countries { totalCount } }')).countries.totalCount).toBe(21);
    } finally {
      await server.close();
    }
  });

  it('sslmode=verify-full refuses a certificate no trusted CA signed, and says why', async () => {
    const err = await startServer(withSslMode('verify-full')).then(
      async (s) => { await s.close(); return null; },
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    expect(describeStartupError(err, loadConfig(withSslMode('verify-full').env))).toMatch(/TLS to the database at 127\.0\.0\.1:\d+ failed.*certificate.*sslmode/);
  });
});
