import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { operationCost } from './cost.plugin';
import { RateLimit } from './rate-limit.types';

@Resolver()
export class RateLimitResolver {
  @Query(() => RateLimit, {
    description:
      "This query's cost and the caller's remaining cost budget. With `dryRun: true` nothing else in the operation runs and nothing is charged: ask what a query would cost before sending it.",
  })
  rateLimit(
    @Arg('dryRun', () => Boolean, { defaultValue: false, description: 'Only work out the cost: run nothing else of the operation, charge nothing.' }) _dryRun: boolean,
    @Ctx() ctx: Context,
  ): RateLimit {
    // The budget is the caller's own and changes with every request: no cache may keep it.
    ctx.noStore();
    const state = operationCost(ctx);
    const budget = state?.budget ?? null;
    const cost = state?.requested ?? 0;
    return { cost, nodeCount: cost, limit: budget?.limit ?? null, remaining: budget?.remaining ?? null, used: budget?.used ?? null, resetAt: budget?.resetAt ?? null };
  }
}
