import type { OperationMap, OperationName } from './generated/operations';
import type { RequestOptions } from './transport';

/** How to walk a list. */
export interface PageOptions extends RequestOptions {
  /** Items per request (default 100, the API's maximum). */
  pageSize?: number;
  /** Stop after this many pages. */
  maxPages?: number;
  /** Stop after this many items (requests ask for no more than are still wanted). */
  limit?: number;
  /** Walk from the end (or from `variables.before`) with `last`/`before`, yielding the last item first. */
  backward?: boolean;
}

type ConnectionOps = { [K in OperationName]: OperationMap[K]['connection'] extends string ? K : never }[OperationName];
type ConnectionOf<K extends ConnectionOps> = NonNullable<OperationMap[K]['result'][OperationMap[K]['connection'] & keyof OperationMap[K]['result']]>;
/** The item type a list operation yields. */
export type NodeOf<K extends ConnectionOps> = ConnectionOf<K> extends { edges: ReadonlyArray<{ node: infer N }> } ? N : never;
/** `after` (or `before`, walking backward) is where the walk starts; the page size is `pageSize`. */
type PageVariables<K extends ConnectionOps> = Omit<NonNullable<OperationMap[K]['variables']>, 'first' | 'last'>;

export type Paginators = { [K in ConnectionOps]: (variables?: PageVariables<K>, options?: PageOptions) => AsyncIterable<NodeOf<K>> };

interface Page {
  edges: Array<{ node: unknown }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
}

/** Follows `pageInfo.endCursor` (or `startCursor`, backward) until the last page, yielding each node. */
export function paginator(call: (variables: unknown, o?: RequestOptions) => Promise<unknown>, field: string) {
  return async function* (variables: unknown = {}, { pageSize = 100, maxPages = Infinity, limit = Infinity, backward = false, ...o }: PageOptions = {}) {
    const vars = variables as Record<string, unknown>;
    let cursor = backward ? vars.before : vars.after;
    for (let n = 0, left = limit; n < maxPages && left > 0; n++) {
      const size = Math.min(pageSize, left);
      const paging = backward ? { last: size, before: cursor } : { first: size, after: cursor };
      const page = ((await call({ ...vars, ...paging }, o)) as Record<string, Page>)[field];
      const nodes = page.edges.map((e) => e.node);
      yield* backward ? nodes.reverse() : nodes;
      left -= nodes.length;
      const { hasNextPage, hasPreviousPage, startCursor, endCursor } = page.pageInfo;
      cursor = backward ? startCursor : endCursor;
      if (!(backward ? hasPreviousPage : hasNextPage) || !cursor) return;
    }
  };
}
