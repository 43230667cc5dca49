import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../shared/scalars';

@ObjectType({
  description:
    "This query's cost and the caller's cost budget (GitHub's `rateLimit`). The caller is the API token, or the client address without one. The budget fields are null while the cost limit is off (RATE_LIMIT_COST_PER_MINUTE=0).",
})
export class RateLimit {
  @Field(() => Int, { description: 'What this query may cost (objects 1, scalars 0, lists times their page size): its `extensions.cost.requestedQueryCost`.' })
  cost!: number;

  @Field(() => Int, { description: 'How many objects the query may return at most; with this cost model, the same as `cost`.' })
  nodeCount!: number;

  @Field(() => Int, { nullable: true, description: 'Cost the caller may spend per minute.' })
  limit!: number | null;

  @Field(() => Int, { nullable: true, description: 'Cost left in the current minute, after this query was charged (a dry run is not charged).' })
  remaining!: number | null;

  @Field(() => Int, { nullable: true, description: 'Cost spent in the current minute, this query included.' })
  used!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the current minute ends and the budget is whole again.' })
  resetAt!: Date | null;
}
