import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRole } from '../../server/src/modules/auth/auth.types';
import { generateToken, issueToken } from '../../server/src/modules/auth/token.service';
import { runScript, startProcess, stopProcess, type ServiceProcess } from '../helpers/process';
import { createTestDatabase, databases, startServer, type TestDatabase, type TestServer } from '../helpers/server';

// API tokens and roles over real HTTP: who may ask what, and that a bad, unknown or revoked token is refused
// before anything answers, the response cache included.

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string } }> };
  /** The SQL statements the server ran for this request. */
  sql: string[];
}

/** POSTs `query` to `url` (default: the server's /graphql) with `authorization` as the header, when given. */
async function ask(server: TestServer, query: string, authorization?: string, url = server.url): Promise<Answer> {
  const before = server.statements.length;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) };
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : {}, sql: server.statements.slice(before) };
}

const bearer = (token: string) => `Bearer ${token}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A refusal of the whole request: HTTP 401, UNAUTHENTICATED, no data, and the Bearer challenge. */
function expectUnauthenticated(answer: Answer) {
  expect(answer.status, answer.text).toBe(401);
  expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="apo-data"/);
  expect(Object.keys(answer.body)).toEqual(['errors']);
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
}

/** The one error of a field refused by its role check, which leaves the rest of the request alone (HTTP 200). */
function expectFieldError(answer: Answer, field: string, code: string) {
  expect(answer.status).toBe(200);
  expect(answer.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[[field], code]]);
}

const COUNTRIES = '{ countries(first: 3) { nodes { code } } }';
const VIEWER = '{ viewer { name role } }';
const TOKENS = '{ apiTokens { name role createdAt revokedAt } }';

describe('tokens', () => {
  it('are apo_ and 43 base62 characters (256 bits) from a uniform source', () => {
    expect(43 * Math.log2(62)).toBeGreaterThanOrEqual(256);
    const tokens = Array.from({ length: 2000 }, generateToken);
    for (const t of tokens) expect(t).toMatch(/^apo_[A-Za-z0-9]{43}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    const counts = new Map<string, number>();
    for (const t of tokens) for (const c of t.slice(4)) counts.set(c, (counts.get(c) ?? 0) + 1);
    // Every symbol turns up, none far from its share (2000 × 43 / 62 ≈ 1387, standard deviation ≈ 37).
    expect(counts.size).toBe(62);
    const shares = [...counts.values()].map((n) => n / ((tokens.length * 43) / 62));
    expect(Math.min(...shares)).toBeGreaterThan(0.8);
    expect(Math.max(...shares)).toBeLessThan(1.2);
  });
});

describe.each(databases())('on %s', (kind) => {
  let database: TestDatabase;
  let server: TestServer;
  let closed: TestServer;
  const tokens: Partial<Record<'reader' | 'editor' | 'admin', string>> = {};

  /** A new token with this role, stored as the CLI would store it (the CLI itself is tested in test/e2e/token-cli.test.ts). */
  const mint = async (name: string, role: ApiRole) => (await issueToken(server.em(), name, role)).token;
  /** Runs `npm run token -- <args>` on the test database, as an operator would beside the running service. */
  const cli = (...args: string[]) => runScript('token', args, database.env);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database);
    // The same database, served by an instance that allows no anonymous reads.
    closed = await startServer(database, { APO_DATA_ANONYMOUS_READS: 'false' });
    tokens.reader = await mint('reader', ApiRole.READER);
    tokens.editor = await mint('editor', ApiRole.EDITOR);
    tokens.admin = await mint('admin', ApiRole.ADMIN);
  });
  afterAll(async () => {
    await closed?.close();
    await server?.close();
    await database?.drop();
  });

  it('the CLI prints a new token alone on its last line, and the database keeps only its SHA-256', async () => {
    const created = await cli('create', '--name', 'stored-as-hash', '--role', 'reader');
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trimEnd().split('\n').at(-1)!;
    expect(token).toMatch(/^apo_[A-Za-z0-9]{43}$/);
    const rows = await server.em().getConnection().execute<Array<Record<string, unknown>>>(`select * from api_token where name = 'stored-as-hash'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'READER', token_hash: sha256(token), revoked_at: null });
    expect(Object.keys(rows[0]).sort()).toEqual(['created_at', 'id', 'name', 'revoked_at', 'role', 'token_hash']);
    const everything = JSON.stringify(await server.em().getConnection().execute('select * from api_token'));
    expect(everything).not.toContain(token.slice(4));
    expect((await ask(server, VIEWER, bearer(token))).body.data).toEqual({ viewer: { name: 'stored-as-hash', role: 'READER' } });
  });

  it('an anonymous request reads by default; its viewer is null', async () => {
    const answer = await ask(server, `{ viewer { name } countries(first: 1) { nodes { code } } }`);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ viewer: null, countries: { nodes: [{ code: expect.any(String) }] } });
  });

  it('viewer names the token and its role', async () => {
    for (const [name, role] of [['reader', 'READER'], ['editor', 'EDITOR'], ['admin', 'ADMIN']] as const) {
      expect((await ask(server, VIEWER, bearer(tokens[name]!))).body.data).toEqual({ viewer: { name, role } });
    }
  });

  it.each([
    ['an unknown token', () => bearer(generateToken())],
    ['a token of another shape', () => 'Bearer ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'],
    ['a token cut short', () => bearer(tokens.reader!.slice(0, -1))],
    ['another scheme', () => `Basic ${Buffer.from('admin:secret').toString('base64')}`],
    ['the scheme alone', () => 'Bearer'],
    ['the token without the scheme', () => tokens.reader!],
    ['two tokens', () => `Bearer ${tokens.reader} ${tokens.admin}`],
  ])('%s is refused with HTTP 401 UNAUTHENTICATED, on /graphql and the export', async (_case, header) => {
    const answer = await ask(server, COUNTRIES, header());
    expectUnauthenticated(answer);
    // At most the token's lookup ran: nothing was answered.
    expect(answer.sql.filter((sql) => !sql.includes('api_token'))).toEqual([]);
    expectUnauthenticated(await ask(server, COUNTRIES, header(), `${server.url}/export?format=csv`));
  });

  it('a GET with a bad token is refused too; a GET without an operation (the IDE page) needs none', async () => {
    const url = `${server.url}?query=${encodeURIComponent(COUNTRIES)}`;
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true', authorization: bearer(generateToken()) } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Answer['body']).errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    const page = await fetch(closed.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('a READER or EDITOR asking for apiTokens gets FORBIDDEN, anonymous UNAUTHENTICATED, and the rest of the answer', async () => {
    for (const role of ['reader', 'editor'] as const) {
      const answer = await ask(server, `{ viewer { role } apiTokens { name } }`, bearer(tokens[role]!));
      expectFieldError(answer, 'apiTokens', 'FORBIDDEN');
      expect(answer.body.errors![0].message).toMatch(/ADMIN/);
      expect(answer.body.data).toBeNull(); // apiTokens is non-null, so its error nulls the whole data
    }
    const anonymous = await ask(server, `{ apiTokens { name } }`);
    expectFieldError(anonymous, 'apiTokens', 'UNAUTHENTICATED');
  });

  it('an ADMIN gets every token with its role and dates, never a token or a hash, and never from a cache', async () => {
    const first = await ask(server, TOKENS, bearer(tokens.admin!));
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const listed = (first.body.data as { apiTokens: Array<Record<string, unknown>> }).apiTokens;
    expect(listed).toEqual(expect.arrayContaining([
      { name: 'reader', role: 'READER', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), revokedAt: null },
      { name: 'editor', role: 'EDITOR', createdAt: expect.any(String), revokedAt: null },
      { name: 'admin', role: 'ADMIN', createdAt: expect.any(String), revokedAt: null },
    ]));
    for (const token of Object.values(tokens)) {
      expect(first.text).not.toContain(token!.slice(4));
      expect(first.text).not.toContain(sha256(token!));
    }
    // The type has no field that could carry a secret.
    const type = await ask(server, `{ __type(name: "ApiToken") { fields { name } } }`);
    expect((type.body.data as { __type: { fields: Array<{ name: string }> } }).__type.fields.map((f) => f.name).sort()).toEqual(['createdAt', 'name', 'revokedAt', 'role']);
    // Token writes do not raise the data version, so the list must be read again every time.
    await mint('listed-later', ApiRole.EDITOR);
    const again = await ask(server, TOKENS, bearer(tokens.admin!));
    expect((again.body.data as { apiTokens: Array<{ name: string }> }).apiTokens.map((t) => t.name)).toContain('listed-later');
  });

  it('with APO_DATA_ANONYMOUS_READS=false an anonymous request is refused with 401, on /graphql and the export; a token reads', async () => {
    const anonymous = await ask(closed, COUNTRIES);
    expectUnauthenticated(anonymous);
    expect(anonymous.sql).toEqual([]);
    expectUnauthenticated(await ask(closed, COUNTRIES, undefined, `${closed.url}/export?format=csv`));
    expect((await ask(closed, COUNTRIES, bearer(tokens.reader!))).body.data).toEqual({ countries: { nodes: expect.any(Array) } });
    const exported = await ask(closed, COUNTRIES, bearer(tokens.reader!), `${closed.url}/export?format=csv`);
    expect(exported.status).toBe(200);
    expect(exported.text.split('\n')[0]).toBe('code');
  });

  it('the same query cached for a token is not served to an anonymous request when anonymous reads are off', async () => {
    const query = '{ countries(first: 4) { nodes { code name } } }';
    await ask(closed, query, bearer(tokens.editor!));
    const cached = await ask(closed, query, bearer(tokens.editor!));
    expect(cached.sql).toHaveLength(1); // the token lookup; the answer itself came from the cache
    expect(cached.sql[0]).toMatch(/api_token/);
    const anonymous = await ask(closed, query);
    expectUnauthenticated(anonymous);
    expect(anonymous.sql).toEqual([]);
  });

  it('a token revoked through the CLI stops working on the next request, cached answers included, on every instance', async () => {
    const token = await mint('revoked-by-cli', ApiRole.READER);
    // A second service process on the same database, which has answered with the token before.
    const other: ServiceProcess = await startProcess({ ...database.env, APO_DATA_SEED: 'false' });
    try {
      const otherAsk = async () => {
        const res = await fetch(other.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(token) }, body: JSON.stringify({ query: COUNTRIES }) });
        return { status: res.status, body: (await res.json()) as Answer['body'] };
      };
      for (let i = 0; i < 2; i++) expect((await otherAsk()).status).toBe(200);
      await ask(server, COUNTRIES, bearer(token));
      const cached = await ask(server, COUNTRIES, bearer(token));
      expect(cached.status).toBe(200);
      expect(cached.sql).toHaveLength(1); // served from the response cache

      const revoked = await cli('revoke', 'revoked-by-cli');
      expect(revoked.code, revoked.stderr).toBe(0);

      const refused = await ask(server, COUNTRIES, bearer(token));
      expectUnauthenticated(refused);
      expect(refused.body.errors![0].message).toMatch(/revoked/);
      const elsewhere = await otherAsk();
      expect(elsewhere.status).toBe(401);
      expect(elsewhere.body.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
      // Other tokens are untouched, and the list says when this one was revoked.
      expect((await ask(server, COUNTRIES, bearer(tokens.reader!))).status).toBe(200);
      const listed = await ask(server, TOKENS, bearer(tokens.admin!));
      const entry = (listed.body.data as { apiTokens: Array<{ name: string; revokedAt: string | null }> }).apiTokens.find((t) => t.name === 'revoked-by-cli');
      expect(entry?.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    } finally {
      await stopProcess(other);
    }
  });

  it.runIf(kind === 'postgresql')('the hand-written migration matches the entity: a schema diff leaves api_token alone', async () => {
    const diff = await server.app.orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.split('\n').filter((line) => line.includes('api_token'))).toEqual([]);
  });
});
