import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * Refuses, at validation (HTTP 400), an operation whose root type the schema does not have: graphql-js would
 * only find out at execution and answer an uncoded error with HTTP 200. The API has no subscriptions.
 */
export function servedOperationsRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (!context.getSchema().getRootType(node.operation)) {
        context.reportError(new GraphQLError(`This API has no ${node.operation}s; send a query or a mutation.`, { nodes: node }));
      }
    },
  };
}
