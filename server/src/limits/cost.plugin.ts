import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation, GraphQLResponse } from '@apollo/server';
import type { FastifyRequest } from 'fastify';
import { execute, getVariableValues, GraphQLError, Kind, type DocumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';
import type { Context } from '../context';
import { ApiError, HTTP_STATUS, type ErrorCode } from '../errors';
import { GRAPHQL_PATH } from '../paths';
import { QueryLimitError } from './limit-error';
import { actualCost, argumentsOf, fragmentsOf, requestedCost } from './query-cost';
import { setBudgetHeaders, type CostBudget, type RateLimits } from './rate-limits';

/** What `extensions.cost` of every answer says (Shopify's names). */
export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number;
}

/** The cost state of one operation, for the `rateLimit` field and the response cache. */
export interface OperationCost {
  requested: number;
  /** Whether the operation asked for `rateLimit(dryRun: true)`: only that field is answered. */
  dryRun: boolean;
  /** The caller's budget once this operation was charged (null: the cost limit is off, or the request is not charged). */
  budget: CostBudget | null;
}

// A property, not a WeakMap entry: Apollo runs each operation with a shallow copy of the context, which keeps it.
const REQUEST = Symbol('the HTTP request');
type BoundContext = Context & { [REQUEST]?: FastifyRequest };
const requestOf = (context: Context) => (context as BoundContext)[REQUEST];
const operations = new WeakMap<Context, OperationCost>();
const answered = new WeakMap<FastifyRequest, QueryCost>();

/** Ties a request's context to its HTTP request, whose caller is charged (app.ts calls it in the context function). */
export function bindRequest(context: Context, request: FastifyRequest): Context {
  (context as BoundContext)[REQUEST] = request;
  return context;
}

/** The cost state of the operation running with `context`; undefined before it was resolved. */
export const operationCost = (context: Context): OperationCost | undefined => operations.get(context);

/** The cost of the answer sent to `request`, once it is known (the response cache keeps it with the answer). */
export const answeredCost = (request: FastifyRequest): QueryCost | undefined => answered.get(request);

/**
 * Cost of every operation, by the one model of query-cost.ts: once the operation is resolved (variables known,
 * nothing run yet) page sizes are checked (BAD_USER_INPUT), then QUERY_MAX_COST, then the caller's cost budget is
 * charged the requested cost; after the answer is built, the difference to the actual cost is refunded.
 * `rateLimit(dryRun: true)` answers only that field, runs nothing else and charges nothing.
 * Every answer gets `extensions.cost`; the caller's budget goes in `x-ratelimit-*` headers, never in the body
 * (a cached body may be replayed to another caller). Exports are charged per request, not per page.
 */
export function queryCostPlugin(maxCost: number, rateLimits: RateLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let requested = 0;
      let charged = 0;
      let caller: string | null = null;
      let state: OperationCost | null = null;
      return {
        async didResolveOperation(rc) {
          const operation = rc.operation;
          if (!operation) return;
          const variables = coercedVariables(rc, operation);
          requested = withStatus(() => requestedCost(rc.schema, operation, fragmentsOf(rc.document), variables));
          if (requested > maxCost) {
            throw withHttpStatus(new QueryLimitError('cost', maxCost, `Cost limit of ${maxCost} exceeded: the operation may cost ${requested}.`, { requestedQueryCost: requested }));
          }
          const dryRun = isDryRun(rc, operation, variables);
          const request = requestOf(rc.contextValue);
          const charge = !dryRun && request?.routeOptions.url === GRAPHQL_PATH;
          caller = request ? rateLimits.callerOf(request) : null;
          const budget = caller ? (charge ? await rateLimits.charge(caller, requested) : await rateLimits.budget(caller)) : null;
          if (charge && budget) charged = requested;
          state = { requested, dryRun, budget };
          operations.set(rc.contextValue, state);
        },
        async responseForOperation(rc): Promise<GraphQLResponse | null> {
          if (!state?.dryRun) return null;
          const result = await execute({ schema: rc.schema, document: onlyRateLimit(rc.document, rc.operation), contextValue: rc.contextValue, variableValues: rc.request.variables, operationName: rc.operationName });
          return { http: rc.response.http, body: { kind: 'single', singleResult: { data: result.data, errors: result.errors?.map((e) => e.toJSON()) } } };
        },
        async willSendResponse(rc) {
          if (rc.response.body.kind !== 'single') return;
          const result = rc.response.body.singleResult;
          const actual = state?.dryRun || !rc.operation ? 0 : Math.min(requested, actualCost(rc.operation, fragmentsOf(rc.document!), result.data));
          const cost: QueryCost = { requestedQueryCost: requested, actualQueryCost: actual };
          result.extensions = { ...result.extensions, cost };
          const request = requestOf(rc.contextValue);
          if (request) answered.set(request, cost);
          const budget = caller && charged ? await rateLimits.refund(caller, charged - actual) : state?.budget;
          if (budget) setBudgetHeaders((name, value) => rc.response.http.headers.set(name, value), budget);
        },
      };
    },
  };
}

/** The variables as execution will see them; {} when they do not coerce (execution then reports why). */
function coercedVariables(rc: GraphQLRequestContextDidResolveOperation<Context>, operation: OperationDefinitionNode): Record<string, unknown> {
  const coerced = getVariableValues(rc.schema, operation.variableDefinitions ?? [], rc.request.variables ?? {}, { maxErrors: 1 });
  return coerced.coerced ?? {};
}

/** Whether a root field `rateLimit` has `dryRun: true`. */
function isDryRun(rc: GraphQLRequestContextDidResolveOperation<Context>, operation: OperationDefinitionNode, variables: Record<string, unknown>): boolean {
  const field = rc.schema.getQueryType()?.getFields().rateLimit;
  if (operation.operation !== 'query' || !field) return false;
  return rateLimitSelections(operation).some((node) => argumentsOf(field, node, variables).dryRun === true);
}

const rateLimitSelections = (operation: OperationDefinitionNode) =>
  operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && s.name.value === 'rateLimit') as FieldNode[];

/** The document with only the operation's root `rateLimit` fields: what a dry run executes. */
function onlyRateLimit(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  const dry: OperationDefinitionNode = { ...operation, selectionSet: { ...operation.selectionSet, selections: rateLimitSelections(operation) } };
  return { ...document, definitions: document.definitions.map((d) => (d === operation ? dry : d)) };
}

/** Runs `work`, giving an error of ours the HTTP status of its code (Apollo answers 500 for an error without one). */
function withStatus<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw err instanceof ApiError ? withHttpStatus(err) : err;
  }
}

function withHttpStatus(error: GraphQLError): GraphQLError {
  const code = error.extensions.code as ErrorCode;
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: HTTP_STATUS[code] ?? 400 } } });
}
