/** Where the API answers: GraphQL itself, and the streaming export of a list query's rows. */
export const GRAPHQL_PATH = '/graphql';
export const EXPORT_PATH = `${GRAPHQL_PATH}/export`;
