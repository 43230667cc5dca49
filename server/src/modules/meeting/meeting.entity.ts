import { Collection, Entity, Enum, ManyToOne, OneToMany, Property, QueryOrder, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { DateScalar } from '../../shared/scalars';
import { buildSearchText } from '../../shared/search-text';
import { Country } from '../country/country.entity';
import { Organization } from '../organization/organization.entity';
import { Person } from '../person/person.entity';
import { Decision } from './decision.entity';
import { MeetingParticipant } from './meeting-participant.entity';
import { MeetingKind, Modality } from './meeting.types';

@Entity()
// One "64th Governing Body Meeting" per organization: a session number names one session of its kind (nulls may repeat).
@Unique({ properties: ['organization', 'kind', 'sessionNumber'] })
@ObjectType({ implements: Node, description: 'A meeting of an organization, e.g. a Governing Body Meeting (Open Civic Data Event).' })
export class Meeting extends BaseEntity {
  @ManyToOne(() => Organization, { ref: true, index: true })
  organization!: Ref<Organization>;

  @Field(() => MeetingKind, { description: 'What kind of meeting it is.' })
  @Enum({ items: () => MeetingKind, index: true })
  kind!: MeetingKind;

  @Field(() => Int, { nullable: true, description: 'Ordinal of the session, e.g. 63 for the 63rd GBM.' })
  @Property({ type: 'integer', nullable: true, index: true })
  sessionNumber?: number | null;

  @Field({ description: 'Title of the meeting.' })
  @Property({ type: 'string', length: 500 })
  title!: string;

  @Field(() => DateScalar, { description: 'First day of the meeting (local date).' })
  @Property({ type: 'date', index: true })
  startDate!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the meeting (local date).' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone the dates are given in, e.g. `Asia/Jakarta`.' })
  @Property({ type: 'string', nullable: true })
  timezone?: string | null;

  @Field(() => Modality, { description: 'Virtual, in person or hybrid.' })
  @Enum({ items: () => Modality })
  modality!: Modality;

  @Field(() => String, { nullable: true, description: 'Platform used for a virtual meeting, e.g. "Zoom".' })
  @Property({ type: 'string', nullable: true })
  platform?: string | null;

  @Field(() => Int, { nullable: true, description: 'Reported length of the meeting in minutes.' })
  @Property({ type: 'integer', nullable: true })
  durationMinutes?: number | null;

  @ManyToOne(() => Country, { ref: true, nullable: true })
  hostCountry?: Ref<Country> | null;

  @ManyToOne(() => Person, { ref: true, nullable: true })
  chair?: Ref<Person> | null;

  @ManyToOne(() => Meeting, { ref: true, nullable: true, index: true })
  parent?: Ref<Meeting> | null;

  @OneToMany(() => Meeting, (m) => m.parent, { orderBy: { startDate: 'asc', id: 'asc' } })
  children = new Collection<Meeting>(this);

  @OneToMany(() => MeetingParticipant, (p) => p.meeting, { orderBy: { role: 'asc', id: 'asc' } })
  participants = new Collection<MeetingParticipant>(this);

  @OneToMany(() => Decision, (d) => d.meeting, { orderBy: { decidedOn: QueryOrder.ASC_NULLS_LAST, id: QueryOrder.ASC } })
  decisions = new Collection<Decision>(this);

  @Property({ type: 'text', hidden: true, onCreate: (m: Meeting) => m.searchTerms(), onUpdate: (m: Meeting) => m.searchTerms() })
  searchText!: string;

  searchTerms(): string {
    return buildSearchText([this.title, this.platform]);
  }
}
