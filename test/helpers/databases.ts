import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createPostgresDatabase, dropPostgresDatabase, uniqueDatabaseName } from './postgres';

export type DatabaseKind = 'sqlite' | 'postgresql';

/** A database of its own for a test file, and the environment that points the service at it. */
export interface TestDatabase {
  kind: DatabaseKind;
  /** `DATABASE_URL` (and nothing else) for `loadConfig` or a child process. */
  env: { DATABASE_URL: string };
  /** Deletes it. */
  drop(): Promise<void>;
}

/**
 * The databases every integration test runs on: SQLite, and PostgreSQL whenever the global setup started
 * it (always in CI). Use as `describe.each(databases())('on %s', (db) => ...)`.
 */
export function databases(): DatabaseKind[] {
  return inject('databases').postgres ? ['sqlite', 'postgresql'] : ['sqlite'];
}

/**
 * A fresh database of `kind`: by default a copy of the migrated and seeded template (what the service
 * would build on its first start, only faster); `{ empty: true }` gives one with no tables at all.
 */
export async function createTestDatabase(kind: DatabaseKind, options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const provided = inject('databases');
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'apo-data-test-'));
    const file = join(dir, 'apo-data.sqlite');
    if (!options.empty) copyFileSync(provided.sqliteTemplate, file);
    return { kind, env: { DATABASE_URL: `sqlite:${file}` }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (!provided.postgres) throw new Error('PostgreSQL is not running for this test run: use databases() to choose what to test on.');
  const { adminUrl, seededTemplate } = provided.postgres;
  const name = uniqueDatabaseName('apo_test');
  const url = await createPostgresDatabase(adminUrl, name, options.empty ? undefined : seededTemplate);
  return { kind, env: { DATABASE_URL: url }, drop: () => dropPostgresDatabase(adminUrl, name) };
}
