import { Writable } from 'node:stream';
import { knex } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/logger';
import { MAX_OPERATION_NAMES } from '../../server/src/observability/metrics';
import { jsonOf, raw } from '../helpers/http';
import { createTestDatabase, databases, roleHeaders, startServer, type TestServer } from '../helpers/server';
import { holdTransaction } from '../helpers/transactions';

// What operators see: health and readiness, Prometheus metrics (counted from Fastify hooks and Apollo's request
// hooks, never per field), request ids in headers and in every log line of a request.

const JSON_HEADERS = { 'content-type': 'application/json' };
const postQuery = (url: string, query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) =>
  raw(url, 'POST', { ...JSON_HEADERS, ...headers }, JSON.stringify({ query, variables }));
const origin = (server: TestServer) => new URL(server.url).origin;

/** The exposition text of /metrics. */
async function scrape(server: TestServer): Promise<string> {
  const r = await raw(`${origin(server)}/metrics`, 'GET', {});
  expect(r.status).toBe(200);
  expect(String(r.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
  return r.body.toString();
}

/** The value of one sample, e.g. `metric(text, 'apo_data_errors_total', { code: 'BAD_USER_INPUT' })`; 0 when absent. */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^([\w:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return 0;
}

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  beforeAll(async () => { server = await startServer(db, { NODE_ENV: 'production' }); });
  afterAll(() => server?.close());

  describe('health', () => {
    it('/healthz answers 200 without touching the database', async () => {
      const before = server.statements.length;
      const r = await raw(`${origin(server)}/healthz`, 'GET', {});
      expect(r.status).toBe(200);
      expect(jsonOf(r)).toEqual({ status: 'ok' });
      expect(server.statements.length).toBe(before);
    });

    it('/readyz answers 200 when the database answers and every migration is applied', async () => {
      const r = await raw(`${origin(server)}/readyz`, 'GET', {});
      expect(r.status).toBe(200);
      expect(jsonOf(r)).toEqual({ status: 'ok' });
    });

    it('/readyz answers 503 with the reason while the database fails its queries', async () => {
      server.failNext(/mikro_orm_migrations|sqlite_master|information_schema|pg_/i);
      const r = await raw(`${origin(server)}/readyz`, 'GET', {});
      expect(r.status).toBe(503);
      expect(jsonOf(r)).toEqual({ status: 'unavailable', reason: expect.stringMatching(/^database unavailable/) });
      expect((await raw(`${origin(server)}/readyz`, 'GET', {})).status).toBe(200);
    });

    it.skipIf(db !== 'postgresql')('/readyz answers 503 while PostgreSQL refuses connections, and 200 again once it takes them', async () => {
      const name = new URL(server.database.env.DATABASE_URL).pathname.slice(1);
      const admin = knex({ client: 'pg', connection: inject('databases').postgres!.adminUrl, pool: { min: 0, max: 1 } });
      try {
        await admin.raw(`alter database "${name}" allow_connections false`);
        await admin.raw('select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()', [name]);
        const r = await raw(`${origin(server)}/readyz`, 'GET', {});
        expect(r.status).toBe(503);
        expect((jsonOf(r) as { reason: string }).reason).toMatch(/^database unavailable/);
        expect((await raw(`${origin(server)}/healthz`, 'GET', {})).status).toBe(200); // alive all the same
      } finally {
        await admin.raw(`alter database "${name}" allow_connections true`);
        await admin.destroy();
      }
      await expect.poll(async () => (await raw(`${origin(server)}/readyz`, 'GET', {})).status, { timeout: 10_000 }).toBe(200);
    });

    it('/readyz answers 503 while a migration this version ships is not applied', async () => {
      const conn = server.em().getConnection();
      const [last] = await conn.execute<Array<{ id: number; name: string; executed_at: unknown }>>('select * from mikro_orm_migrations order by id desc limit 1');
      await conn.execute('delete from mikro_orm_migrations where id = ?', [last.id]);
      try {
        const r = await raw(`${origin(server)}/readyz`, 'GET', {});
        expect(r.status).toBe(503);
        expect((jsonOf(r) as { reason: string }).reason).toContain(`1 pending database migration(s): ${last.name}`);
      } finally {
        await conn.execute('insert into mikro_orm_migrations (id, name, executed_at) values (?, ?, ?)', [last.id, last.name, last.executed_at]);
      }
      expect((await raw(`${origin(server)}/readyz`, 'GET', {})).status).toBe(200);
    });
  });

  describe('metrics', () => {
    it('has prom-client\'s default process metrics', async () => {
      const text = await scrape(server);
      expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      expect(text).toMatch(/^process_resident_memory_bytes /m);
    });

    it('counts requests and their latency by operation name and outcome', async () => {
      const ok = { route: 'graphql', operation: 'MetricsOk', outcome: 'ok' };
      const bad = { route: 'graphql', operation: 'MetricsBad', outcome: 'BAD_USER_INPUT' };
      const before = await scrape(server);
      await postQuery(server.url, 'query MetricsOk { countries(first: 2) { nodes { code } } }', { 'x-vary': '1' });
      await postQuery(server.url, 'query MetricsBad { countries(first: 101) { nodes { code } } }');
      const after = await scrape(server);
      expect(metric(after, 'apo_data_http_requests_total', ok) - metric(before, 'apo_data_http_requests_total', ok)).toBe(1);
      expect(metric(after, 'apo_data_http_request_duration_seconds_count', ok) - metric(before, 'apo_data_http_request_duration_seconds_count', ok)).toBe(1);
      expect(metric(after, 'apo_data_http_request_duration_seconds_sum', ok)).toBeGreaterThan(metric(before, 'apo_data_http_request_duration_seconds_sum', ok));
      expect(metric(after, 'apo_data_http_requests_total', bad) - metric(before, 'apo_data_http_requests_total', bad)).toBe(1);
      const errors = (t: string) => metric(t, 'apo_data_errors_total', { code: 'BAD_USER_INPUT' });
      expect(errors(after) - errors(before)).toBe(1);
    });

    it('counts refusals outside GraphQL (a body over the limit, an unknown path) by their code', async () => {
      const before = await scrape(server);
      await raw(server.url, 'POST', JSON_HEADERS, JSON.stringify({ query: `{ __typename } #${'x'.repeat(1024 * 1024)}` }));
      await raw(`${origin(server)}/nothing-here`, 'GET', {});
      const after = await scrape(server);
      const count = (t: string, labels: Record<string, string>) => metric(t, 'apo_data_http_requests_total', labels);
      expect(count(after, { route: 'graphql', operation: 'none', outcome: 'BAD_USER_INPUT' }) - count(before, { route: 'graphql', operation: 'none', outcome: 'BAD_USER_INPUT' })).toBe(1);
      expect(count(after, { route: 'other', operation: 'none', outcome: 'NOT_FOUND' }) - count(before, { route: 'other', operation: 'none', outcome: 'NOT_FOUND' })).toBe(1);
      expect(metric(after, 'apo_data_errors_total', { code: 'NOT_FOUND' }) - metric(before, 'apo_data_errors_total', { code: 'NOT_FOUND' })).toBe(1);
    });

    /**
     * Statements the operation ran, from the database's side: all since `from`, less those the metric leaves out as they
     * run outside the request's EntityManager (the token lookup, the cache's data-version read, BEGIN/COMMIT, a raw lock).
     */
    const NOT_ATTRIBUTED = /^(begin|commit|rollback)$|from [`"]?data_version|from [`"]?api_token|pg_advisory_xact_lock/i;
    const operationStatements = (from: number) => server.statements.slice(from).filter((sql) => !NOT_ATTRIBUTED.test(sql)).length;

    it('counts the SQL statements each request runs, the same number the database saw', async () => {
      const sum = (t: string) => metric(t, 'apo_data_sql_statements_per_request_sum', { route: 'graphql' });
      const before = await scrape(server);
      const ran = server.statements.length;
      await postQuery(server.url, 'query MetricsSql { grants(first: 5) { nodes { title donor { name } program { code } } } }');
      const statements = operationStatements(ran);
      const after = await scrape(server);
      expect(statements).toBeGreaterThanOrEqual(1);
      expect(sum(after) - sum(before)).toBe(statements);
    });

    it('counts a mutation\'s statements too, those in its transaction', async () => {
      const { editor } = await roleHeaders(server, 'metrics');
      const sum = (t: string) => metric(t, 'apo_data_sql_statements_per_request_sum', { route: 'graphql' });
      const before = await scrape(server);
      const ran = server.statements.length;
      const r = await postQuery(server.url, 'mutation MetricsWrite($input: CreateSourceInput!) { createSource(input: $input) { source { id } userErrors { code } } }', editor, { input: { title: 'Counted' } });
      expect(jsonOf(r)).toMatchObject({ data: { createSource: { source: { id: expect.any(String) }, userErrors: [] } } });
      const statements = operationStatements(ran);
      expect(statements).toBeGreaterThanOrEqual(2); // the record and its audit event
      expect(sum(await scrape(server)) - sum(before)).toBe(statements);
    });

    it('counts answers served from the response cache, with their operation name and no SQL', async () => {
      const labels = { route: 'graphql', operation: 'MetricsCached', outcome: 'ok' };
      const query = 'query MetricsCached { countries(first: 3) { nodes { name } } }';
      await postQuery(server.url, query); // computed and kept
      const before = await scrape(server);
      const ran = server.statements.length;
      await postQuery(server.url, query); // from memory
      const after = await scrape(server);
      expect(metric(after, 'apo_data_http_requests_total', labels) - metric(before, 'apo_data_http_requests_total', labels)).toBe(1);
      const zero = (t: string) => metric(t, 'apo_data_sql_statements_per_request_bucket', { route: 'graphql', le: '0' });
      // The cache reads the data version before it answers; nothing else runs.
      expect(operationStatements(ran)).toBe(0);
      expect(metric(after, 'apo_data_sql_statements_per_request_sum', { route: 'graphql' }) - metric(before, 'apo_data_sql_statements_per_request_sum', { route: 'graphql' })).toBe(0);
      expect(zero(after) - zero(before)).toBe(1);
      expect(metric(after, 'apo_data_response_cache_total', { outcome: 'hit' }) - metric(before, 'apo_data_response_cache_total', { outcome: 'hit' })).toBe(1);
    });

    it('reports the connection pool at scrape time: used, free and pending', async () => {
      const text = await scrape(server);
      for (const state of ['used', 'free', 'pending']) expect(text).toMatch(new RegExp(`^apo_data_db_pool_connections\\{state="${state}"\\} \\d+$`, 'm'));
      const release = await holdTransaction(server.em(), async (tx) => {
        await tx.getConnection().execute('select 1', [], 'all', tx.getTransactionContext());
      });
      try {
        expect(metric(await scrape(server), 'apo_data_db_pool_connections', { state: 'used' })).toBeGreaterThanOrEqual(1);
      } finally {
        await release();
      }
    });

    it('bounds the operation label: unnamed operations are `anonymous`, names past the cap are `other`', async () => {
      await postQuery(server.url, '{ __typename }', { 'x-vary': 'anon' });
      for (let i = 0; i < MAX_OPERATION_NAMES + 20; i++) await postQuery(server.url, `query Flood${i} { __typename }`);
      const text = await scrape(server);
      const names = new Set([...text.matchAll(/^apo_data_http_requests_total\{[^}]*operation="([^"]+)"/gm)].map((m) => m[1]));
      expect(names.has('anonymous')).toBe(true);
      expect(names.has('other')).toBe(true);
      expect(names.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 3); // + anonymous, other, none
    });
  });

  describe('request ids', () => {
    it('every answer has a fresh x-request-id, and a client\'s own is ignored when it is no trusted proxy', async () => {
      const a = await postQuery(server.url, '{ __typename }', { 'x-request-id': 'chosen-by-client' });
      const b = await raw(`${origin(server)}/healthz`, 'GET', {});
      const c = await raw(`${origin(server)}/nothing-here`, 'GET', {});
      const ids = [a, b, c].map((r) => r.headers['x-request-id']);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(new Set(ids).size).toBe(3);
    });
  });
});

describe('request ids from a trusted proxy (TRUST_PROXY)', () => {
  let proxied: TestServer;
  beforeAll(async () => { proxied = await startServer('sqlite', { TRUST_PROXY: 'loopback' }); });
  afterAll(() => proxied?.close());

  it('takes the x-request-id of a trusted proxy (here loopback), so one id follows the request', async () => {
    const r = await postQuery(proxied.url, '{ __typename }', { 'x-request-id': 'lb-4f1c2a' });
    expect(r.headers['x-request-id']).toBe('lb-4f1c2a');
  });

  it('replaces a malformed one, even from a trusted proxy', async () => {
    const r = await postQuery(proxied.url, '{ __typename }', { 'x-request-id': 'x'.repeat(300) });
    expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a proxy that is not the peer (TRUST_PROXY=10.0.0.0/8, the client on loopback) cannot set it', async () => {
    const other = await startServer('sqlite', { TRUST_PROXY: '10.0.0.0/8' });
    try {
      const r = await postQuery(other.url, '{ __typename }', { 'x-request-id': 'lb-4f1c2a' });
      expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await other.close();
    }
  });

  it('refuses a TRUST_PROXY that is not addresses', () => {
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.300' })).toThrow(/TRUST_PROXY/);
  });
});

describe('rate-limit refusals', () => {
  it('are counted by the budget that ran out', async () => {
    const limited = await startServer('sqlite', { RATE_LIMIT_REQUESTS_PER_MINUTE: '2' });
    try {
      const before = metric(await scrape(limited), 'apo_data_rate_limited_total', { by: 'requests' });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await postQuery(limited.url, '{ __typename }', { 'x-vary': String(i) })).status);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
      const after = await scrape(limited);
      expect(after.length).toBeGreaterThan(0);
      expect(metric(after, 'apo_data_rate_limited_total', { by: 'requests' }) - before).toBe(statuses.filter((s) => s === 429).length);
      expect(metric(after, 'apo_data_http_requests_total', { route: 'graphql', operation: 'none', outcome: 'RATE_LIMITED' })).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });
});

describe('logs', () => {
  it('the log lines of a request carry its request id, formatError\'s about its errors too', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>); done(); } });
    const db = await createTestDatabase('sqlite');
    const config = loadConfig({ ...db.env, PORT: '0', NODE_ENV: 'production', LOG_LEVEL: 'info' });
    let fail = false;
    const app = await createApp(config, {
      logger: createLogger('info', sink),
      onQuery: (sql) => {
        if (fail && /from [`"]?country/i.test(sql)) {
          fail = false;
          throw new Error('injected fault');
        }
      },
    });
    try {
      const url = await app.listen();
      fail = true;
      const r = await postQuery(url, '{ countries(first: 1) { nodes { code } } }');
      const id = r.headers['x-request-id'];
      const mine = lines.filter((l) => l.reqId === id);
      expect(mine.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'unexpected error while executing a GraphQL operation', 'request completed']));
      // No line of the request without it, none with it twice (a JSON object keeps the last of duplicate keys, so count in the text).
      expect(lines.filter((l) => l.msg === 'unexpected error while executing a GraphQL operation' && l.reqId !== id)).toEqual([]);
      expect(JSON.stringify(mine)).not.toMatch(/"reqId":"[^"]+","reqId"/);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
