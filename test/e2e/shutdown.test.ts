import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorHeaders, holdWriteLock, queryRows } from '../helpers/direct-db';
import { startProcess, type ServiceProcess } from '../helpers/process';
import { createTestDatabase, databases, type TestDatabase } from '../helpers/server';

// SIGTERM to the built service (server/dist/main.js) as an orchestrator sends it: it takes no new requests,
// finishes those in flight, those whose client has already hung up included, closes the database and exits 0,
// also under load. Nothing is cut short: no "DriverException: aborted" (the database closed under a running
// request), no error line, every response a client receives is whole. A second SIGTERM, or requests still
// running after APO_DATA_SHUTDOWN_TIMEOUT_MS, exit 1 at once, saying so.

const CREATE_SOURCE = 'mutation ($input: CreateSourceInput!) { createSource(input: $input) { source { id title } userErrors { message } } }';
const SLOW_READ = '{ meetings { nodes { participants { country { name } person { name } } decisions { programs { title } } } } grants(first: 100) { nodes { title donor { name } } } }';

interface Received {
  status: number;
  body: { data?: Record<string, unknown>; errors?: Array<{ extensions?: { code?: string } }> };
}

/** Sends a request; resolves to its whole answer, or to null when the client hung up or could not connect. */
function send(url: string, query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>, signal?: AbortSignal): Promise<Received | null> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }), signal })
    .then(async (res) => ({ status: res.status, body: JSON.parse(await res.text()) as Received['body'] }))
    .catch((err: unknown) => {
      // A response cut short would show up as a body that does not parse: that is a failure, not a hang-up.
      if (err instanceof SyntaxError) throw err;
      return null;
    });
}

/** These tests are about stopping, not about budgets: the rate limits stay out of the way. */
const NO_RATE_LIMIT = { RATE_LIMIT_ENABLED: 'false' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean | Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(5);
  }
}

/** Log lines the service wrote that say something was cut short or failed. */
const troubleIn = (log: string) => log.split('\n').filter((line) => /aborted|DriverException|"level":50|"level":60/.test(line));

const incoming = (service: ServiceProcess) => (service.log().match(/incoming request/g) ?? []).length;

describe.each(databases())('SIGTERM under load, on %s', (kind) => {
  let db: TestDatabase;
  let editor: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    editor = await editorHeaders(db.env.DATABASE_URL, `shutdown-${kind}`);
  });
  afterAll(() => db?.drop());

  it('finishes every request in flight, those of clients gone included, then closes the database and exits 0', async () => {
    const service = await startProcess({ ...db.env, ...NO_RATE_LIMIT, SQLITE_LOCK_WAIT_MS: '20000' });
    // Writes wait for a lock held elsewhere, so that they are surely running when the signal comes.
    const release = await holdWriteLock(db.env.DATABASE_URL, 'source');
    let released = false;
    try {
      const titles = Array.from({ length: 12 }, (_, i) => `Stopping ${kind} ${i}`);
      const gone = Array.from({ length: 6 }, (_, i) => `Hung up on stop ${kind} ${i}`);
      // First writes whose clients hang up once the service has read them (a request hung up before its body was
      // read never runs), then the load the signal comes in the middle of.
      const hangUp = new AbortController();
      const abandoned = gone.map((title) => send(service.url, CREATE_SOURCE, { input: { title } }, editor, hangUp.signal));
      await until(() => incoming(service) >= abandoned.length);
      await sleep(500);
      hangUp.abort();
      await Promise.all(abandoned);
      const kept = [
        ...titles.map((title) => send(service.url, CREATE_SOURCE, { input: { title } }, editor)),
        ...Array.from({ length: 30 }, () => send(service.url, SLOW_READ, undefined, {})),
      ];
      await until(() => incoming(service) >= kept.length + abandoned.length);
      service.child.kill('SIGTERM');
      await until(() => /SIGTERM: taking no new requests/.test(service.log()));
      // Asked after the signal: refused, in the API's error shape, or not connected at all.
      const late = await send(service.url, '{ countries { totalCount } }', undefined, {});
      await sleep(300);
      await release();
      released = true;
      const answers = await Promise.all(kept);
      expect(await service.exited, service.log().slice(-3000)).toBe(0);

      expect(troubleIn(service.log())).toEqual([]);
      for (const answer of answers) {
        expect(answer, 'a client in flight lost its answer').not.toBeNull();
        expect(answer!.status, JSON.stringify(answer!.body)).toBe(200);
        expect(answer!.body.errors).toBeUndefined();
      }
      if (late) {
        expect(late.status).toBe(503);
        expect(late.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      }
      // Every write finished and was stored with its audit event, also those whose client had hung up.
      const stored = await queryRows<{ id: string; title: string }>(db.env.DATABASE_URL, "select id, title from source where title like 'Stopping %' or title like 'Hung up on stop %'");
      expect(stored.map((r) => r.title).sort()).toEqual([...titles, ...gone].sort());
      const audited = await queryRows<{ record_id: string }>(db.env.DATABASE_URL, "select record_id from record_change where operation = 'CREATE' and record_type = 'Source' and actor = ?", [`shutdown-${kind}`]);
      expect(audited.map((r) => r.record_id).sort()).toEqual(stored.map((r) => r.id).sort());
      expect(service.log()).toMatch(/stopped: every request finished and the database closed/);
    } finally {
      if (!released) await release();
      service.child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('a stop that cannot finish', () => {
  let db: TestDatabase;
  let editor: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    editor = await editorHeaders(db.env.DATABASE_URL, 'shutdown-forced');
  });
  afterAll(() => db?.drop());

  /** A service with a write stuck behind a lock that is never released while it stops. */
  async function withStuckWrite(env: Record<string, string>, stop: (service: ServiceProcess) => Promise<void>) {
    const service = await startProcess({ ...db.env, ...NO_RATE_LIMIT, SQLITE_LOCK_WAIT_MS: '30000', ...env });
    const release = await holdWriteLock(db.env.DATABASE_URL, 'source');
    try {
      const stuck = send(service.url, CREATE_SOURCE, { input: { title: 'Stuck' } }, editor);
      await until(() => incoming(service) >= 1);
      await sleep(200);
      await stop(service);
      await stuck;
    } finally {
      await release();
      service.child.kill('SIGKILL');
    }
  }

  it('a second SIGTERM exits 1 at once, saying how many requests are left unfinished', async () => {
    await withStuckWrite({}, async (service) => {
      service.child.kill('SIGTERM');
      await until(() => /SIGTERM: taking no new requests/.test(service.log()));
      const second = Date.now();
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(1);
      expect(Date.now() - second).toBeLessThan(2_000);
      expect(service.log()).toMatch(/SIGTERM while stopping after SIGTERM: exiting now, with 1 request\(s\) unfinished/);
    });
  });

  it('requests still running at APO_DATA_SHUTDOWN_TIMEOUT_MS: exit 1, saying so', async () => {
    await withStuckWrite({ APO_DATA_SHUTDOWN_TIMEOUT_MS: '700' }, async (service) => {
      const signalled = Date.now();
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(1);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(650);
      expect(service.log()).toMatch(/1 request\(s\) still running 700 ms after SIGTERM \(APO_DATA_SHUTDOWN_TIMEOUT_MS\)/);
    });
  });
});
