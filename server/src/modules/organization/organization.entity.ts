import { Collection, Embedded, Entity, Enum, ManyToOne, OneToMany, Property, QueryOrder, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { LocalizedName } from '../../shared/localized-name';
import { buildSearchText } from '../../shared/search-text';
import { Country } from '../country/country.entity';
import { Membership } from '../country/membership.entity';
import { OrganizationKind } from './organization.types';

@Entity()
@ObjectType({ implements: Node, description: 'An organization: the APO and its bodies, ministries and their units, donors (Popolo Organization).' })
export class Organization extends BaseEntity {
  @Field({ description: 'Official English name.' })
  @Property({ type: 'string', index: true })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Acronym or short name, e.g. `APO`, `Kemnaker`.' })
  @Property({ type: 'string', nullable: true })
  acronym?: string | null;

  @Field(() => OrganizationKind, { description: 'What kind of body this is.' })
  @Enum({ items: () => OrganizationKind, index: true })
  kind!: OrganizationKind;

  @ManyToOne(() => Country, { ref: true, nullable: true, index: true })
  country?: Ref<Country> | null;

  @ManyToOne(() => Organization, { ref: true, nullable: true, index: true })
  parent?: Ref<Organization> | null;

  @OneToMany(() => Organization, (o) => o.parent, { orderBy: { name: QueryOrder.ASC, id: QueryOrder.ASC } })
  children = new Collection<Organization>(this);

  @Field(() => [LocalizedName], { description: 'Names in other languages, abbreviations and spellings sources use.' })
  @Embedded(() => LocalizedName, { array: true })
  names: LocalizedName[] = [];

  @OneToMany(() => Membership, (m) => m.organization, { orderBy: { joinedOn: QueryOrder.ASC_NULLS_LAST, id: QueryOrder.ASC } })
  memberships = new Collection<Membership>(this);

  @Property({ type: 'text', hidden: true, onCreate: (o: Organization) => o.searchTerms(), onUpdate: (o: Organization) => o.searchTerms() })
  searchText!: string;

  searchTerms(): string {
    return buildSearchText([this.name, this.acronym, ...this.names.map((n) => n.name)]);
  }
}
