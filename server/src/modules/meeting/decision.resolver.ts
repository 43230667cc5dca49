import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType, PageArgs, paginate, type OrderKey } from '../../shared/connection';
import { findOrNotFound, load, loadAll } from '../../shared/relations';
import { RecordResolver } from '../history';
import { keyOf } from '../../shared/global-id';
import { ProgramAmendment } from '../program/program-amendment.entity';
import { Program } from '../program/program.entity';
import { Decision } from './decision.entity';
import { Meeting } from './meeting.entity';
import { DecisionFilter, DecisionOrder } from './meeting.inputs';

const DecisionConnection = ConnectionType(Decision);

@Resolver(() => Decision)
export class DecisionResolver extends RecordResolver(Decision) {
  @Query(() => Decision, { description: 'A decision by ID; NOT_FOUND when there is none.' })
  decision(@Arg('id', () => ID, { description: 'The decision\'s ID.' }) id: string, @Ctx() ctx: Context) {
    return findOrNotFound(ctx.reader, Decision, { id: keyOf(id, 'Decision', 'id') }, `id ${id}`);
  }

  @Query(() => DecisionConnection, { description: 'Decisions, latest first unless ordered otherwise.' })
  decisions(
    @Args() page: PageArgs,
    @Arg('filter', () => DecisionFilter, { nullable: true, description: 'Conditions the decisions must meet.' }) filter: DecisionFilter | null,
    @Arg('orderBy', () => [DecisionOrder], { nullable: true, description: 'Sort keys, first one first.' }) orderBy: OrderKey[] | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return paginate(ctx.reader, Decision, page, filter?.toQuery() ?? {}, orderBy, DecisionOrder.defaultOrder, info);
  }

  @FieldResolver(() => Meeting, { description: 'The meeting that took the decision.' })
  meeting(@Root() d: Decision) {
    return load(d.meeting);
  }

  @FieldResolver(() => [Program], { description: 'Programs the decision affects.' })
  programs(@Root() d: Decision, @Ctx() ctx: Context) {
    return ctx.reader.manyToMany(d.programs, 'code');
  }

  @FieldResolver(() => [ProgramAmendment], { description: 'Changes to programs the decision made.' })
  amendments(@Root() d: Decision) {
    return loadAll(d.amendments);
  }
}
