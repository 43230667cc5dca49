import type { EntityClass, EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { QueryOrder } from '@mikro-orm/core';
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import { BadUserInputError } from '../errors';
import type { BaseEntity } from './node';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction. Nulls sort last when ascending and first when descending, on every database.',
  valuesConfig: {
    ASC: { description: 'Smallest first; nulls last.' },
    DESC: { description: 'Largest first; nulls first.' },
  },
});

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Returns the first n items (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Returns the items after this cursor.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Returns the last n items (at most ${MAX_PAGE_SIZE}).` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Returns the items before this cursor.' })
  before?: string | null;
}

@ObjectType({ description: 'Where a page sits in the whole list (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when items precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What a connection resolver returns; `totalCount` is only computed when a client asks for it. */
export interface ConnectionResult<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  count: () => Promise<number>;
}

/** Builds `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name = nodeType.name) {
  @ObjectType(`${name}Edge`, { description: `An edge in a list of ${name} objects.` })
  class EdgeType {
    @Field({ description: 'Opaque cursor of this item, for `after` and `before`.' })
    cursor!: string;

    @Field(() => nodeType, { description: 'The item.' })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} objects (Relay cursor connection).` })
  class ConnectionType implements ConnectionResult<T> {
    @Field(() => [EdgeType], { description: 'The items of the page, with their cursors.' })
    edges!: Edge<T>[];

    @Field(() => [nodeType], { description: 'The items of the page, without cursors.' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Where the page sits in the list.' })
    pageInfo!: PageInfo;

    count!: () => Promise<number>;

    @Field(() => Int, { description: 'How many items match the filter, across all pages (computed only when asked).' })
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return ConnectionType;
}

/** Builds the `<Name>Order` input: one sort key (a field of the enum and a direction). */
export function OrderInput<F extends string>(name: string, fields: Record<string, F>, fieldsDescription: string) {
  registerEnumType(fields, { name: `${name}OrderField`, description: fieldsDescription, valuesConfig: describeEach(fields) });

  @InputType(`${name}Order`, { description: `One sort key for ${name} lists; pass several for tie-breaks.` })
  class Order implements OrderKey<F> {
    @Field(() => fields, { description: 'The field to sort by.' })
    field!: F;

    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction (default ASC).' })
    direction: OrderDirection = OrderDirection.ASC;
  }
  return Order;
}

function describeEach(fields: Record<string, string>) {
  return Object.fromEntries(Object.entries(fields).map(([k, prop]) => [k, { description: `Sort by \`${prop}\`.` }]));
}

export interface OrderKey<F extends string = string> {
  field: F;
  direction: OrderDirection;
}

type CursorValue = string | number | boolean | null | { d: string };

/**
 * Keyset pagination shared by every connection. The sort keys always end with `id`, so the order is
 * total and a cursor (the sort-key values of one row) names an exact position, stable under inserts.
 */
export async function paginate<T extends BaseEntity>(
  em: EntityManager,
  entity: EntityClass<T>,
  page: PageArgs,
  where: FilterQuery<T>,
  order: ReadonlyArray<OrderKey> | null | undefined,
  defaultOrder: ReadonlyArray<OrderKey>,
): Promise<ConnectionResult<T>> {
  const plan = planPage(page, order, defaultOrder);
  const conditions: FilterQuery<T>[] = [where];
  if (plan.after) conditions.push(keyset(plan.keys, plan.after, 'after'));
  if (plan.before) conditions.push(keyset(plan.keys, plan.before, 'before'));
  const sortKeys = plan.backward ? plan.keys.map((k) => ({ ...k, direction: flip(k.direction) })) : plan.keys;
  const rows = await em.find(entity, { $and: conditions } as FilterQuery<T>, {
    orderBy: sortKeys.map((k) => ({ [k.field]: sqlOrder(k.direction) })) as QueryOrderMap<T>[],
    limit: plan.size + 1,
  });
  const items = rows.slice(0, plan.size);
  if (plan.backward) items.reverse();
  return connectionOf(plan, items, rows.length > plan.size, () => em.count(entity, where));
}

interface PagePlan {
  keys: OrderKey[];
  signature: string;
  size: number;
  backward: boolean;
  after: unknown[] | null;
  before: unknown[] | null;
}

/** Checks the paging arguments and works out the sort keys, page size, direction and cursor positions. */
function planPage(page: PageArgs, order: ReadonlyArray<OrderKey> | null | undefined, defaultOrder: ReadonlyArray<OrderKey>): PagePlan {
  const { first, last, after, before } = page;
  checkSize('first', first);
  checkSize('last', last);
  if (first != null && last != null) throw new BadUserInputError('Pass either `first` or `last`, not both.', 'last');
  const keys = withIdTiebreak(order?.length ? order : defaultOrder);
  const signature = keys.map((k) => `${k.field}:${k.direction}`).join(',');
  const backward = last != null && first == null;
  return {
    keys,
    signature,
    backward,
    size: (backward ? last : first) ?? DEFAULT_PAGE_SIZE,
    after: after ? decodeCursor(after, signature, 'after') : null,
    before: before ? decodeCursor(before, signature, 'before') : null,
  };
}

/** Edges, nodes and pageInfo of one page; `more` says whether rows exist beyond it in the paging direction. */
function connectionOf<T extends object>(plan: PagePlan, items: T[], more: boolean, count: () => Promise<number>): ConnectionResult<T> {
  const edges = items.map((node) => ({ node, cursor: encodeCursor(plan.keys, node, plan.signature) }));
  return {
    edges,
    nodes: items,
    pageInfo: {
      hasNextPage: plan.backward ? plan.before != null : more,
      hasPreviousPage: plan.backward ? more : plan.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    count,
  };
}

function checkSize(arg: string, value: number | null | undefined) {
  if (value == null) return;
  if (value < 0 || value > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`\`${arg}\` must be between 0 and ${MAX_PAGE_SIZE}; got ${value}.`, arg);
  }
}

function withIdTiebreak(order: ReadonlyArray<OrderKey>): OrderKey[] {
  const keys = order.filter((k, i) => order.findIndex((o) => o.field === k.field) === i);
  return keys.some((k) => k.field === 'id') ? keys : [...keys, { field: 'id', direction: OrderDirection.ASC }];
}

const flip = (d: OrderDirection) => (d === OrderDirection.ASC ? OrderDirection.DESC : OrderDirection.ASC);

/** Nulls are the largest value: last ascending, first descending, the same on SQLite and PostgreSQL. */
const sqlOrder = (d: OrderDirection) => (d === OrderDirection.ASC ? QueryOrder.ASC_NULLS_LAST : QueryOrder.DESC_NULLS_FIRST);

/** Rows strictly after (or before) the cursor in the order of `keys`. */
function keyset<T>(keys: OrderKey[], values: unknown[], side: 'after' | 'before'): FilterQuery<T> {
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

function encodeCursor(keys: OrderKey[], node: object, signature: string): string {
  const values: CursorValue[] = keys.map((k) => {
    const v = (node as Record<string, unknown>)[k.field];
    if (v instanceof Date) return { d: v.toISOString() };
    return (v ?? null) as CursorValue;
  });
  return Buffer.from(JSON.stringify({ o: signature, v: values })).toString('base64url');
}

function decodeCursor(cursor: string, signature: string, arg: string): unknown[] {
  let parsed: { o?: unknown; v?: unknown } | undefined;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.v)) {
    throw new BadUserInputError(`\`${arg}\` is not a valid cursor.`, arg);
  }
  if (parsed.o !== signature || parsed.v.length !== signature.split(',').length) {
    throw new BadUserInputError(`\`${arg}\` is a cursor for another sort order; request the first page again.`, arg);
  }
  return parsed.v.map((v: unknown) => cursorValue(v, arg));
}

/** Only what `encodeCursor` writes is accepted back: scalars, or `{ d: <ISO instant> }` for dates. */
function cursorValue(v: unknown, arg: string): unknown {
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return v;
  const d = v && typeof v === 'object' && !Array.isArray(v) ? (v as { d?: unknown }).d : undefined;
  const date = typeof d === 'string' ? new Date(d) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new BadUserInputError(`\`${arg}\` is not a valid cursor.`, arg);
  return date;
}

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
