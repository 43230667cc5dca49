import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { ApiError } from './errors';

export interface QueryLimits {
  /** Deepest nesting of fields an operation may have. */
  maxDepth: number;
  /** Highest static cost (graphql-armor's: objects 2, fields 1, times 1.5 per level). */
  maxCost: number;
  /** Most aliases in one operation (each alias can run a field again). */
  maxAliases: number;
}

/** graphql-armor's rules, reporting QUERY_TOO_COMPLEX instead of throwing a bare validation error. */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const onReject = [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new ApiError('QUERY_TOO_COMPLEX', error.message.replace(/^Syntax Error: /, ''))),
  ];
  const common = { propagateOnRejection: false, onReject, exposeLimits: true };
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, flattenFragments: true }),
    costLimitRule({ ...common, maxCost: limits.maxCost, flattenFragments: true }),
    maxAliasesRule({ ...common, n: limits.maxAliases }),
  ] as ValidationRule[];
}
