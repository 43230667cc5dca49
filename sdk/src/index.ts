export { createClient } from './client';
export type { Client, ClientOptions, OperationMethods, RequestOptions, Result, RetryOptions, Variables } from './client';
export type { NodeOf, PageOptions, Paginators } from './paginate';
export * from './errors';
export { costOf, type CostEstimate, type QueryCost } from './cost';
export { operations } from './generated/operations';
export type { OperationInfo, OperationMap, OperationName } from './generated/operations';
export type * from './generated/graphql';
