import { Collection, Entity, Enum, ManyToMany, ManyToOne, OneToMany, Property, QueryOrder, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { DateScalar } from '../../shared/scalars';
import { buildSearchText } from '../../shared/search-text';
import { Program } from '../program/program.entity';
import { ProgramAmendment } from '../program/program-amendment.entity';
import { Meeting } from './meeting.entity';
import { DecisionKind, DecisionRequirement, DecisionResult } from './meeting.types';

@Entity()
@ObjectType({ implements: Node, description: 'A decision taken at a meeting, and what it changed.' })
export class Decision extends BaseEntity {
  @ManyToOne(() => Meeting, { ref: true, index: true })
  meeting!: Ref<Meeting>;

  @Field(() => DecisionKind, { description: 'What the decision does.' })
  @Enum({ items: () => DecisionKind, index: true })
  kind!: DecisionKind;

  @Field({ description: 'A short title.' })
  @Property({ type: 'string', length: 500 })
  title!: string;

  @Field({ description: 'What was decided, in full.' })
  @Property({ type: 'text' })
  text!: string;

  @Field(() => DateScalar, { nullable: true, description: 'The day of the decision.' })
  @Property({ type: 'date', nullable: true, index: true })
  decidedOn?: string | null;

  @Field(() => DecisionRequirement, { nullable: true, description: 'What agreement it needed.' })
  @Enum({ items: () => DecisionRequirement, nullable: true })
  requirement?: DecisionRequirement | null;

  @Field(() => DecisionResult, { description: 'The outcome.' })
  @Enum({ items: () => DecisionResult })
  result!: DecisionResult;

  @ManyToMany(() => Program, (p) => p.decisions, { owner: true })
  programs = new Collection<Program>(this);

  @OneToMany(() => ProgramAmendment, (a) => a.decision, { orderBy: { effectiveOn: QueryOrder.ASC, id: QueryOrder.ASC } })
  amendments = new Collection<ProgramAmendment>(this);

  @Property({ type: 'text', hidden: true, onCreate: (d: Decision) => d.searchTerms(), onUpdate: (d: Decision) => d.searchTerms() })
  searchText!: string;

  searchTerms(): string {
    return buildSearchText([this.title]);
  }
}
