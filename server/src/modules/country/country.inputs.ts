import type { FilterQuery } from '@mikro-orm/core';
import { Field, ID, InputType } from 'type-graphql';
import { OrderDirection, OrderInput } from '../../shared/connection';
import { dateRange } from '../../shared/date-range';
import { keyOf } from '../../shared/global-id';
import { CountryCodeScalar, DateScalar } from '../../shared/scalars';
import { nameContains } from '../../shared/search-text';
import type { Country } from './country.entity';
import type { Membership } from './membership.entity';
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
      ...(this.membershipStatus ? { memberships: { $some: { status: this.membershipStatus } } } : {}),
    };
  }
}

export enum CountryOrderField {
  CODE = 'code',
  NAME = 'name',
  CREATED_AT = 'createdAt',
}
export const CountryOrder = OrderInput('Country', CountryOrderField, 'Fields countries can be sorted by.', [{ field: CountryOrderField.NAME, direction: OrderDirection.ASC }]);

@InputType({ description: 'Narrows a list of memberships; all given conditions must hold.' })
export class MembershipFilter {
  @Field(() => ID, { nullable: true, description: 'Only memberships of this organization (e.g. the APO).' })
  organization?: string | null;

  @Field(() => [MembershipStatus], { nullable: true, description: 'Only these statuses.' })
  statuses?: MembershipStatus[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only members that joined on or after this day.' })
  joinedOnOrAfter?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only members that joined on or before this day.' })
  joinedOnOrBefore?: string | null;

  toQuery(): FilterQuery<Membership> {
    return {
      ...(this.organization ? { organization: keyOf(this.organization, 'Organization', 'filter.organization') } : {}),
      ...(this.statuses ? { status: { $in: this.statuses } } : {}),
      ...dateRange('joinedOn', this.joinedOnOrAfter, this.joinedOnOrBefore),
    };
  }
}

export enum MembershipOrderField {
  JOINED_ON = 'joinedOn',
  CREATED_AT = 'createdAt',
}
export const MembershipOrder = OrderInput('Membership', MembershipOrderField, 'Fields memberships can be sorted by.', [{ field: MembershipOrderField.JOINED_ON, direction: OrderDirection.ASC }]);
