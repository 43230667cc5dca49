import { Field, ID, InputType, Int } from 'type-graphql';
import { CountryCodeScalar } from '../../shared/scalars';
import { DeleteInput, DeletePayload, MutationPayload } from '../../shared/write/mutation';
import { LocalizedNameInput } from '../../shared/write/localized-names';
import { Organization } from './organization.entity';
import { OrganizationKind } from './organization.types';

// The inputs and payloads of the organization mutations. In an update, a field left out keeps its value and a
// field sent as null is cleared.

@InputType({ description: 'The fields of an organization that editors set.' })
class OrganizationFields {
  @Field(() => String, { nullable: true, description: 'Official English name (1 to 300 characters).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Acronym or short name, e.g. `APO` (at most 50 characters).' })
  acronym?: string | null;

  @Field(() => OrganizationKind, { nullable: true, description: 'What kind of body this is.' })
  kind?: OrganizationKind | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'The country the organization belongs to, by its ISO alpha-2 code; null for none.' })
  country?: string | null;

  @Field(() => ID, { nullable: true, description: 'The organization this one is part of; null for none. Never the organization itself or one under it.' })
  parent?: string | null;

  @Field(() => [LocalizedNameInput], { nullable: true, description: 'Names in other languages, abbreviations and spellings sources use: the whole list, which replaces the stored one.' })
  names?: LocalizedNameInput[] | null;
}

@InputType({ description: 'A new organization: `name` and `kind` are required.' })
export class CreateOrganizationInput extends OrganizationFields {}

@InputType({ description: 'Changes to an organization: its ID, the version read, and only the fields that change.' })
export class UpdateOrganizationInput extends OrganizationFields {
  @Field(() => ID, { description: 'The organization to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the organization the change is based on; a CONFLICT if it has changed since.' })
  version!: number;
}

export const DeleteOrganizationInput = DeleteInput('Organization', 'organization');
export type DeleteOrganizationInput = InstanceType<typeof DeleteOrganizationInput>;

export const CreateOrganizationPayload = MutationPayload('CreateOrganization', 'organization', Organization);
export const UpdateOrganizationPayload = MutationPayload('UpdateOrganization', 'organization', Organization);
export const DeleteOrganizationPayload = DeletePayload('DeleteOrganization');
