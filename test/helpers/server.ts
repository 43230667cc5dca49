import type { EntityManager } from '@mikro-orm/core';
import { expect } from 'vitest';
import { createApp, type App } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { ApiRole } from '../../server/src/modules/auth/auth.types';
import { issueToken } from '../../server/src/modules/auth/token.service';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases';

export { createTestDatabase, databases, type DatabaseKind, type TestDatabase } from './databases';

/** One GraphQL error as the server sends it. */
export interface GraphQLError {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

/** `T` is the shape of `data` the caller expects; left out, `data` is `unknown` and must be narrowed. */
export interface GraphQLResponse<T = unknown> {
  status: number;
  body: { data?: T; errors?: GraphQLError[] };
}

export interface TestServer {
  url: string;
  app: App;
  /** The database it serves. */
  database: TestDatabase;
  /** A fresh EntityManager on the server's database, for arranging data the dataset lacks. */
  em(): EntityManager;
  gql<T = unknown>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Runs `query`, fails the test on any GraphQL error, and returns `data`. */
  data<T = unknown>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** SQL statements the server has run so far. */
  statements: string[];
  /** Injects a fault: from now on, the server's next SQL statement matching `pattern` fails (after it ran), once. */
  failNext(pattern: RegExp): void;
  close(): Promise<void>;
}

/**
 * Starts the real service on a free port and talks to it over HTTP. Given a database kind, it serves a
 * fresh database of its own (migrated and seeded as `npm start` does) and drops it on close; given a
 * `TestDatabase`, it serves that one and leaves it for its owner, so several servers can share it.
 */
export async function startServer(database: DatabaseKind | TestDatabase = 'sqlite', env: Record<string, string> = {}): Promise<TestServer> {
  const owned = typeof database === 'string';
  const db = owned ? await createTestDatabase(database) : database;
  // Rate limits off unless a test sets them: test files send hundreds of requests a minute from one address.
  const config = loadConfig({ ...db.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', RATE_LIMIT_REQUESTS_PER_MINUTE: '0', RATE_LIMIT_COST_PER_MINUTE: '0', ...env });
  const statements: string[] = [];
  let fault: RegExp | null = null;
  const onQuery = (sql: string) => {
    statements.push(sql);
    if (fault?.test(sql)) {
      fault = null;
      throw new Error(`injected fault after: ${sql.slice(0, 80)}`);
    }
  };
  const app = await createApp(config, { onQuery }).catch(async (err) => {
    if (owned) await db.drop();
    throw err;
  });
  const url = await app.listen();
  const gql = async <T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, body: (await res.json()) as GraphQLResponse<T>['body'] };
  };
  return {
    url,
    app,
    database: db,
    em: () => app.orm.em.fork(),
    gql,
    async data<T>(query: string, variables?: Record<string, unknown>) {
      const res = await gql<T>(query, variables);
      if (res.body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.body.errors, null, 2)}`);
      return res.body.data as T;
    },
    statements,
    failNext(pattern) {
      fault = pattern;
    },
    async close() {
      await app.close();
      if (owned) await db.drop();
    },
  };
}

/** The global ID clients see for a record of `type` with database key `key`. */
export const gid = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64url');

/** The `Authorization` headers of a new API token for each role, named `<prefix>-reader`, `-editor` and `-admin`. */
/** The payload `name` of mutation `query` run with `{ input }` as `headers`; fails the test on any GraphQL error. */
export async function mutationPayload<P>(server: TestServer, query: string, name: string, input: Record<string, unknown>, headers: Record<string, string>): Promise<P> {
  const res = await server.gql<Record<string, P>>(query, { input }, headers);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data![name];
}

export async function roleHeaders(server: TestServer, prefix: string): Promise<Record<'reader' | 'editor' | 'admin', Record<string, string>>> {
  const headers = async (role: ApiRole) => ({ authorization: `Bearer ${(await issueToken(server.em(), `${prefix}-${role.toLowerCase()}`, role)).token}` });
  return { reader: await headers(ApiRole.READER), editor: await headers(ApiRole.EDITOR), admin: await headers(ApiRole.ADMIN) };
}
