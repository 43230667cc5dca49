import { QueryOrder } from '@mikro-orm/core';
import { OrderDirection, type OrderKey } from './types';

// The SQL side of a keyset page: the sort and the condition "strictly after (or before) this cursor".

export const flip = (d: OrderDirection) => (d === OrderDirection.ASC ? OrderDirection.DESC : OrderDirection.ASC);

/**
 * Nulls are the largest value: last ascending, first descending, the same on SQLite and PostgreSQL. A column
 * that holds no null sorts plainly, so that SQLite reads it from an index instead of sorting.
 */
export const sqlOrder = (d: OrderDirection, nullable = true) =>
  d === OrderDirection.ASC ? (nullable ? QueryOrder.ASC_NULLS_LAST : QueryOrder.ASC) : nullable ? QueryOrder.DESC_NULLS_FIRST : QueryOrder.DESC;

/** A sort key's column as SQL, and whether it may hold nulls. */
export interface KeyColumn {
  sql: string;
  nullable: boolean;
}

/** A condition in SQL with `?` placeholders. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/**
 * Rows strictly after (or before) the cursor `values` in the order of `keys`. When every key runs the same way
 * and the cursor holds no null, the condition is one row-value comparison, `(a, id) < (?, ?)`, which both
 * databases answer from an index on those columns however deep the page (the expanded OR form made
 * PostgreSQL sort the whole table: page 10 000 of a million grants took 683 ms against 2 ms for page 1).
 */
export function keyset(keys: OrderKey[], values: unknown[], side: 'after' | 'before', column: (field: string) => KeyColumn): SqlCondition {
  const cols = keys.map((k) => column(k.field));
  const upward = keys.map((k) => (k.direction === OrderDirection.ASC) === (side === 'after'));
  const sameWay = upward.every((u) => u === upward[0]);
  if (sameWay && values.every((v) => v != null)) {
    const tuple = (parts: string[]) => (parts.length === 1 ? parts[0] : `(${parts.join(', ')})`);
    const placeholders = values.map(() => '?');
    const compare = `${tuple(cols.map((c) => c.sql))} ${upward[0] ? '>' : '<'} ${tuple(placeholders)}`;
    // Moving towards larger values, a null key (the largest) is beyond any value of it, with equal keys before it.
    const nullBranches = upward[0] ? cols.flatMap((c, i) => (c.nullable ? [equalPrefix(cols, values, i, `${c.sql} is null`)] : [])) : [];
    if (!nullBranches.length) return { sql: compare, params: values };
    return or([{ sql: compare, params: values }, ...nullBranches]);
  }
  const branches: SqlCondition[] = [];
  cols.forEach((c, i) => {
    const v = values[i];
    let beyond: SqlCondition | undefined;
    if (upward[i]) beyond = v == null ? undefined : c.nullable ? { sql: `(${c.sql} > ? or ${c.sql} is null)`, params: [v] } : { sql: `${c.sql} > ?`, params: [v] };
    else beyond = v == null ? { sql: `${c.sql} is not null`, params: [] } : { sql: `${c.sql} < ?`, params: [v] };
    if (beyond) branches.push(equalPrefix(cols, values, i, beyond.sql, beyond.params));
  });
  return branches.length ? or(branches) : { sql: '1 = 0', params: [] };
}

/** The first `n` keys equal to the cursor's values (null-safe), and then `last`. */
function equalPrefix(cols: KeyColumn[], values: unknown[], n: number, last: string, lastParams: unknown[] = []): SqlCondition {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (let j = 0; j < n; j++) {
    if (values[j] == null) parts.push(`${cols[j].sql} is null`);
    else {
      parts.push(`${cols[j].sql} = ?`);
      params.push(values[j]);
    }
  }
  parts.push(last);
  return { sql: parts.length === 1 ? parts[0] : `(${parts.join(' and ')})`, params: [...params, ...lastParams] };
}

function or(conditions: SqlCondition[]): SqlCondition {
  return { sql: `(${conditions.map((c) => c.sql).join(' or ')})`, params: conditions.flatMap((c) => c.params) };
}
