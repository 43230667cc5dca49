import { Collection, Embedded, Entity, ManyToOne, OneToMany, Property, QueryOrder, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { LocalizedName } from '../../shared/localized-name';
import { buildSearchText } from '../../shared/search-text';
import { Country } from '../country/country.entity';
import { Role } from './role.entity';

@Entity()
@ObjectType({ implements: Node, description: 'A person named in the records (Popolo Person).' })
export class Person extends BaseEntity {
  @Field({ description: 'The name the person is usually known by.' })
  @Property({ type: 'string', index: true })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Honorific such as "Dr".' })
  @Property({ type: 'string', nullable: true })
  honorificPrefix?: string | null;

  @ManyToOne(() => Country, { ref: true, nullable: true })
  nationality?: Ref<Country> | null;

  @Field(() => [LocalizedName], { description: 'Other names and spellings, including misspellings found in sources.' })
  @Embedded(() => LocalizedName, { array: true })
  otherNames: LocalizedName[] = [];

  @OneToMany(() => Role, (r) => r.person, { orderBy: { startDate: QueryOrder.ASC_NULLS_LAST, id: QueryOrder.ASC } })
  roles = new Collection<Role>(this);

  @Property({ type: 'text', hidden: true, onCreate: (p: Person) => p.searchTerms(), onUpdate: (p: Person) => p.searchTerms() })
  searchText!: string;

  searchTerms(): string {
    return buildSearchText([this.name, ...this.otherNames.map((n) => n.name)]);
  }
}
