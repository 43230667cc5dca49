import type { SqlEntityManager } from '@mikro-orm/knex';
import { knex, type Knex } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FundingGrant } from '../../server/src/modules/grant/grant.entity';
import { GrantStatus } from '../../server/src/modules/grant/grant.types';
import { holdWriteLock, queryRows } from '../helpers/direct-db';
import { createPostgresDatabase, startEmbeddedPostgres, type RestartablePostgres } from '../helpers/postgres';
import { databases, roleHeaders, startServer, type GraphQLError, type TestServer } from '../helpers/server';

// Database faults as a client and an operator meet them, over real HTTP: SQLite locked by another connection
// (retried, then SERVICE_UNAVAILABLE 503), a PostgreSQL statement timeout (TIMEOUT 504), and a PostgreSQL server
// lost in the middle of requests and brought back (503 with Retry-After while it is away, answers again after,
// without a restart). No error shows the driver's words, SQL or a file path.

const CREATE_SOURCE = 'mutation ($input: CreateSourceInput!) { createSource(input: $input) { source { id title version } userErrors { message code } } }';
const GRANTS = '{ grants(first: 5) { totalCount nodes { id title } } }';
/** A read that takes a while: every meeting with its participants, and a page of grants with their donors. */
const SLOW_READ = '{ meetings { nodes { participants { country { name } person { name } } decisions { programs { title } } } } grants(first: 100) { nodes { title donor { name } } } }';
const EXPORTED_GRANTS = 1500;

/** These tests are about faults, not about budgets: the rate limits stay out of the way. */
const NO_RATE_LIMIT = { RATE_LIMIT_ENABLED: 'false' };

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: Record<string, unknown> | null; errors?: GraphQLError[] };
}

async function post(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Answer['body'] };
}

/** The coded, retryable answer of a request that failed on the database, with nothing of the driver's in it. */
function expectUnavailable(answer: Answer) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(503);
  expect(answer.retryAfter).toMatch(/^[1-9]\d*$/);
  expect(answer.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  expectNothingInternal(answer);
}

function expectNothingInternal(answer: Answer) {
  const text = JSON.stringify(answer.body);
  expect(text).not.toMatch(/SQLITE|sqlite|select |insert |update "|from "|\/tmp\/|\.sqlite|ECONN|57P0|Connection terminated|DriverException|stacktrace/i);
}

const created = (answer: Answer) => (answer.body.data?.createSource as { source: { id: string; title: string } | null } | undefined)?.source ?? null;

/** The knex pool of the server's ORM: how many connections requests hold right now. */
const poolInUse = (server: TestServer) => (server.app.orm.em as SqlEntityManager).getConnection().getKnex().client.pool.numUsed() as number;

describe('SQLite locked by another connection (BEGIN EXCLUSIVE)', () => {
  let server: TestServer;
  let editor: Record<string, string>;
  beforeAll(async () => {
    server = await startServer('sqlite', { ...NO_RATE_LIMIT, SQLITE_LOCK_WAIT_MS: '700' });
    editor = (await roleHeaders(server, 'faults-sqlite')).editor;
  });
  const count = async (sql: string, title: string) => (await queryRows<{ n: number }>(server.database.env.DATABASE_URL, sql, [title]))[0].n;
  afterAll(() => server?.close());

  it('a lock released within the lock wait: the mutation is retried and succeeds, written once', async () => {
    const release = await holdWriteLock(server.database.env.DATABASE_URL, 'source');
    // Released after the first attempts have failed (busy_timeout is 10 ms), well within SQLITE_LOCK_WAIT_MS.
    const released = new Promise((resolve) => setTimeout(() => resolve(release()), 300));
    const started = Date.now();
    const answer = await post(server.url, CREATE_SOURCE, { input: { title: 'Retried past a lock' } }, editor);
    await released;
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(created(answer)?.title).toBe('Retried past a lock');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await count('select count(*) as n from source where title = ?', 'Retried past a lock')).toBe(1);
    expect(await count("select count(*) as n from record_change where record_id = (select id from source where title = ?) and operation = 'CREATE'", 'Retried past a lock')).toBe(1);
  });

  it('a lock held past the lock wait: SERVICE_UNAVAILABLE 503 with Retry-After, nothing written; reads and health go on meanwhile', async () => {
    const release = await holdWriteLock(server.database.env.DATABASE_URL, 'source');
    try {
      const started = Date.now();
      const write = post(server.url, CREATE_SOURCE, { input: { title: 'Refused under a lock' } }, editor);
      // While the write waits, the process keeps answering: the waits between attempts do not block the event loop.
      const health = Date.now();
      expect((await fetch(server.url.replace('/graphql', '/healthz'))).status).toBe(200);
      expect(Date.now() - health).toBeLessThan(300);
      const read = await post(server.url, '{ countries { totalCount } }');
      expect(read.body).toMatchObject({ data: { countries: { totalCount: 21 } } });
      const answer = await write;
      expectUnavailable(answer);
      expect(Date.now() - started).toBeGreaterThanOrEqual(650);
    } finally {
      await release();
    }
    const again = await post(server.url, CREATE_SOURCE, { input: { title: 'Refused under a lock' } }, editor);
    expect(created(again)?.title).toBe('Refused under a lock');
    expect(await count('select count(*) as n from source where title = ?', 'Refused under a lock')).toBe(1);
  });
});

describe.skipIf(!inject('databases').postgres)('PostgreSQL statement timeout (SQLSTATE 57014)', () => {
  let server: TestServer;
  let other: Knex;
  beforeAll(async () => {
    server = await startServer('postgresql', { ...NO_RATE_LIMIT, DATABASE_STATEMENT_TIMEOUT_MS: '400', APO_DATA_RESPONSE_CACHE: 'false' });
    other = knex({ client: 'pg', connection: server.database.env.DATABASE_URL, pool: { min: 0, max: 1 } });
  });
  afterAll(async () => {
    await other?.destroy();
    await server?.close();
  });

  it('a query stopped by statement_timeout is TIMEOUT 504, without Retry-After; the next one is answered', async () => {
    // Another session holds a lock the query must wait for, so the query outlasts the timeout for sure.
    const tx = await other.transaction();
    await tx.raw('lock table funding_grant in access exclusive mode');
    let answer: Answer;
    try {
      answer = await post(server.url, GRANTS);
    } finally {
      await tx.rollback();
    }
    expect(answer.status, JSON.stringify(answer.body)).toBe(504);
    expect(answer.retryAfter).toBeNull();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
    expectNothingInternal(answer);
    const after = await post(server.url, GRANTS);
    expect(after.status).toBe(200);
    expect(after.body.errors).toBeUndefined();
  });
});

describe.skipIf(!inject('databases').postgres)('PostgreSQL lost in the middle of requests, then back', () => {
  let pg: RestartablePostgres;
  let server: TestServer;
  let editor: Record<string, string>;
  beforeAll(async () => {
    // A server of this test's own: stopping it must not take the other tests' databases away.
    pg = await startEmbeddedPostgres({ restartable: true });
    const url = await createPostgresDatabase(pg.adminUrl, 'apo_faults');
    server = await startServer({ kind: 'postgresql', env: { DATABASE_URL: url }, drop: async () => undefined }, NO_RATE_LIMIT);
    editor = (await roleHeaders(server, 'faults-pg')).editor;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await pg?.stop();
  });

  it('requests get SERVICE_UNAVAILABLE 503 while it is away; the process answers again once it is back, without a restart', async () => {
    let n = 0;
    let running = true;
    const answers: Answer[] = [];
    const failures: unknown[] = [];
    // Four clients sending reads and writes without pause, through the outage and after.
    const client = async () => {
      while (running) {
        const i = n++;
        const request = i % 3 === 0
          ? post(server.url, CREATE_SOURCE, { input: { title: `During the outage ${i}` } }, editor)
          : post(server.url, `{ sources(first: ${1 + (i % 50)}) { totalCount nodes { id } } }`);
        await request.then((a) => answers.push(a), (err) => failures.push(err));
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await new Promise((r) => setTimeout(r, 300));
    await pg.pause();
    await new Promise((r) => setTimeout(r, 1000));
    const ready = await fetch(server.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(503);
    const duringOutage = answers.length;
    await pg.resume();
    // Back: within a few seconds every request is answered again, by the same process.
    const deadline = Date.now() + 15_000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      const read = await post(server.url, '{ countries { totalCount } }');
      recovered = read.status === 200 && !read.body.errors;
      if (!recovered) await new Promise((r) => setTimeout(r, 200));
    }
    expect(recovered).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    running = false;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    const unavailable = answers.filter((a) => a.status !== 200);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const a of unavailable) expectUnavailable(a);
    // Every other answer is a whole one: data, no errors.
    for (const a of answers.filter((x) => x.status === 200)) expect(a.body.errors, JSON.stringify(a.body.errors)).toBeUndefined();
    expect(answers.length).toBeGreaterThan(duringOutage);
    const write = await post(server.url, CREATE_SOURCE, { input: { title: 'After the outage' } }, editor);
    expect(created(write)?.title).toBe('After the outage');
    expect(poolInUse(server)).toBe(0);
  }, 60_000);
});

describe.each(databases())('a client that goes away mid-request or mid-export, on %s', (kind) => {
  let server: TestServer;
  let editor: Record<string, string>;
  beforeAll(async () => {
    server = await startServer(kind, { ...NO_RATE_LIMIT, APO_DATA_RESPONSE_CACHE: 'false' });
    editor = (await roleHeaders(server, `faults-gone-${kind}`)).editor;
    // Enough grants for an export of many pages (100 rows each).
    const em = server.em();
    for (let i = 0; i < EXPORTED_GRANTS; i++) em.create(FundingGrant, { id: `gone-${String(i).padStart(4, '0')}`, title: `Grant ${i}`, donor: 'government-of-japan', status: GrantStatus.COMMITTED } as never);
    await em.flush();
  }, 60_000);
  afterAll(() => server?.close());

  /** Sends a request that the caller hangs up with `hangUp()`; `settled` resolves however it ends. */
  function hangingUp(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
    const controller = new AbortController();
    const settled = fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }), signal: controller.signal })
      .then((res) => res.text())
      .catch(() => undefined);
    return { hangUp: () => controller.abort(), settled };
  }

  /** What a leak would leave: requests still counted, pooled connections held, PostgreSQL sessions idle in a transaction. */
  async function expectNothingHeld() {
    const deadline = Date.now() + 10_000;
    while (server.app.requestsInFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(server.app.requestsInFlight()).toBe(0);
    expect(poolInUse(server)).toBe(0);
    if (kind === 'postgresql') {
      const rows = await server.em().getConnection().execute<Array<{ n: string }>>(
        "select count(*) as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%' and pid <> pg_backend_pid()",
      );
      expect(Number(rows[0].n)).toBe(0);
    }
  }

  /**
   * Whether `n` writes have reached the database: on PostgreSQL, n sessions wait for a lock (the table's, or the
   * change feed's advisory lock behind it); on SQLite, in one process, n requests are counted and have had time to
   * send their small bodies (its writes take turns on one connection, retrying while the file is locked).
   */
  async function writesWaiting(n: number): Promise<boolean> {
    if (kind === 'sqlite') {
      if (server.app.requestsInFlight() < n) return false;
      await new Promise((r) => setTimeout(r, 300));
      return true;
    }
    const rows = await server.em().getConnection().execute<Array<{ n: string }>>(
      "select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
    return Number(rows[0].n) >= n;
  }

  it('mid-request: reads and mutations run to their end after their clients left; no transaction left open, no pooled connection held', async () => {
    // The writes wait for a lock, so that their clients hang up while they are surely running.
    const release = await holdWriteLock(server.database.env.DATABASE_URL, 'source');
    const titles = Array.from({ length: 6 }, (_, i) => `Hung up ${kind} ${i}`);
    let requests: Array<ReturnType<typeof hangingUp>> = [];
    let runningAfterHangUp = 0;
    try {
      requests = [...titles.map((title) => hangingUp(CREATE_SOURCE, { input: { title } }, editor)), ...titles.map(() => hangingUp(SLOW_READ))];
      // Hang up once every write has reached the database (a request hung up before its body was read never runs).
      const busy = Date.now() + 10_000;
      while (!(await writesWaiting(titles.length)) && Date.now() < busy) await new Promise((r) => setTimeout(r, 5));
      for (const r of requests) r.hangUp();
      await Promise.all(requests.map((r) => r.settled));
      runningAfterHangUp = server.app.requestsInFlight();
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await release();
    }
    await expectNothingHeld();
    // The handlers outlived their clients and were counted as in flight meanwhile; each write is whole, with its audit event.
    expect(runningAfterHangUp).toBeGreaterThanOrEqual(titles.length);
    const rows = await queryRows<{ id: string; title: string }>(server.database.env.DATABASE_URL, `select id, title from source where title like 'Hung up ${kind} %'`);
    expect(rows.map((r) => r.title).sort()).toEqual(titles);
    const audited = await queryRows<{ record_id: string }>(
      server.database.env.DATABASE_URL, "select record_id from record_change where record_type = 'Source' and operation = 'CREATE' and actor = ?", [`faults-gone-${kind}-editor`],
    );
    expect(audited.map((r) => r.record_id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect((await post(server.url, '{ countries { totalCount } }')).status).toBe(200);
  });

  it('mid-export: the paging stops, no transaction left open, no pooled connection held', async () => {
    const before = server.statements.length;
    const controller = new AbortController();
    const res = await fetch(`${server.url}/export?format=ndjson`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ grants(first: 5) { nodes { id title donor { name } } } }' }), signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort();
    await reader.read().catch(() => undefined);
    await expectNothingHeld();
    const pages = server.statements.slice(before).filter((sql) => /from "funding_grant"/.test(sql)).length;
    // Paged lazily as the client reads: a client gone after the first chunk does not make it read all the pages.
    expect(pages).toBeLessThan(EXPORTED_GRANTS / 100);
    expect((await post(server.url, '{ countries { totalCount } }')).status).toBe(200);
  });
});
