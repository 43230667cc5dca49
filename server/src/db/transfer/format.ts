import { ScriptError } from '../../errors';
import type { ColumnSpec } from './tables';

/**
 * The export file is JSON Lines: a header line, then one line per row, tables in dependency order.
 * Each line is a JSON document, so both ends stream in constant memory however large the dataset.
 */
export const FORMAT = 'apo-data-export';
export const FORMAT_VERSION = 1;

export interface ExportHeader {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  exportedAt: string;
  /** The dialect it came from; informative only, since values are database-neutral. */
  from: 'sqlite' | 'postgresql';
  tables: Array<{ name: string; columns: ColumnSpec[]; rows: number }>;
}

export interface RowLine {
  table: string;
  row: Record<string, unknown>;
}

export type TransferErrorCode =
  | 'BAD_ARGUMENTS'
  | 'DATABASE_NOT_FOUND'
  | 'DATABASE_UNREACHABLE'
  | 'DATABASE_NOT_MIGRATED'
  | 'INPUT_NOT_FOUND'
  | 'INVALID_FORMAT'
  | 'UNSUPPORTED_VERSION'
  | 'SCHEMA_MISMATCH'
  | 'TARGET_NOT_EMPTY'
  | 'INCOMPLETE_INPUT'
  | 'WRITE_FAILED';

/** An expected failure of db:export or db:import, with a code scripts can switch on. */
export class TransferError extends ScriptError {
  constructor(override readonly code: TransferErrorCode, message: string) {
    super(code, message);
  }
}

/** Rows per INSERT or SELECT: large enough to be fast, small enough for SQLite's limit on bound parameters. */
export const batchSizeFor = (columns: number) => Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, columns))));
