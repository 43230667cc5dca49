/** TypedDocumentNodes of every SDK operation and fragment, for Apollo Client, urql and graphql-request. */
import generated from './generated/possible-types';

export * from './generated/graphql';

/** Which types implement `Node` and make up `SearchResult`: Apollo's InMemoryCache needs it to match fragments on them. */
export const possibleTypes: { [supertype: string]: string[] } = generated.possibleTypes;
