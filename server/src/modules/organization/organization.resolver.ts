import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType, PageArgs, paginate, type OrderKey } from '../../shared/connection';
import { findOrNotFound, load, loadAll } from '../../shared/relations';
import { RecordResolver } from '../history';
import { keyOf } from '../../shared/global-id';
import { Country } from '../country/country.entity';
import { Membership } from '../country/membership.entity';
import { Organization } from './organization.entity';
import { OrganizationFilter, OrganizationOrder } from './organization.inputs';

const OrganizationConnection = ConnectionType(Organization);

@Resolver(() => Organization)
export class OrganizationResolver extends RecordResolver(Organization) {
  @Query(() => Organization, { description: 'An organization by ID; NOT_FOUND when there is none.' })
  organization(@Arg('id', () => ID, { description: 'The organization\'s ID.' }) id: string, @Ctx() ctx: Context) {
    return findOrNotFound(ctx.reader, Organization, { id: keyOf(id, 'Organization', 'id') }, `id ${id}`);
  }

  @Query(() => OrganizationConnection, { description: 'Organizations, by name unless ordered otherwise.' })
  organizations(
    @Args() page: PageArgs,
    @Arg('filter', () => OrganizationFilter, { nullable: true, description: 'Conditions the organizations must meet.' }) filter: OrganizationFilter | null,
    @Arg('orderBy', () => [OrganizationOrder], { nullable: true, description: 'Sort keys, first one first.' }) orderBy: OrderKey[] | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return paginate(ctx.reader, Organization, page, filter?.toQuery() ?? {}, orderBy, OrganizationOrder.defaultOrder, info);
  }

  @FieldResolver(() => Country, { nullable: true, description: 'The country the organization belongs to, if any.' })
  country(@Root() o: Organization) {
    return load(o.country);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The organization this one is part of.' })
  parent(@Root() o: Organization) {
    return load(o.parent);
  }

  @FieldResolver(() => [Organization], { description: 'Organizations directly under this one.' })
  children(@Root() o: Organization) {
    return loadAll(o.children);
  }

  @FieldResolver(() => [Membership], { description: 'Memberships in this organization (e.g. the APO\'s member economies).' })
  memberships(@Root() o: Organization) {
    return loadAll(o.memberships);
  }
}
