import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { DateScalar } from '../../shared/scalars';
import { Organization } from '../organization/organization.entity';
import { Country } from './country.entity';
import { DatePrecision, MembershipStatus } from './country.types';

@Entity()
@ObjectType({ implements: Node, description: 'A country\'s membership of an organization, e.g. of the APO (Popolo Membership).' })
export class Membership extends BaseEntity {
  @ManyToOne(() => Organization, { ref: true, index: true })
  organization!: Ref<Organization>;

  @ManyToOne(() => Country, { ref: true, index: true })
  country!: Ref<Country>;

  @Field(() => DateScalar, { nullable: true, description: 'When the country joined; see `joinedOnPrecision`.' })
  @Property({ type: 'date', nullable: true, index: true })
  joinedOn?: string | null;

  @Field(() => DatePrecision, { description: 'How much of `joinedOn` is known (YEAR: only the year).' })
  @Enum({ items: () => DatePrecision, default: DatePrecision.DAY })
  joinedOnPrecision: DatePrecision = DatePrecision.DAY;

  @Field(() => DateScalar, { nullable: true, description: 'When the country left, if it did.' })
  @Property({ type: 'date', nullable: true })
  leftOn?: string | null;

  @Field(() => MembershipStatus, { description: 'Current standing of the member.' })
  @Enum({ items: () => MembershipStatus, index: true })
  status!: MembershipStatus;
}
