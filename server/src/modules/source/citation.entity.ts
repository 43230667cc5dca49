import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { Source } from './source.entity';
import { CitationStatus } from './source.types';

@Entity()
@Index({ properties: ['subjectType', 'subjectId'] })
@ObjectType({ implements: Node, description: 'A source backing a fact about a record, with its excerpt and whether the claim holds.' })
export class Citation extends BaseEntity {
  @ManyToOne(() => Source, { ref: true, index: true })
  source!: Ref<Source>;

  /** GraphQL type name of the cited record (e.g. `Program`). */
  @Property({ type: 'string', length: 32 })
  subjectType!: string;

  @Property({ type: 'string', length: 80 })
  subjectId!: string;

  @Field(() => String, { nullable: true, description: 'The field of the record the citation concerns; null for the record as a whole.' })
  @Property({ type: 'string', length: 64, nullable: true })
  field?: string | null;

  @Field({ description: 'The words of the source, verbatim.' })
  @Property({ type: 'text' })
  excerpt!: string;

  @Field(() => CitationStatus, { description: 'Whether the claim is reported, verified or disputed.' })
  @Enum({ items: () => CitationStatus, index: true })
  status!: CitationStatus;

  @Field(() => String, { nullable: true, description: 'The right value, when the claim is DISPUTED.' })
  @Property({ type: 'text', nullable: true })
  correctedValue?: string | null;

  @Field(() => String, { nullable: true, description: 'Editors\' explanation.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
