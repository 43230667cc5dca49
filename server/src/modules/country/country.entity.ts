import { Collection, Embedded, Entity, OneToMany, Property, QueryOrder } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { CountryCodeScalar } from '../../shared/scalars';
import { LocalizedName } from '../../shared/localized-name';
import { buildSearchText } from '../../shared/search-text';
import { Membership } from './membership.entity';

@Entity()
@ObjectType({ implements: Node, description: 'A country or economy (ISO 3166-1), e.g. an APO member economy.' })
export class Country extends BaseEntity {
  @Field(() => CountryCodeScalar, { description: 'ISO 3166-1 alpha-2 code, e.g. `JP`.' })
  @Property({ type: 'string', length: 2, unique: true })
  code!: string;

  @Field({ description: 'ISO 3166-1 alpha-3 code, e.g. `JPN`.' })
  @Property({ type: 'string', length: 3, unique: true })
  alpha3!: string;

  @Field({ description: 'English short name, as the APO writes it.' })
  @Property({ type: 'string', index: true })
  name!: string;

  @Field(() => [LocalizedName], { description: 'Names in other languages and spellings sources use (e.g. Indonesian "Jepang").' })
  @Embedded(() => LocalizedName, { array: true })
  names: LocalizedName[] = [];

  @OneToMany(() => Membership, (m) => m.country, { orderBy: { joinedOn: QueryOrder.ASC_NULLS_LAST, id: QueryOrder.ASC } })
  memberships = new Collection<Membership>(this);

  @Property({ type: 'text', hidden: true, onCreate: (c: Country) => c.searchTerms(), onUpdate: (c: Country) => c.searchTerms() })
  searchText!: string;

  searchTerms(): string {
    return buildSearchText([this.name, this.code, this.alpha3, ...this.names.map((n) => n.name)]);
  }
}
