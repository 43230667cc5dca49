import { Field, ID, InputType, Int } from 'type-graphql';
import { CountryCodeScalar, DateScalar } from '../../shared/scalars';
import { DeleteInput, DeletePayload, MutationPayload } from '../../shared/write/mutation';
import { DatePrecision, MembershipStatus } from './country.types';
import { Membership } from './membership.entity';

// The inputs and payloads of the membership mutations. In an update, a field left out keeps its value and a
// field sent as null is cleared.

@InputType({ description: 'The fields of a membership that editors set.' })
class MembershipFields {
  @Field(() => ID, { nullable: true, description: 'The organization the country is a member of (e.g. the APO).' })
  organization?: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'The member country, by its ISO alpha-2 code.' })
  country?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'When the country joined; with a YEAR or MONTH precision, the unknown rest is 01.' })
  joinedOn?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: 'How much of `joinedOn` is known; DAY when a new membership leaves it out. Not null.' })
  joinedOnPrecision?: DatePrecision | null;

  @Field(() => DateScalar, { nullable: true, description: 'When the country left, if it did; not before it joined.' })
  leftOn?: string | null;

  @Field(() => MembershipStatus, { nullable: true, description: 'Current standing of the member.' })
  status?: MembershipStatus | null;
}

@InputType({ description: 'A new membership: `organization`, `country` and `status` are required.' })
export class CreateMembershipInput extends MembershipFields {}

@InputType({ description: 'Changes to a membership: its ID, the version read, and only the fields that change.' })
export class UpdateMembershipInput extends MembershipFields {
  @Field(() => ID, { description: 'The membership to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the membership the change is based on; a CONFLICT if it has changed since.' })
  version!: number;
}

export const DeleteMembershipInput = DeleteInput('Membership', 'membership');
export type DeleteMembershipInput = InstanceType<typeof DeleteMembershipInput>;

export const CreateMembershipPayload = MutationPayload('CreateMembership', 'membership', Membership);
export const UpdateMembershipPayload = MutationPayload('UpdateMembership', 'membership', Membership);
export const DeleteMembershipPayload = DeletePayload('DeleteMembership');
