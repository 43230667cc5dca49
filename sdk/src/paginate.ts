import type { OperationMap, OperationName } from './generated/operations';
import type { RequestOptions } from './transport';

/** How to walk a list. */
export interface PageOptions extends RequestOptions {
  /** Items per request (default 100, the API's maximum). */
  pageSize?: number;
  /** Stop after this many pages. */
  maxPages?: number;
}

type ConnectionOps = { [K in OperationName]: OperationMap[K]['connection'] extends string ? K : never }[OperationName];
type ConnectionOf<K extends ConnectionOps> = NonNullable<OperationMap[K]['result'][OperationMap[K]['connection'] & keyof OperationMap[K]['result']]>;
/** The item type a list operation yields. */
export type NodeOf<K extends ConnectionOps> = ConnectionOf<K> extends { nodes: ReadonlyArray<infer N> } ? N : never;
type PageVariables<K extends ConnectionOps> = Omit<NonNullable<OperationMap[K]['variables']>, 'first' | 'after' | 'last' | 'before'>;

export type Paginators = { [K in ConnectionOps]: (variables?: PageVariables<K>, options?: PageOptions) => AsyncIterable<NodeOf<K>> };

interface Page {
  nodes: unknown[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** Follows `pageInfo.endCursor` until the last page, yielding each node. */
export function paginator(call: (variables: unknown, o?: RequestOptions) => Promise<unknown>, field: string) {
  return async function* (variables: unknown = {}, { pageSize = 100, maxPages = Infinity, ...o }: PageOptions = {}) {
    let after: string | null | undefined;
    for (let n = 0; n < maxPages; n++) {
      const page = ((await call({ ...(variables as object), first: pageSize, after }, o)) as Record<string, Page>)[field];
      yield* page.nodes;
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
      after = page.pageInfo.endCursor;
    }
  };
}
