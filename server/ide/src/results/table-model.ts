// What the table view shows of each cell, how it sorts, and the CSV it copies. Pure (unit-tested).
import { stringify } from 'csv-stringify/sync';
import { cell, pick, type Column } from '../../../../sdk/src/rows';

/** Scalars whose values are numbers (JSON numbers, or exact decimal strings for `Decimal`): right-aligned, sorted by value. */
const NUMERIC = new Set(['Int', 'Float', 'Decimal', 'BigInt', 'PositiveInt', 'NonNegativeInt']);

export const isNumeric = (column: Column) => !column.list && NUMERIC.has(column.type);

/** A cell as the CSV export writes it: empty for null, compact JSON for a list or an object, exact decimals as sent. */
export const display = (row: unknown, column: Column) => cell(pick(row, column.path));

export interface Sort {
  column: string;
  direction: 'ascending' | 'descending';
}

/** The rows in the order of `sort` (stable; empty cells last in either direction), or as they came. */
export function sortRows<T>(rows: readonly T[], columns: readonly Column[], sort: Sort | null): T[] {
  const column = sort && columns.find((c) => c.path === sort.column);
  if (!column || !sort) return [...rows];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const compare = isNumeric(column) ? compareNumbers : compareText;
  return rows
    .map((row, index) => ({ row, index, value: pick(row, column.path) }))
    .sort((a, b) => {
      const empty = Number(a.value == null) - Number(b.value == null);
      if (empty) return empty;
      return (a.value == null ? 0 : sign * compare(a.value, b.value)) || a.index - b.index;
    })
    .map((e) => e.row);
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const compareText = (a: unknown, b: unknown) => collator.compare(typeof a === 'object' ? JSON.stringify(a) : String(a), typeof b === 'object' ? JSON.stringify(b) : String(b));

/** Numbers and exact decimal strings by value, without rounding either through a float. */
export function compareNumbers(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareDecimals(String(a), String(b));
}

function compareDecimals(a: string, b: string): number {
  const [na, nb] = [negative(a), negative(b)];
  if (na !== nb) return na ? -1 : 1;
  const magnitude = compareMagnitudes(a.replace(/^[-+]/, ''), b.replace(/^[-+]/, ''));
  return na ? -magnitude : magnitude;
}

const negative = (s: string) => s.startsWith('-') && /[1-9]/.test(s);

function compareMagnitudes(a: string, b: string): number {
  const [ia, fa = ''] = a.split('.');
  const [ib, fb = ''] = b.split('.');
  const [ta, tb] = [ia.replace(/^0+(?=\d)/, ''), ib.replace(/^0+(?=\d)/, '')];
  if (ta.length !== tb.length) return ta.length - tb.length;
  if (ta !== tb) return ta < tb ? -1 : 1;
  const width = Math.max(fa.length, fb.length);
  const [pa, pb] = [fa.padEnd(width, '0'), fb.padEnd(width, '0')];
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}

/** The CSV of what the table shows: a header of the column paths, then the rows in their shown order. */
export function tableCsv(rows: readonly unknown[], columns: readonly Column[]): string {
  return stringify([columns.map((c) => c.path), ...rows.map((row) => columns.map((c) => display(row, c)))]);
}
