import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { DateScalar } from '../../shared/scalars';
import { Decision } from '../meeting/decision.entity';
import { Program } from './program.entity';

@Entity()
@ObjectType({ implements: Node, description: 'A change to a program\'s plan (e.g. its end date), made by a decision.' })
export class ProgramAmendment extends BaseEntity {
  @ManyToOne(() => Program, { ref: true, index: true })
  program!: Ref<Program>;

  @Field({ description: 'The program field that changed, e.g. `endDate`.' })
  @Property({ type: 'string', length: 64 })
  field!: string;

  @Field(() => String, { nullable: true, description: 'The value before the change.' })
  @Property({ type: 'string', nullable: true })
  previousValue?: string | null;

  @Field(() => String, { nullable: true, description: 'The value after the change.' })
  @Property({ type: 'string', nullable: true })
  newValue?: string | null;

  @Field(() => DateScalar, { description: 'The day the change took effect (usually the decision\'s day).' })
  @Property({ type: 'date', index: true })
  effectiveOn!: string;

  @ManyToOne(() => Decision, { ref: true, nullable: true, index: true })
  decision?: Ref<Decision> | null;
}
