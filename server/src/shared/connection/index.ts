// Relay connections for every list: GraphQL types, keyset paging in SQL.
export * from './types';
export { paginate } from './sql-page';
export { compareValues } from './compare';
