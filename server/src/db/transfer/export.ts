import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { dialectOf } from '../../shared/dialect';
import { migrationsFor } from '../migrations';
import { FORMAT, FORMAT_VERSION, TransferError, batchSizeFor, type ExportHeader } from './format';
import { describeTables, toPortable, type TableSpec } from './tables';

/** Where MikroORM records applied migrations (its default name). */
const MIGRATIONS_TABLE = 'mikro_orm_migrations';

export interface TransferProgress {
  /** Rows done so far, of `total`. */
  (done: number, total: number): void;
}

/**
 * Writes every row of every table to `out` as JSON Lines, in batches read by primary key (keyset, never
 * OFFSET), all from one consistent snapshot: a read-only REPEATABLE READ transaction on PostgreSQL, a
 * read transaction on SQLite. Returns the number of rows written.
 */
export async function exportDatabase(orm: MikroORM, out: Writable, onProgress: TransferProgress = () => undefined): Promise<number> {
  const knex = (orm.em as SqlEntityManager).getConnection().getKnex();
  const postgres = dialectOf(orm.em) === 'postgresql';
  const pending = await pendingMigrations(knex, postgres ? 'postgresql' : 'sqlite');
  if (pending.length) {
    throw new TransferError('DATABASE_NOT_MIGRATED', `The database lacks ${pending.length} migration(s); start the service on it (or run npm run db:seed) first.`);
  }
  const tables = describeTables(orm);
  return knex.transaction(async (trx) => {
    const counts = await Promise.all(tables.map(async (t) => Number((await trx(t.name).count({ n: '*' }))[0].n)));
    const total = counts.reduce((a, b) => a + b, 0);
    const header: ExportHeader = {
      format: FORMAT,
      version: FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      from: postgres ? 'postgresql' : 'sqlite',
      tables: tables.map((t, i) => ({ name: t.name, columns: t.columns, rows: counts[i] })),
    };
    await write(out, `${JSON.stringify(header)}\n`);
    let done = 0;
    onProgress(done, total);
    for (const table of tables) {
      for await (const rows of batches(trx, table)) {
        const lines = rows.map((row) => JSON.stringify({ table: table.name, row: portableRow(orm, table, row) }));
        await write(out, `${lines.join('\n')}\n`);
        done += rows.length;
        onProgress(done, total);
      }
    }
    return done;
  }, postgres ? { isolationLevel: 'repeatable read', readOnly: true } : undefined);
}

/** Migrations not applied yet, found without writing (MikroORM's migrator would create its table to answer). */
async function pendingMigrations(knex: Knex, kind: 'sqlite' | 'postgresql'): Promise<string[]> {
  const all = migrationsFor(kind).map((m) => m.name);
  if (!(await knex.schema.hasTable(MIGRATIONS_TABLE))) return all;
  const applied = new Set((await knex(MIGRATIONS_TABLE).select('name')).map((r: { name: string }) => r.name));
  return all.filter((name) => !applied.has(name));
}

/** The table's rows in primary-key order, a batch at a time, each batch starting after the last key seen. */
async function* batches(trx: Knex.Transaction, table: TableSpec): AsyncGenerator<Record<string, unknown>[]> {
  const size = batchSizeFor(table.columns.length);
  // Decimals are read as text: a driver would hand back a float-backed number for large integers.
  const select = table.columns.map((c) => (c.kind === 'decimal' ? trx.raw('cast(?? as text) as ??', [c.name, c.name]) : c.name));
  const key = table.primaryKey;
  let last: unknown[] | null = null;
  for (;;) {
    const query = trx(table.name).select(select).orderBy(key.map((column) => ({ column, order: 'asc' }))).limit(size);
    if (last) query.whereRaw(`(${key.map(() => '??').join(', ')}) > (${key.map(() => '?').join(', ')})`, [...key, ...last] as Knex.RawBinding[]);
    const rows: Record<string, unknown>[] = await query;
    if (rows.length) yield rows;
    if (rows.length < size) return;
    last = key.map((k) => rows[rows.length - 1][k]);
  }
}

function portableRow(orm: MikroORM, table: TableSpec, row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(table.columns.map((c) => [c.name, toPortable(orm, c.kind, row[c.name])]));
}

/** Writes and waits for the stream to drain when its buffer is full, so memory stays flat. */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
