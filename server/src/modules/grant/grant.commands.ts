import { Field, ID, InputType, Int } from 'type-graphql';
import { DeleteInput, DeletePayload, MutationPayload } from '../../shared/write/mutation';
import { CurrencyScalar, DateScalar, DecimalScalar } from '../../shared/scalars';
import { FundingGrant } from './grant.entity';
import { GrantStatus } from './grant.types';

// The inputs and payloads of the grant mutations. In an update, a field left out keeps its value and a
// field sent as null is cleared.

@InputType({ description: 'An exact amount of money in one currency.' })
export class MoneyInput {
  @Field(() => DecimalScalar, { description: 'The amount, an exact non-negative decimal string, e.g. `"1250000.50"`.' })
  amount!: string;

  @Field(() => CurrencyScalar, { description: 'ISO 4217 currency code, e.g. `JPY`.' })
  currency!: string;
}

@InputType({ description: 'The fields of a grant that editors set.' })
class GrantFields {
  @Field(() => String, { nullable: true, description: 'Title of the grant (1 to 255 characters).' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'What the grant is for (at most 10 000 characters).' })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'The donor organization.' })
  donor?: string | null;

  @Field(() => ID, { nullable: true, description: 'The recipient organization, when known.' })
  recipient?: string | null;

  @Field(() => ID, { nullable: true, description: 'The program the grant funds.' })
  program?: string | null;

  @Field(() => String, { nullable: true, description: 'The funding mechanism, e.g. "Special Cash Grant" (at most 200 characters).' })
  mechanism?: string | null;

  @Field(() => MoneyInput, { nullable: true, description: 'The amount and currency; null when unknown (never 0 for unknown).' })
  amount?: MoneyInput | null;

  @Field(() => DateScalar, { nullable: true, description: 'The day the grant was awarded.' })
  awardedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Start of the funded period.' })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'End of the funded period; not before its start.' })
  endDate?: string | null;

  @Field(() => GrantStatus, { nullable: true, description: 'Where the grant stands.' })
  status?: GrantStatus | null;
}

@InputType({ description: 'A new grant: `title`, `donor` and `status` are required.' })
export class CreateGrantInput extends GrantFields {}

@InputType({ description: 'Changes to a grant: its ID, the version read, and only the fields that change.' })
export class UpdateGrantInput extends GrantFields {
  @Field(() => ID, { description: 'The grant to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the grant the change is based on; a CONFLICT if it has changed since.' })
  version!: number;
}

export const DeleteGrantInput = DeleteInput('Grant', 'grant');
export type DeleteGrantInput = InstanceType<typeof DeleteGrantInput>;

export const CreateGrantPayload = MutationPayload('CreateGrant', 'grant', FundingGrant);
export const UpdateGrantPayload = MutationPayload('UpdateGrant', 'grant', FundingGrant);
export const DeleteGrantPayload = DeletePayload('DeleteGrant');
