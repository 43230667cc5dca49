import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType, PageArgs, paginate, type OrderKey } from '../../shared/connection';
import { findOrNotFound, load, loadAll } from '../../shared/relations';
import { RecordResolver } from '../history';
import { keyOf } from '../../shared/global-id';
import { Country } from '../country/country.entity';
import { Organization } from '../organization/organization.entity';
import { Person } from './person.entity';
import { PersonFilter, PersonOrder } from './person.inputs';
import { Role } from './role.entity';

const PersonConnection = ConnectionType(Person);

/**
 * The order of `Person.roles` (start date, those without one last, then key), applied again here: a mutation's
 * payload holds the roles it loaded and created in the order it made them, and must list them as a read does.
 */
const byTenure = (a: Role, b: Role) => compare(a.startDate ?? '\uffff', b.startDate ?? '\uffff') || compare(a.id, b.id);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

@Resolver(() => Person)
export class PersonResolver extends RecordResolver(Person) {
  @Query(() => Person, { description: 'A person by ID; NOT_FOUND when there is none.' })
  person(@Arg('id', () => ID, { description: 'The person\'s ID.' }) id: string, @Ctx() ctx: Context) {
    return findOrNotFound(ctx.reader, Person, { id: keyOf(id, 'Person', 'id') }, `id ${id}`);
  }

  @Query(() => PersonConnection, { description: 'People, by name unless ordered otherwise.' })
  people(
    @Args() page: PageArgs,
    @Arg('filter', () => PersonFilter, { nullable: true, description: 'Conditions the people must meet.' }) filter: PersonFilter | null,
    @Arg('orderBy', () => [PersonOrder], { nullable: true, description: 'Sort keys, first one first.' }) orderBy: OrderKey[] | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return paginate(ctx.reader, Person, page, filter?.toQuery() ?? {}, orderBy, PersonOrder.defaultOrder, info);
  }

  @FieldResolver(() => Country, { nullable: true, description: 'The person\'s nationality, when known.' })
  nationality(@Root() p: Person) {
    return load(p.nationality);
  }

  @FieldResolver(() => [Role], { description: 'Positions the person holds or held.' })
  async roles(@Root() p: Person) {
    return [...(await loadAll(p.roles))].sort(byTenure);
  }
}

@Resolver(() => Role)
export class RoleResolver extends RecordResolver(Role) {
  @FieldResolver(() => Person, { description: 'Who holds the position.' })
  person(@Root() r: Role) {
    return load(r.person);
  }

  @FieldResolver(() => Organization, { description: 'The organization the position is in.' })
  organization(@Root() r: Role) {
    return load(r.organization);
  }

  @FieldResolver(() => Country, { nullable: true, description: 'The country the position is held for, e.g. "APO Director for Indonesia".' })
  country(@Root() r: Role) {
    return load(r.country);
  }
}
