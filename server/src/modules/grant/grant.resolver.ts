import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { PageArgs, paginate, type OrderKey } from '../../shared/connection';
import { scaledToDecimal } from '../../shared/decimal';
import { findOrNotFound, load } from '../../shared/relations';
import { RecordResolver } from '../history';
import { keyOf } from '../../shared/global-id';
import { Organization } from '../organization/organization.entity';
import { Program } from '../program/program.entity';
import { fundingSummary } from './funding-summary.service';
import { FundingGrant } from './grant.entity';
import { GrantConnection } from './grant.connection';
import { FundingGroupBy, GrantFilter, GrantOrder } from './grant.inputs';
import { FundingSummaryRow, Money } from './grant.types';


@Resolver(() => FundingGrant)
export class GrantResolver extends RecordResolver(FundingGrant) {
  @Query(() => FundingGrant, { description: 'A grant by ID; NOT_FOUND when there is none.' })
  grant(@Arg('id', () => ID, { description: 'The grant\'s ID.' }) id: string, @Ctx() ctx: Context) {
    return findOrNotFound(ctx.reader, FundingGrant, { id: keyOf(id, 'FundingGrant', 'id') }, `id ${id}`);
  }

  @Query(() => GrantConnection, { description: 'Funding grants, most recently awarded first unless ordered otherwise.' })
  grants(
    @Args() page: PageArgs,
    @Arg('filter', () => GrantFilter, { nullable: true, description: 'Conditions the grants must meet.' }) filter: GrantFilter | null,
    @Arg('orderBy', () => [GrantOrder], { nullable: true, description: 'Sort keys, first one first.' }) orderBy: OrderKey[] | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return paginate(ctx.reader, FundingGrant, page, filter?.toQuery() ?? {}, orderBy, GrantOrder.defaultOrder, info);
  }

  @Query(() => [FundingSummaryRow], { description: 'Grant counts and exact totals per currency, grouped by donor, recipient, program, year or currency; computed in SQL.' })
  fundingSummary(
    @Arg('groupBy', () => FundingGroupBy, { description: 'How to group the grants.' }) groupBy: FundingGroupBy,
    @Arg('filter', () => GrantFilter, { nullable: true, description: 'Which grants to count.' }) filter: GrantFilter | null,
    @Ctx() ctx: Context,
  ) {
    return fundingSummary(ctx.em, groupBy, filter?.toQuery() ?? {});
  }

  @FieldResolver(() => Organization, { description: 'Who gives the money.' })
  donor(@Root() g: FundingGrant) {
    return load(g.donor);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'Who receives the money, when known.' })
  recipient(@Root() g: FundingGrant) {
    return load(g.recipient);
  }

  @FieldResolver(() => Program, { nullable: true, description: 'The program the grant funds.' })
  program(@Root() g: FundingGrant) {
    return load(g.program);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'The amount and currency; null when the amount is unknown (never 0 for unknown).' })
  amount(@Root() g: FundingGrant): Money | null {
    if (g.amountE4 == null || !g.currency) return null;
    return { amount: scaledToDecimal(g.amountE4, g.currency), currency: g.currency };
  }
}
