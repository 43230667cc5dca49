import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, GraphQLFormattedError, ParseOptions, ValidationContext, ValidationRule } from 'graphql';
import { maxFieldsRule } from './max-fields.rule';
import { servedOperationsRule } from './served-operations.rule';
import { QueryLimitError, type QueryLimitName } from './limit-error';

export interface QueryLimits {
  /** Deepest nesting of fields an operation may have. */
  maxDepth: number;
  /** Highest requested cost (see query-cost.ts: objects 1, scalars 0, lists times their page size). */
  maxCost: number;
  /** Most aliases in one operation, `__typename` included (each alias can run a field again). */
  maxAliases: number;
  /** Most directives in one operation (directive overloading). */
  maxDirectives: number;
  /** Most lexical tokens in one document: bounds the work of parsing and validating it. */
  maxTokens: number;
  /** Most field selections in one operation once its fragments are expanded (field duplication, fragment bombs). */
  maxFields: number;
}

/** graphql-armor's wording ("Aliases limit of 30 exceeded, found 31."), to tell which rule refused. */
type ArmorLimit = Extract<QueryLimitName, 'depth' | 'aliases' | 'directives'>;
const ARMOR_LIMITS: ReadonlyArray<[RegExp, ArmorLimit]> = [
  [/^Depth limit/i, 'depth'],
  [/^Aliases limit/i, 'aliases'],
  [/^Directives limit/i, 'directives'],
];

/**
 * The validation rules that refuse oversized operations with QUERY_TOO_COMPLEX before any of them runs:
 * graphql-armor's depth, aliases (counting `__typename` too: armor leaves it out by default) and directives,
 * and our own cap on the fields after fragments are expanded. Cost and page sizes need the variables and are
 * checked once the operation is resolved (cost.plugin.ts).
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const onReject = [
    (context: ValidationContext | null, error: GraphQLError) => {
      const message = error.message.replace(/^Syntax Error: /, '');
      const limit = ARMOR_LIMITS.find(([pattern]) => pattern.test(message))?.[1] ?? 'depth';
      context?.reportError(new QueryLimitError(limit, MAXIMA[limit](limits), message));
    },
  ];
  const common = { propagateOnRejection: false, onReject, exposeLimits: true };
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, flattenFragments: true }),
    maxAliasesRule({ ...common, n: limits.maxAliases, allowList: [] }),
    maxDirectivesRule({ ...common, n: limits.maxDirectives }),
    maxFieldsRule(limits.maxFields),
    servedOperationsRule,
  ] as ValidationRule[];
}

const MAXIMA: Record<ArmorLimit, (l: QueryLimits) => number> = {
  depth: (l) => l.maxDepth,
  aliases: (l) => l.maxAliases,
  directives: (l) => l.maxDirectives,
};

/** graphql-js's own token limit, applied by Apollo while parsing: the document is never fully built. */
export const queryParseOptions = (limits: QueryLimits): ParseOptions => ({ maxTokens: limits.maxTokens });

// graphql-js 16 writes "more that".
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

/**
 * graphql-js reports the token limit as a syntax error (Apollo: GRAPHQL_PARSE_FAILED); this gives it the code and
 * extensions of the other query limits. Null for any other error.
 */
export function tokenLimitRefusal(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  const maximum = TOO_MANY_TOKENS.exec(formatted.message)?.[1];
  if (!maximum) return null;
  const error = new QueryLimitError('tokens', Number(maximum), `Tokens limit of ${maximum} exceeded: the document is too long.`);
  return { message: error.message, extensions: error.extensions };
}
