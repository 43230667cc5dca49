import { Entity, Enum, ManyToOne, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { Country } from '../country/country.entity';
import { Organization } from '../organization/organization.entity';
import { Person } from '../person/person.entity';
import { Meeting } from './meeting.entity';
import { ParticipantRole } from './meeting.types';

@Entity()
@ObjectType({ implements: Node, description: 'Who took part in a meeting and in what role: a country, an organization, a person, or a person for both.' })
export class MeetingParticipant extends BaseEntity {
  @ManyToOne(() => Meeting, { ref: true, index: true })
  meeting!: Ref<Meeting>;

  @Field(() => ParticipantRole, { description: 'The part played in the meeting.' })
  @Enum({ items: () => ParticipantRole })
  role!: ParticipantRole;

  @ManyToOne(() => Person, { ref: true, nullable: true, index: true })
  person?: Ref<Person> | null;

  @ManyToOne(() => Organization, { ref: true, nullable: true })
  organization?: Ref<Organization> | null;

  @ManyToOne(() => Country, { ref: true, nullable: true, index: true })
  country?: Ref<Country> | null;
}
