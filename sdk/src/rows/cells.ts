// The CSV cells of a row, shared by the CLI and the server's /graphql/export; pure, so the CLI bundles it without graphql-js.

/** The value at a dotted path of a row (`donor.country.code`); undefined past a null or a missing key. */
export function pick(row: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value == null ? value : (value as Record<string, unknown>)[key]), row);
}

/** One CSV cell: empty for null or missing, JSON for a list or an object, else the value as text. */
export function cell(value: unknown): string {
  if (value == null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** One CSV record: the cell of each column of the row, in column order. */
export function cells(row: unknown, columns: ReadonlyArray<string>): string[] {
  return columns.map((column) => cell(pick(row, column)));
}
