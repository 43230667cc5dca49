// Relay connections for every list: GraphQL types, keyset paging in SQL, and the same paging over loaded rows.
export * from './types';
export { paginate } from './sql-page';
export { compareValues, paginateLoaded } from './memory-page';
