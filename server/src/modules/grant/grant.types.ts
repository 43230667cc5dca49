import { Field, Int, ObjectType } from 'type-graphql';
import { describeEnum } from '../../shared/enums';
import { CurrencyScalar, DecimalScalar } from '../../shared/scalars';

export enum GrantStatus {
  PLANNED = 'PLANNED',
  COMMITTED = 'COMMITTED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
describeEnum(GrantStatus, 'GrantStatus', 'Where a grant stands.', {
  PLANNED: 'Announced or planned, not yet committed.',
  COMMITTED: 'Committed by the donor (IATI commitment).',
  ACTIVE: 'Being disbursed and spent.',
  COMPLETED: 'Fully disbursed and closed.',
  CANCELLED: 'Withdrawn.',
});

@ObjectType({ description: 'An exact amount of money in one currency.' })
export class Money {
  @Field(() => DecimalScalar, { description: 'The amount, an exact decimal string.' })
  amount!: string;

  @Field(() => CurrencyScalar, { description: 'ISO 4217 currency code.' })
  currency!: string;
}

@ObjectType({ description: 'One group of grants in `fundingSummary`: how many, and how much per currency.' })
export class FundingSummaryRow {
  @Field(() => String, { nullable: true, description: 'The group: an organization or program ID, a year, or a currency code; null for grants without one.' })
  key!: string | null;

  @Field({ description: 'Human-readable name of the group.' })
  label!: string;

  @Field(() => Int, { description: 'Number of grants in the group, including those whose amount is unknown.' })
  grantCount!: number;

  @Field(() => Int, { description: 'Number of grants in the group whose amount is unknown (not in the totals).' })
  unknownAmountCount!: number;

  @Field(() => [Money], { description: 'Exact totals, one per currency; never summed across currencies.' })
  totals!: Money[];
}
