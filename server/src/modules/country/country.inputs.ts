import type { FilterQuery } from '@mikro-orm/core';
import { Field, InputType } from 'type-graphql';
import { OrderInput } from '../../shared/connection';
import { CountryCodeScalar } from '../../shared/scalars';
import { nameContains } from '../../shared/search-text';
import type { Country } from './country.entity';
import { MembershipStatus } from './country.types';

@InputType({ description: 'Narrows a list of countries; all given conditions must hold.' })
export class CountryFilter {
  @Field(() => [CountryCodeScalar], { nullable: true, description: 'Only these ISO alpha-2 codes.' })
  codes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Any of the country\'s names contains this text (any language; case and accents ignored).' })
  name?: string | null;

  @Field(() => MembershipStatus, { nullable: true, description: 'Only countries with a membership in this status.' })
  membershipStatus?: MembershipStatus | null;

  toQuery(): FilterQuery<Country> {
    return {
      ...(this.codes ? { code: { $in: this.codes } } : {}),
      ...(this.name ? nameContains(this.name, 'filter.name') : {}),
      ...(this.membershipStatus ? { memberships: { status: this.membershipStatus } } : {}),
    };
  }
}

export enum CountryOrderField {
  CODE = 'code',
  NAME = 'name',
  CREATED_AT = 'createdAt',
}
export const CountryOrder = OrderInput('Country', CountryOrderField, 'Fields countries can be sorted by.');
