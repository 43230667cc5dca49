import type { MikroORM } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { prepareDatabase } from '../prepare';
import type { TransferProgress } from './export';
import { FORMAT, FORMAT_VERSION, TransferError, batchSizeFor, type ExportHeader, type RowLine } from './format';
import { describeTables, fromPortable, type TableSpec } from './tables';

export interface ImportReport {
  rows: number;
  tables: number;
}

/**
 * Loads an export (JSON Lines, as `exportDatabase` writes it) into the database of `orm`: migrates it first,
 * then, in one transaction, refuses a database holding any row (unless `replace`, which empties it), inserts
 * the rows in batches and checks that every table got as many rows as the header announced. Any failure
 * rolls everything back.
 */
export async function importDatabase(
  orm: MikroORM,
  lines: AsyncIterable<string>,
  options: { replace?: boolean; onProgress?: TransferProgress } = {},
): Promise<ImportReport> {
  const onProgress = options.onProgress ?? (() => undefined);
  const input = numbered(lines);
  const header = parseHeader(await input.next());
  await prepareDatabase(orm, { seed: false });
  const tables = matchSchema(header, describeTables(orm));
  const knex = (orm.em as SqlEntityManager).getConnection().getKnex();
  return knex.transaction(async (trx) => {
    await emptyTarget(trx, [...tables.values()], options.replace ?? false);
    const total = header.tables.reduce((n, t) => n + t.rows, 0);
    const loader = new TableLoader(orm, trx);
    let done = 0;
    onProgress(done, total);
    for await (const { line, text } of input) {
      if (!text.trim()) continue;
      const { table, row } = parseRow(text, line);
      const spec = tables.get(table);
      if (!spec) throw new TransferError('INVALID_FORMAT', `Line ${line}: table "${table}" is not listed in the header.`);
      done += await loader.add(spec, row, line);
      onProgress(done, total);
    }
    done += await loader.finish();
    onProgress(done, total);
    for (const t of header.tables) {
      const got = loader.counts.get(t.name) ?? 0;
      if (got !== t.rows) throw new TransferError('INCOMPLETE_INPUT', `Table "${t.name}" has ${got} rows in the file but its header announces ${t.rows}: the file was cut short or edited.`);
    }
    return { rows: done, tables: header.tables.length };
  });
}

/** Buffers rows into multi-row INSERTs, a table at a time, in the file's order. */
class TableLoader {
  readonly counts = new Map<string, number>();
  private current: TableSpec | null = null;
  private batch: Record<string, unknown>[] = [];
  /** Self-references are inserted as null and set once the whole table is in, since a child may come before its parent. */
  private deferred: Array<{ key: Record<string, unknown>; column: string; value: unknown }> = [];

  constructor(private readonly orm: MikroORM, private readonly trx: Knex.Transaction) {}

  /** Queues one row; resolves to the number of rows written to the database by this call. */
  async add(table: TableSpec, row: Record<string, unknown>, line: number): Promise<number> {
    let written = 0;
    if (this.current?.name !== table.name) {
      if (this.counts.has(table.name)) throw new TransferError('INVALID_FORMAT', `Line ${line}: rows of "${table.name}" must come together, but they are split by other tables.`);
      written = await this.finish();
      this.current = table;
      this.counts.set(table.name, 0);
    }
    const unknown = Object.keys(row).filter((c) => !table.columns.some((col) => col.name === c));
    if (unknown.length) throw new TransferError('INVALID_FORMAT', `Line ${line}: "${table.name}" has no column ${unknown.join(', ')}.`);
    this.batch.push(this.toDatabase(table, row));
    this.counts.set(table.name, this.counts.get(table.name)! + 1);
    if (this.batch.length >= batchSizeFor(table.columns.length)) written += await this.flush();
    return written;
  }

  /** Writes what is queued and fills in the deferred self-references of the table in progress. */
  async finish(): Promise<number> {
    const written = await this.flush();
    for (const { key, column, value } of this.deferred) await this.trx(this.current!.name).where(key).update({ [column]: value });
    this.deferred = [];
    return written;
  }

  private async flush(): Promise<number> {
    if (!this.batch.length) return 0;
    const rows = this.batch;
    this.batch = [];
    await this.trx(this.current!.name).insert(rows);
    return rows.length;
  }

  private toDatabase(table: TableSpec, row: Record<string, unknown>): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const column of table.columns) {
      if (!(column.name in row)) continue;
      values[column.name] = fromPortable(this.orm, column.kind, row[column.name]);
    }
    for (const column of table.selfReferences) {
      if (values[column] == null) continue;
      this.deferred.push({ key: Object.fromEntries(table.primaryKey.map((k) => [k, values[k]])), column, value: values[column] });
      values[column] = null;
    }
    return values;
  }
}

/** Lines with their 1-based numbers, for error messages. */
async function* numbered(lines: AsyncIterable<string>): AsyncGenerator<{ line: number; text: string }> {
  let line = 0;
  for await (const text of lines) yield { line: ++line, text };
}

function parseHeader(first: IteratorResult<{ line: number; text: string }>): ExportHeader {
  if (first.done) throw new TransferError('INVALID_FORMAT', 'The file is empty.');
  let header: Partial<ExportHeader> | undefined;
  try {
    header = JSON.parse(first.value.text);
  } catch {
    header = undefined;
  }
  if (!header || header.format !== FORMAT) throw new TransferError('INVALID_FORMAT', `Line 1 is not an ${FORMAT} header: is this a file from npm run db:export?`);
  if (header.version !== FORMAT_VERSION) throw new TransferError('UNSUPPORTED_VERSION', `The file is in format version ${String(header.version)}; this apo-data reads version ${FORMAT_VERSION}.`);
  if (!Array.isArray(header.tables) || header.tables.some((t) => typeof t?.name !== 'string' || !Array.isArray(t.columns) || !Number.isInteger(t.rows))) {
    throw new TransferError('INVALID_FORMAT', 'The header\'s table list is malformed.');
  }
  return header as ExportHeader;
}

function parseRow(text: string, line: number): RowLine {
  let parsed: Partial<RowLine> | undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TransferError('INVALID_FORMAT', `Line ${line} is not valid JSON.`);
  }
  if (!parsed || typeof parsed.table !== 'string' || !parsed.row || typeof parsed.row !== 'object') {
    throw new TransferError('INVALID_FORMAT', `Line ${line} is not a row: expected {"table": ..., "row": {...}}.`);
  }
  return parsed as RowLine;
}

/** The target's tables by name; every table and column of the file must exist there, or data would be lost. */
function matchSchema(header: ExportHeader, target: TableSpec[]): Map<string, TableSpec> {
  const byName = new Map(target.map((t) => [t.name, t]));
  const problems: string[] = [];
  for (const t of header.tables) {
    const spec = byName.get(t.name);
    if (!spec) {
      problems.push(`table "${t.name}" does not exist`);
      continue;
    }
    const missing = t.columns.filter((c) => !spec.columns.some((s) => s.name === c.name)).map((c) => c.name);
    if (missing.length) problems.push(`table "${t.name}" has no column ${missing.join(', ')}`);
  }
  if (problems.length) throw new TransferError('SCHEMA_MISMATCH', `The file does not fit this database's schema (is one of them older?): ${problems.join('; ')}.`);
  return byName;
}

/** Refuses a database with data in it, or with `replace`, deletes it all (children first). */
async function emptyTarget(trx: Knex.Transaction, tables: TableSpec[], replace: boolean): Promise<void> {
  const filled: string[] = [];
  for (const t of tables) {
    const n = Number((await trx(t.name).count({ n: '*' }))[0].n);
    if (n > 0) filled.push(`${t.name} (${n})`);
  }
  if (!filled.length) return;
  if (!replace) throw new TransferError('TARGET_NOT_EMPTY', `The target database already holds rows in ${filled.join(', ')}; pass --replace to delete them first.`);
  for (const t of [...tables].reverse()) await trx(t.name).del();
}
