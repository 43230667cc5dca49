import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ResponseCacheCost } from '../cache/response-cache';
import type { Context } from '../context';
import { EXPORT_PATH, GRAPHQL_PATH } from '../paths';
import { defineModule } from '../shared/module';
import { answeredCost, bindRequest, queryCostPlugin } from './cost.plugin';
import { queryLimitRules, queryParseOptions, type QueryLimits } from './query-limits';
import { RateLimitResolver } from './rate-limit.resolver';
import { RateLimitedError, RateLimits, replyRateLimited, setBudgetHeaders, type RateLimitSettings } from './rate-limits';

export type { QueryLimits } from './query-limits';
export type { RateLimitSettings } from './rate-limits';
export type { QueryCost } from './cost.plugin';
export { tokenLimitRefusal } from './query-limits';

/** The `rateLimit` root field (cost and budget, dry run). */
export const limitsModule = defineModule({ name: 'limits', nodes: {}, resolvers: [RateLimitResolver] });

const API_PATHS = new Set([GRAPHQL_PATH, EXPORT_PATH]);

/**
 * Everything that bounds what a caller may ask: query limits (Apollo's parse options and validation rules),
 * cost (an Apollo plugin), rate limits (a Fastify hook, and the charge of answers the response cache replays).
 */
export function createLimits(queryLimits: QueryLimits, rateLimitSettings: RateLimitSettings) {
  const rateLimits = new RateLimits(rateLimitSettings);
  return {
    parseOptions: queryParseOptions(queryLimits),
    validationRules: queryLimitRules(queryLimits),
    plugin: queryCostPlugin(queryLimits.maxCost, rateLimits),
    /** Call in the context function: the caller of the request is charged its operation's cost. */
    bind: (context: Context, request: FastifyRequest) => bindRequest(context, request),
    /** What the response cache keeps with an answer and charges when it replays it. */
    cache: responseCacheCost(rateLimits),
    /**
     * Counts requests per caller in an onRequest hook: before the body is parsed and before the response cache
     * answers. Register after the authentication hook (the caller is its token when it sent one).
     */
    register(http: FastifyInstance) {
      if (rateLimitSettings.requestsPerWindow <= 0) return;
      http.addHook('onRequest', async (request, reply) => {
        if (!API_PATHS.has(request.routeOptions.url ?? '')) return;
        try {
          await rateLimits.countRequest(rateLimits.callerOf(request));
        } catch (err) {
          if (err instanceof RateLimitedError) return replyRateLimited(reply, err);
          throw err;
        }
      });
    },
  };
}

/** A replayed answer costs what it cost when it was computed (the same operation, variables and data version). */
function responseCacheCost(rateLimits: RateLimits): ResponseCacheCost {
  return {
    of: answeredCost,
    async charge(request: FastifyRequest, reply: FastifyReply, actualQueryCost: number) {
      try {
        const budget = await rateLimits.charge(rateLimits.callerOf(request), actualQueryCost);
        if (budget) setBudgetHeaders((name, value) => reply.header(name, value), budget);
        return true;
      } catch (err) {
        if (!(err instanceof RateLimitedError)) throw err;
        await replyRateLimited(reply, err);
        return false;
      }
    },
  };
}
