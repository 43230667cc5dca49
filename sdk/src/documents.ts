/** TypedDocumentNodes of every SDK operation and fragment, for Apollo Client, urql and graphql-request. */
export * from './generated/graphql';
