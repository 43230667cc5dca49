import type { FilterQuery } from '@mikro-orm/core';
import { QueryOrder } from '@mikro-orm/core';
import { OrderDirection, type OrderKey } from './types';

// The SQL side of a keyset page: the sort and the condition "strictly after (or before) this cursor".

export const flip = (d: OrderDirection) => (d === OrderDirection.ASC ? OrderDirection.DESC : OrderDirection.ASC);

/** Nulls are the largest value: last ascending, first descending, the same on SQLite and PostgreSQL. */
export const sqlOrder = (d: OrderDirection) => (d === OrderDirection.ASC ? QueryOrder.ASC_NULLS_LAST : QueryOrder.DESC_NULLS_FIRST);

/** Rows strictly after (or before) the cursor in the order of `keys`. */
export function keyset<T>(keys: OrderKey[], values: unknown[], side: 'after' | 'before'): FilterQuery<T> {
  const branches: Record<string, unknown>[] = [];
  keys.forEach((key, i) => {
    const ascending = (key.direction === OrderDirection.ASC) === (side === 'after');
    const beyond = ascending ? greaterThan(key.field, values[i]) : lessThan(key.field, values[i]);
    if (beyond === undefined) return;
    const branch: Record<string, unknown>[] = keys.slice(0, i).map((k, j) => ({ [k.field]: values[j] ?? null }));
    branch.push(beyond);
    branches.push({ $and: branch });
  });
  return (branches.length ? { $or: branches } : { id: { $in: [] } }) as FilterQuery<T>;
}

/** Values after `v` when nulls are the largest value; undefined when there are none. */
function greaterThan(field: string, v: unknown) {
  return v == null ? undefined : { $or: [{ [field]: { $gt: v } }, { [field]: null }] };
}

function lessThan(field: string, v: unknown) {
  return { [field]: v == null ? { $ne: null } : { $lt: v } };
}
