import { estimateOf, withDryRun, type CostEstimate } from './cost';
import { operations, type OperationMap, type OperationName } from './generated/operations';
import { paginator, type PageOptions, type Paginators } from './paginate';
import { operationKind, send, type RequestOptions, type TransportOptions } from './transport';

export type { RequestOptions, RetryOptions } from './transport';

/** Options of `createClient`. */
export interface ClientOptions extends TransportOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Default time limit of a call in ms, retries included (default 30 000). */
  timeoutMs?: number;
}

export type Variables<K extends OperationName> = OperationMap[K]['variables'];
export type Result<K extends OperationName> = OperationMap[K]['result'];

/** Variables are optional exactly when the operation has no required variable. */
type MethodArgs<K extends OperationName> = OperationMap[K]['requiredVariables'] extends true
  ? [variables: Variables<K>, options?: RequestOptions]
  : [variables?: Variables<K>, options?: RequestOptions];

export type OperationMethods = { [K in OperationName]: (...args: MethodArgs<K>) => Promise<Result<K>> };

export type Client = OperationMethods & {
  /** One async iterator of nodes per list operation, following `pageInfo` across pages. */
  paginate: Paginators;
  /** Any other document, e.g. one written by hand; not persisted, typed by the caller. */
  request<TResult = unknown, TVariables = Record<string, unknown>>(document: string, variables?: TVariables, options?: RequestOptions): Promise<TResult>;
  /**
   * What a query would cost, and the caller's budget, without running it or being charged (the service's
   * `rateLimit(dryRun: true)`): an SDK operation by name with its variables, or any query document.
   */
  cost<K extends OperationName>(operation: K, ...args: MethodArgs<K>): Promise<CostEstimate>;
  cost(document: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<CostEstimate>;
};

/** A typed client with one method per SDK operation. */
export function createClient(options: ClientOptions): Client {
  const transport: TransportOptions = { ...options };
  const methods = {} as Record<string, (variables?: unknown, o?: RequestOptions) => Promise<unknown>>;
  const paginate = {} as Record<string, (variables?: unknown, o?: PageOptions) => AsyncIterable<unknown>>;
  for (const [method, op] of Object.entries(operations)) {
    methods[method] = (variables, o) => send(transport, op, variables ?? {}, o);
    // Pages are fetched without totalCount: the server would count the whole list again for each page.
    const page = op.page;
    if (op.connection && page) paginate[method] = paginator((variables, o) => send(transport, { kind: op.kind, ...page }, variables ?? {}, o), op.connection);
  }
  return {
    ...(methods as unknown as OperationMethods),
    paginate: paginate as unknown as Paginators,
    request: (document, variables, o) => send(transport, { kind: operationKind(document), document }, variables ?? {}, o),
    async cost(operation: string, variables?: unknown, o?: RequestOptions) {
      const document = operation in operations ? operations[operation as OperationName].document : operation;
      return estimateOf(await send<Record<string, unknown>>(transport, { kind: 'query', document: withDryRun(document) }, variables ?? {}, o));
    },
  };
}
