import type { MigrationObject } from '@mikro-orm/core';
import type { DatabaseConfig } from '../../config';
import { postgresqlMigrations } from './postgresql';
import { sqliteMigrations } from './sqlite';

/** Migrations are listed explicitly (not globbed) so they load the same from `src/` under vitest and from `dist/`. */
export function migrationsFor(kind: DatabaseConfig['kind']): MigrationObject[] {
  return kind === 'sqlite' ? sqliteMigrations : postgresqlMigrations;
}
