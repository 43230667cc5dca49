import { connectionOf, planPage } from './page-plan';
import { OrderDirection, type ConnectionResult, type OrderKey, type PageArgs } from './types';

/**
 * The same connection over rows already loaded in a batch (a nested list such as `Program.grants`):
 * same cursors, same order semantics, no query per parent.
 */
export function paginateLoaded<T extends object>(
  rows: readonly T[],
  page: PageArgs,
  order: ReadonlyArray<OrderKey> | null | undefined,
  defaultOrder: ReadonlyArray<OrderKey>,
): ConnectionResult<T> {
  const plan = planPage(page, order, defaultOrder);
  const valuesOf = (row: T) => plan.keys.map((k) => comparable((row as Record<string, unknown>)[k.field]));
  const compare = (a: unknown[], b: unknown[]) => {
    for (let i = 0; i < plan.keys.length; i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return plan.keys[i].direction === OrderDirection.ASC ? c : -c;
    }
    return 0;
  };
  const afterValues = plan.after?.map(comparable);
  const beforeValues = plan.before?.map(comparable);
  const window = [...rows]
    .sort((a, b) => compare(valuesOf(a), valuesOf(b)))
    .filter((r) => (!afterValues || compare(valuesOf(r), afterValues) > 0) && (!beforeValues || compare(valuesOf(r), beforeValues) < 0));
  const items = plan.backward ? window.slice(Math.max(0, window.length - plan.size)) : window.slice(0, plan.size);
  return connectionOf(plan, items, window.length > plan.size, () => Promise.resolve(rows.length));
}

const comparable = (v: unknown) => (v instanceof Date ? v.getTime() : v ?? null);

/** Nulls are the largest value, as in the SQL ordering above. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}
