import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType, PageArgs, paginate, type OrderKey } from '../../shared/connection';
import { findOrNotFound, load, loadAll } from '../../shared/relations';
import { RecordResolver } from '../history';
import { CountryCodeScalar } from '../../shared/scalars';
import { Organization } from '../organization/organization.entity';
import { Country } from './country.entity';
import { CountryFilter, CountryOrder, MembershipFilter, MembershipOrder } from './country.inputs';
import { Membership } from './membership.entity';

const CountryConnection = ConnectionType(Country);
const MembershipConnection = ConnectionType(Membership);

@Resolver(() => Country)
export class CountryResolver extends RecordResolver(Country) {
  @Query(() => Country, { description: 'A country by its ISO 3166-1 alpha-2 code; NOT_FOUND when there is none.' })
  country(@Arg('code', () => CountryCodeScalar, { description: 'ISO alpha-2 code, e.g. `JP`.' }) code: string, @Ctx() ctx: Context) {
    return findOrNotFound(ctx.reader, Country, { code }, `code ${code}`);
  }

  @Query(() => CountryConnection, { description: 'Countries and economies, by name unless ordered otherwise.' })
  countries(
    @Args() page: PageArgs,
    @Arg('filter', () => CountryFilter, { nullable: true, description: 'Conditions the countries must meet.' }) filter: CountryFilter | null,
    @Arg('orderBy', () => [CountryOrder], { nullable: true, description: 'Sort keys, first one first.' }) orderBy: OrderKey[] | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return paginate(ctx.reader, Country, page, filter?.toQuery() ?? {}, orderBy, CountryOrder.defaultOrder, info);
  }

  @FieldResolver(() => [Membership], { description: 'The country\'s memberships of organizations (e.g. of the APO).' })
  memberships(@Root() country: Country) {
    return loadAll(country.memberships);
  }
}

@Resolver(() => Membership)
export class MembershipResolver extends RecordResolver(Membership) {
  @Query(() => MembershipConnection, { description: 'Memberships of organizations (e.g. APO member economies), earliest joined first unless ordered otherwise.' })
  memberships(
    @Args() page: PageArgs,
    @Arg('filter', () => MembershipFilter, { nullable: true, description: 'Conditions the memberships must meet.' }) filter: MembershipFilter | null,
    @Arg('orderBy', () => [MembershipOrder], { nullable: true, description: 'Sort keys, first one first.' }) orderBy: OrderKey[] | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return paginate(ctx.reader, Membership, page, filter?.toQuery() ?? {}, orderBy, MembershipOrder.defaultOrder, info);
  }

  @FieldResolver(() => Organization, { description: 'The organization the country is a member of.' })
  organization(@Root() m: Membership) {
    return load(m.organization);
  }

  @FieldResolver(() => Country, { description: 'The member country.' })
  country(@Root() m: Membership) {
    return load(m.country);
  }
}
