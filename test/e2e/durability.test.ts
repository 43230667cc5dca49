import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorHeaders, queryRows, sqliteFileOf } from '../helpers/direct-db';
import { startProcess, type ServiceProcess } from '../helpers/process';
import { createTestDatabase, databases, type TestDatabase } from '../helpers/server';

// No acknowledged write is lost when the service is killed (SIGKILL: no handler runs, nothing is flushed on the
// way out). A burst of mutations goes to the built service (server/dist/main.js); at a random moment (seeded:
// DURABILITY_SEED replays a run) the process is killed, then started again on the same database, 20 times. After
// every restart: SQLite's integrity check passes; every mutation a client got a success for is stored, at least
// at the version acknowledged, with its audit event (record_change); and nothing is half-written: every record
// of the burst has the audit events of each of its versions, and no audit event lacks its record.

const TRIALS = Number(process.env.DURABILITY_TRIALS ?? 20);
const SEED = Number(process.env.DURABILITY_SEED ?? 20_261_201);
/** Clients sending mutations at the same time. */
const WRITERS = 6;

const CREATE = 'mutation ($input: CreateSourceInput!) { createSource(input: $input) { source { id title version } userErrors { message } } }';
const UPDATE = 'mutation ($input: UpdateSourceInput!) { updateSource(input: $input) { source { id title version } userErrors { message } } }';

/** A write the service acknowledged: the record, its title and its version as the success response gave them. */
interface Acknowledged {
  key: string;
  title: string;
  version: number;
}

interface SourceRow {
  id: string;
  title: string;
  version: number;
}

interface ChangeRow {
  record_id: string;
  record_version: number;
  operation: string;
}

/** mulberry32: a small seeded generator, so that a failing run can be replayed with its DURABILITY_SEED. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The database key inside a global ID (base64url of `Type:key`). */
const keyOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':').slice(1).join(':');

interface StoredSource {
  id: string;
  title: string;
  version: number;
}

type Payload = { source: StoredSource | null; userErrors: unknown[] } | undefined;

/** Sends one mutation; resolves to the stored source when the service answered with success, null otherwise (killed, refused). */
async function mutate(url: string, headers: Record<string, string>, query: string, input: Record<string, unknown>, field: string): Promise<StoredSource | null> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables: { input } }) });
    const body = JSON.parse(await res.text()) as { data?: Record<string, Payload>; errors?: unknown[] };
    const payload = body.data?.[field];
    return res.status === 200 && !body.errors && payload && payload.userErrors.length === 0 ? payload.source : null;
  } catch {
    return null; // the connection went with the process: not acknowledged
  }
}

/** One writer of the burst: creates sources and edits each once, until the service is gone; records every success. */
async function writer(url: string, headers: Record<string, string>, prefix: string, acknowledged: Acknowledged[], alive: () => boolean) {
  for (let n = 0; alive(); n++) {
    const created = await mutate(url, headers, CREATE, { title: `${prefix} n${n}` }, 'createSource');
    if (!created) continue;
    acknowledged.push({ key: keyOf(created.id), title: created.title, version: created.version });
    const edited = await mutate(url, headers, UPDATE, { id: created.id, version: created.version, title: `${created.title} (edited)` }, 'updateSource');
    if (edited) acknowledged.push({ key: keyOf(edited.id), title: edited.title, version: edited.version });
  }
}

describe.each(databases())('SIGKILL in the middle of a burst of mutations, on %s', (kind) => {
  let db: TestDatabase;
  let editor: Record<string, string>;
  let service: ServiceProcess | null = null;
  const actor = `durability-${kind}`;
  const env = () => ({ ...db.env, RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'info' });
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    editor = await editorHeaders(db.env.DATABASE_URL, actor);
  });
  afterAll(async () => {
    service?.child.kill('SIGKILL');
    await service?.exited;
    await db?.drop();
  });

  /** What a restarted service finds: a sound file, every acknowledged write, and each record whole, with its audit trail. */
  async function expectDurable(acknowledged: Acknowledged[], trial: string) {
    const url = db.env.DATABASE_URL;
    if (sqliteFileOf(url)) {
      expect(await queryRows(url, 'pragma integrity_check'), trial).toEqual([{ integrity_check: 'ok' }]);
      expect(await queryRows(url, 'pragma foreign_key_check'), trial).toEqual([]);
    }
    const sources = new Map((await queryRows<SourceRow>(url, "select id, title, version from source where title like 'durable %'")).map((r) => [r.id, r]));
    const changes = await queryRows<ChangeRow>(url, "select record_id, record_version, operation from record_change where record_type = 'Source' and actor = ?", [actor]);
    const versionsOf = new Map<string, number[]>();
    for (const c of changes) versionsOf.set(c.record_id, [...(versionsOf.get(c.record_id) ?? []), Number(c.record_version)]);
    for (const ack of acknowledged) {
      const row = sources.get(ack.key);
      expect(row, `${trial}: acknowledged ${ack.title} (v${ack.version}) is missing`).toBeDefined();
      expect(Number(row!.version), `${trial}: ${ack.title}`).toBeGreaterThanOrEqual(ack.version);
      if (Number(row!.version) === ack.version) expect(row!.title).toBe(ack.title);
      expect(versionsOf.get(ack.key), `${trial}: the audit event of ${ack.title} v${ack.version}`).toContain(ack.version);
    }
    // Whole or absent, acknowledged or not: a record has an audit event for each of its versions, an event has its record.
    for (const row of sources.values()) {
      const versions = [...(versionsOf.get(row.id) ?? [])].sort((a, b) => a - b);
      expect(versions, `${trial}: the audit trail of ${row.title}`).toEqual(Array.from({ length: Number(row.version) }, (_, i) => i + 1));
    }
    for (const id of versionsOf.keys()) expect(sources.has(id), `${trial}: an audit event without its record ${id}`).toBe(true);
  }

  it(`${TRIALS} kills at random moments lose no acknowledged write and leave nothing half-written`, async () => {
    const random = seeded(SEED + (kind === 'sqlite' ? 0 : 1));
    const acknowledged: Acknowledged[] = [];
    service = await startProcess(env());
    for (let trial = 1; trial <= TRIALS; trial++) {
      const running = service;
      let alive = true;
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(running.url, editor, `durable ${kind} t${trial} w${w}`, acknowledged, () => alive));
      // Anywhere from the first mutations to well into the burst.
      const killAfterMs = 30 + Math.floor(random() * 600);
      await new Promise((r) => setTimeout(r, killAfterMs));
      running.child.kill('SIGKILL');
      await running.exited;
      alive = false;
      await Promise.all(writers);
      service = await startProcess(env());
      await expectDurable(acknowledged, `trial ${trial} (seed ${SEED}, killed after ${killAfterMs} ms)`);
    }
    // The trials did write: a kill that always came before the first answer would prove nothing.
    expect(acknowledged.length).toBeGreaterThan(TRIALS * WRITERS);
    // And the service serves the data it found.
    const res = await fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ sources(first: 1) { totalCount } }' }) });
    expect(((await res.json()) as { data: { sources: { totalCount: number } } }).data.sources.totalCount).toBeGreaterThanOrEqual(new Set(acknowledged.map((a) => a.key)).size);
  }, 180_000);
});
