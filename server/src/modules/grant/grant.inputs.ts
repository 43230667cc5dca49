import type { FilterQuery } from '@mikro-orm/core';
import { Field, ID, InputType } from 'type-graphql';
import { OrderDirection, OrderInput } from '../../shared/connection';
import { dateRange } from '../../shared/date-range';
import { describeEnum } from '../../shared/enums';
import { keyOf } from '../../shared/global-id';
import { CountryCodeScalar, CurrencyScalar, DateScalar } from '../../shared/scalars';
import type { FundingGrant } from './grant.entity';
import { GrantStatus } from './grant.types';

@InputType({ description: 'Narrows a list of grants; all given conditions must hold.' })
export class GrantFilter {
  @Field(() => ID, { nullable: true, description: 'Only grants from this donor organization.' })
  donor?: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'Only grants from donors of this country.' })
  donorCountry?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only grants to this recipient organization.' })
  recipient?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only grants funding this program.' })
  program?: string | null;

  @Field(() => [CurrencyScalar], { nullable: true, description: 'Only grants in these currencies.' })
  currencies?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Only grants through this mechanism, e.g. "Special Cash Grant".' })
  mechanism?: string | null;

  @Field(() => [GrantStatus], { nullable: true, description: 'Only these statuses.' })
  statuses?: GrantStatus[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only grants awarded on or after this day.' })
  awardedOnOrAfter?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only grants awarded on or before this day.' })
  awardedOnOrBefore?: string | null;

  toQuery(): FilterQuery<FundingGrant> {
    return {
      ...(this.donor || this.donorCountry ? { donor: this.donorQuery() } : {}),
      ...(this.recipient ? { recipient: keyOf(this.recipient, 'Organization', 'filter.recipient') } : {}),
      ...(this.program ? { program: keyOf(this.program, 'Program', 'filter.program') } : {}),
      ...(this.currencies ? { currency: { $in: this.currencies } } : {}),
      ...(this.mechanism ? { mechanism: this.mechanism } : {}),
      ...(this.statuses ? { status: { $in: this.statuses } } : {}),
      ...dateRange('awardedOn', this.awardedOnOrAfter, this.awardedOnOrBefore),
    };
  }

  /** Both donor conditions apply to the same relation, so they are merged, not overwritten. */
  private donorQuery() {
    return {
      ...(this.donor ? { id: keyOf(this.donor, 'Organization', 'filter.donor') } : {}),
      ...(this.donorCountry ? { country: { code: this.donorCountry } } : {}),
    };
  }
}

export enum GrantOrderField {
  AWARDED_ON = 'awardedOn',
  TITLE = 'title',
  AMOUNT = 'amountE4',
  CREATED_AT = 'createdAt',
}
export const GrantOrder = OrderInput('Grant', GrantOrderField, 'Fields grants can be sorted by (AMOUNT compares numbers only; mind currencies).', [{ field: GrantOrderField.AWARDED_ON, direction: OrderDirection.DESC }]);

export enum FundingGroupBy {
  DONOR = 'DONOR',
  RECIPIENT = 'RECIPIENT',
  PROGRAM = 'PROGRAM',
  YEAR = 'YEAR',
  CURRENCY = 'CURRENCY',
}
describeEnum(FundingGroupBy, 'FundingGroupBy', 'How `fundingSummary` groups grants.', {
  DONOR: 'One row per donor organization.',
  RECIPIENT: 'One row per recipient organization (grants with none: key null).',
  PROGRAM: 'One row per funded program (grants with none: key null).',
  YEAR: 'One row per year of award (grants with no award date: key null).',
  CURRENCY: 'One row per currency (grants with unknown amount: key null).',
});
