/** Nulls are the largest value, as in the SQL ordering of every list (see `sqlOrder`). */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}
