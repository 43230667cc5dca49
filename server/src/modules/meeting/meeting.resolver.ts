import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType, PageArgs, paginate, type OrderKey } from '../../shared/connection';
import { findOrNotFound, load, loadAll } from '../../shared/relations';
import { RecordResolver } from '../history';
import { keyOf } from '../../shared/global-id';
import { Country } from '../country/country.entity';
import { Organization } from '../organization/organization.entity';
import { Person } from '../person/person.entity';
import { Decision } from './decision.entity';
import { MeetingParticipant } from './meeting-participant.entity';
import { Meeting } from './meeting.entity';
import { MeetingFilter, MeetingOrder } from './meeting.inputs';
import { attendingCountries } from './meeting.service';

const MeetingConnection = ConnectionType(Meeting);

@Resolver(() => Meeting)
export class MeetingResolver extends RecordResolver(Meeting) {
  @Query(() => Meeting, { description: 'A meeting by ID; NOT_FOUND when there is none.' })
  meeting(@Arg('id', () => ID, { description: 'The meeting\'s ID.' }) id: string, @Ctx() ctx: Context) {
    return findOrNotFound(ctx.reader, Meeting, { id: keyOf(id, 'Meeting', 'id') }, `id ${id}`);
  }

  @Query(() => MeetingConnection, { description: 'Meetings, latest first unless ordered otherwise.' })
  meetings(
    @Args() page: PageArgs,
    @Arg('filter', () => MeetingFilter, { nullable: true, description: 'Conditions the meetings must meet.' }) filter: MeetingFilter | null,
    @Arg('orderBy', () => [MeetingOrder], { nullable: true, description: 'Sort keys, first one first.' }) orderBy: OrderKey[] | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return paginate(ctx.reader, Meeting, page, filter?.toQuery() ?? {}, orderBy, MeetingOrder.defaultOrder, info);
  }

  @FieldResolver(() => Organization, { description: 'The organization that met, e.g. the APO Governing Body.' })
  organization(@Root() m: Meeting) {
    return load(m.organization);
  }

  @FieldResolver(() => Country, { nullable: true, description: 'The host country, for an in-person meeting.' })
  hostCountry(@Root() m: Meeting) {
    return load(m.hostCountry);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Who chaired the meeting.' })
  chair(@Root() m: Meeting) {
    return load(m.chair);
  }

  @FieldResolver(() => Meeting, { nullable: true, description: 'The meeting this one belongs to (a preparatory session\'s GBM).' })
  parent(@Root() m: Meeting) {
    return load(m.parent);
  }

  @FieldResolver(() => [Meeting], { description: 'Sessions that belong to this meeting, earliest first.' })
  children(@Root() m: Meeting) {
    return loadAll(m.children);
  }

  @FieldResolver(() => [MeetingParticipant], { description: 'Everyone who took part, with their role.' })
  participants(@Root() m: Meeting) {
    return loadAll(m.participants);
  }

  @FieldResolver(() => [Country], { description: 'The countries that attended as members, by name.' })
  attendingCountries(@Root() m: Meeting) {
    return attendingCountries(m);
  }

  @FieldResolver(() => [Decision], { description: 'Decisions taken at the meeting.' })
  decisions(@Root() m: Meeting) {
    return loadAll(m.decisions);
  }
}

@Resolver(() => MeetingParticipant)
export class MeetingParticipantResolver extends RecordResolver(MeetingParticipant) {
  @FieldResolver(() => Meeting, { description: 'The meeting.' })
  meeting(@Root() p: MeetingParticipant) {
    return load(p.meeting);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'The person, when a person took part.' })
  person(@Root() p: MeetingParticipant) {
    return load(p.person);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The organization taking part, or the one the person represented.' })
  organization(@Root() p: MeetingParticipant) {
    return load(p.organization);
  }

  @FieldResolver(() => Country, { nullable: true, description: 'The country taking part, or the one the person represented.' })
  country(@Root() p: MeetingParticipant) {
    return load(p.country);
  }
}
