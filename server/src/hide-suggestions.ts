import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';

/** graphql-js's hints, e.g. ` Did you mean "grants"?` or ` Did you mean the enum value "ASC"?`, always at the end of a message. */
const SUGGESTION = / ?Did you mean .+\?$/;

/** An error as it would be sent, without its suggestion. */
export const withoutSuggestion = <E extends { message: string }>(error: E): E =>
  SUGGESTION.test(error.message) ? { ...error, message: error.message.replace(SUGGESTION, '') } : error;

const listener: GraphQLRequestListener<object> = {
  async willSendResponse({ response }) {
    if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
    response.body.singleResult.errors = response.body.singleResult.errors.map(withoutSuggestion);
  },
};

/**
 * With NODE_ENV=production no error suggests schema names ("Did you mean …"), which would let a client map the
 * schema without introspection. Apollo's `hideSchemaDetailsFromClientErrors` strips them from validation errors;
 * this strips those of variable values too (an unknown enum value or input field), which Apollo leaves as they are.
 */
export const hideSuggestionsPlugin = <T extends object>(): ApolloServerPlugin<T> => ({ requestDidStart: async () => listener });
