import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { DateScalar } from '../../shared/scalars';
import { Country } from '../country/country.entity';
import { Organization } from '../organization/organization.entity';
import { Person } from './person.entity';

@Entity()
@ObjectType({ implements: Node, description: 'A titled position a person holds in an organization (Popolo Membership with a role).' })
export class Role extends BaseEntity {
  @ManyToOne(() => Person, { ref: true, index: true })
  person!: Ref<Person>;

  @Field({ description: 'The title of the position, e.g. "Secretary-General".' })
  @Property({ type: 'string' })
  title!: string;

  @ManyToOne(() => Organization, { ref: true, index: true })
  organization!: Ref<Organization>;

  @ManyToOne(() => Country, { ref: true, nullable: true })
  country?: Ref<Country> | null;

  @Field({ description: 'True when the position is held in an acting capacity.' })
  @Property({ type: 'boolean', default: false })
  acting: boolean = false;

  @Field(() => DateScalar, { nullable: true, description: 'First day in the position, when known.' })
  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day in the position, when known.' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;
}
