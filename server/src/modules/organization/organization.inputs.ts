import type { FilterQuery } from '@mikro-orm/core';
import { Field, ID, InputType } from 'type-graphql';
import { OrderDirection, OrderInput } from '../../shared/connection';
import { keyOf } from '../../shared/global-id';
import { CountryCodeScalar } from '../../shared/scalars';
import { nameContains } from '../../shared/search-text';
import type { Organization } from './organization.entity';
import { OrganizationKind } from './organization.types';

@InputType({ description: 'Narrows a list of organizations; all given conditions must hold.' })
export class OrganizationFilter {
  @Field(() => [OrganizationKind], { nullable: true, description: 'Only these kinds.' })
  kinds?: OrganizationKind[] | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'Only organizations of this country.' })
  country?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only direct children of this organization.' })
  parent?: string | null;

  @Field(() => String, { nullable: true, description: 'Name, acronym or any other name contains this text (case and accents ignored).' })
  name?: string | null;

  toQuery(): FilterQuery<Organization> {
    return {
      ...(this.kinds ? { kind: { $in: this.kinds } } : {}),
      ...(this.country ? { country: { code: this.country } } : {}),
      ...(this.parent ? { parent: keyOf(this.parent, 'Organization', 'filter.parent') } : {}),
      ...(this.name ? nameContains(this.name, 'filter.name') : {}),
    };
  }
}

export enum OrganizationOrderField {
  NAME = 'name',
  KIND = 'kind',
  CREATED_AT = 'createdAt',
}
export const OrganizationOrder = OrderInput('Organization', OrganizationOrderField, 'Fields organizations can be sorted by.', [{ field: OrganizationOrderField.NAME, direction: OrderDirection.ASC }]);
