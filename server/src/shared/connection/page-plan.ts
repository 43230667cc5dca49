import { BadUserInputError } from '../../errors';
import { decodeCursor, encodeCursor } from './cursor';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, OrderDirection, type ConnectionResult, type OrderKey, type PageArgs } from './types';

// What a page request means (sort keys, size, direction, cursor positions), and the connection built from its rows.

export interface PagePlan {
  keys: OrderKey[];
  signature: string;
  size: number;
  backward: boolean;
  after: unknown[] | null;
  before: unknown[] | null;
}

/** Checks the paging arguments and works out the sort keys, page size, direction and cursor positions. */
export function planPage(page: PageArgs, order: ReadonlyArray<OrderKey> | null | undefined, defaultOrder: ReadonlyArray<OrderKey>): PagePlan {
  const { first, last, after, before } = page;
  checkPageSize('first', first);
  checkPageSize('last', last);
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
export function connectionOf<T extends object>(plan: PagePlan, items: T[], more: boolean, count: () => Promise<number>): ConnectionResult<T> {
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

/** A page size out of range is BAD_USER_INPUT naming the argument; also checked before cost (limits/query-cost.ts). */
export function checkPageSize(arg: string, value: number | null | undefined) {
  if (value == null) return;
  if (value < 0 || value > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`\`${arg}\` must be between 0 and ${MAX_PAGE_SIZE}; got ${value}.`, arg);
  }
}

/** The ID breaks ties in the direction of the last key, so that a one-way order pages by one row-value comparison. */
function withIdTiebreak(order: ReadonlyArray<OrderKey>): OrderKey[] {
  const keys = order.filter((k, i) => order.findIndex((o) => o.field === k.field) === i);
  const direction = keys[keys.length - 1]?.direction ?? OrderDirection.ASC;
  return keys.some((k) => k.field === 'id') ? keys : [...keys, { field: 'id', direction }];
}
