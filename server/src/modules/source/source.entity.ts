import { Collection, DateTimeType, Entity, OneToMany, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';
import { buildSearchText } from '../../shared/search-text';
import { Citation } from './citation.entity';

@Entity()
@ObjectType({ implements: Node, description: 'A published source of facts: an article, a report, an official record.' })
export class Source extends BaseEntity {
  @Field({ description: 'Title (headline) of the source.' })
  @Property({ type: 'string' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Who published it, e.g. "Republika".' })
  @Property({ type: 'string', nullable: true, index: true })
  publisher?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it can be read, when known.' })
  @Property({ type: 'string', length: 2048, nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 639-1 language of the source.' })
  @Property({ type: 'string', length: 8, nullable: true })
  language?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was published.' })
  // DateTimeType, compared by value: see BaseEntity.createdAt.
  @Property({ type: DateTimeType, nullable: true, index: true })
  publishedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Who wrote it.' })
  @Property({ type: 'string', nullable: true })
  author?: string | null;

  @Field(() => String, { nullable: true, description: 'Editors\' note on the source.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @OneToMany(() => Citation, (c) => c.source, { orderBy: { subjectType: 'asc', subjectId: 'asc', id: 'asc' } })
  citations = new Collection<Citation>(this);

  @Property({ type: 'text', hidden: true, onCreate: (s: Source) => s.searchTerms(), onUpdate: (s: Source) => s.searchTerms() })
  searchText!: string;

  searchTerms(): string {
    return buildSearchText([this.title, this.publisher, this.author]);
  }
}
