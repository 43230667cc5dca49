import { Embeddable, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';

@Embeddable()
@ObjectType({ description: 'A name in one language, or an alternative spelling (Popolo `other_names`).' })
export class LocalizedName {
  @Field({ description: 'ISO 639-1 language code of the name (e.g. `id` for Indonesian).' })
  @Property({ type: 'string' })
  lang!: string;

  @Field({ description: 'The name as written.' })
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Why this name exists, e.g. a misspelling in a source.' })
  @Property({ type: 'string', nullable: true })
  note?: string | null;
}
