import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { BadUserInputError } from '../../errors';
import { ConnectionType, PageArgs, paginate, type OrderKey } from '../../shared/connection';
import { findOrNotFound, load, loadAll } from '../../shared/relations';
import { RecordResolver } from '../history';
import { keyOf } from '../../shared/global-id';
import { DateScalar } from '../../shared/scalars';
import { Country } from '../country/country.entity';
import { GrantConnection } from '../grant/grant.connection';
import { FundingGrant } from '../grant/grant.entity';
import { GrantOrder } from '../grant/grant.inputs';
import { Decision } from '../meeting/decision.entity';
import { Organization } from '../organization/organization.entity';
import { ProgramAmendment } from './program-amendment.entity';
import { Program } from './program.entity';
import { ProgramFilter, ProgramOrder } from './program.inputs';
import { fieldAsOf } from './program.service';

const ProgramConnection = ConnectionType(Program);

@Resolver(() => Program)
export class ProgramResolver extends RecordResolver(Program) {
  @Query(() => Program, { description: 'A program by ID or by code (give exactly one); NOT_FOUND when there is none.' })
  program(
    @Arg('id', () => ID, { nullable: true, description: 'The program\'s ID.' }) id: string | null,
    @Arg('code', () => String, { nullable: true, description: 'The program\'s code, e.g. `GP2`.' }) code: string | null,
    @Ctx() ctx: Context,
  ) {
    if ((id == null) === (code == null)) throw new BadUserInputError('Give exactly one of `id` and `code`.', id == null ? 'code' : 'id');
    return id != null
      ? findOrNotFound(ctx.reader, Program, { id: keyOf(id, 'Program', 'id') }, `id ${id}`)
      : findOrNotFound(ctx.reader, Program, { code: code! }, `code ${code}`);
  }

  @Query(() => ProgramConnection, { description: 'Programs, by code unless ordered otherwise.' })
  programs(
    @Args() page: PageArgs,
    @Arg('filter', () => ProgramFilter, { nullable: true, description: 'Conditions the programs must meet.' }) filter: ProgramFilter | null,
    @Arg('orderBy', () => [ProgramOrder], { nullable: true, description: 'Sort keys, first one first.' }) orderBy: OrderKey[] | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return paginate(ctx.reader, Program, page, filter?.toQuery() ?? {}, orderBy, ProgramOrder.defaultOrder, info);
  }

  @FieldResolver(() => DateScalar, { nullable: true, description: 'The planned end date: the current plan, or with `asOf` the plan as it stood on that day (from the amendments).' })
  endDate(
    @Root() p: Program,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Answer as the plan stood on this day.' }) asOf: string | null,
  ) {
    return fieldAsOf(p, 'endDate', asOf);
  }

  @FieldResolver(() => [ProgramAmendment], { description: 'Changes to the plan, oldest first, with the decisions that made them.' })
  amendments(@Root() p: Program) {
    return loadAll(p.amendments);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'Who implements the program.' })
  implementingOrganization(@Root() p: Program) {
    return load(p.implementingOrganization);
  }

  @FieldResolver(() => [Country], { description: 'Countries taking part.' })
  participatingCountries(@Root() p: Program, @Ctx() ctx: Context) {
    return ctx.reader.manyToMany(p.participatingCountries, 'name');
  }

  @FieldResolver(() => Program, { nullable: true, description: 'The program this one succeeds (Green Productivity for Green Productivity 2.0).' })
  predecessor(@Root() p: Program) {
    return load(p.predecessor);
  }

  @FieldResolver(() => [Program], { description: 'Programs that succeed this one.' })
  successors(@Root() p: Program) {
    return loadAll(p.successors);
  }

  @FieldResolver(() => GrantConnection, { description: 'Grants funding the program, most recently awarded first unless ordered otherwise.' })
  grants(
    @Root() p: Program,
    @Args() page: PageArgs,
    @Arg('orderBy', () => [GrantOrder], { nullable: true, description: 'Sort keys, first one first.' }) orderBy: OrderKey[] | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    // Paged in SQL: a program may have thousands of grants, and only one page of them is wanted.
    return paginate(ctx.reader, FundingGrant, page, { program: p.id }, orderBy, GrantOrder.defaultOrder, info);
  }

  @FieldResolver(() => [Decision], { description: 'Decisions that concern the program.' })
  decisions(@Root() p: Program, @Ctx() ctx: Context) {
    return ctx.reader.manyToMany(p.decisions, 'decidedOn');
  }
}

@Resolver(() => ProgramAmendment)
export class ProgramAmendmentResolver extends RecordResolver(ProgramAmendment) {
  @FieldResolver(() => Program, { description: 'The amended program.' })
  program(@Root() a: ProgramAmendment) {
    return load(a.program);
  }

  @FieldResolver(() => Decision, { nullable: true, description: 'The decision that made the change.' })
  decision(@Root() a: ProgramAmendment) {
    return load(a.decision);
  }
}
