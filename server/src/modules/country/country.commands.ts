import { Field, ID, InputType, Int } from 'type-graphql';
import { CountryCodeScalar } from '../../shared/scalars';
import { DeleteInput, DeletePayload, MutationPayload } from '../../shared/write/mutation';
import { Country } from './country.entity';
import { LocalizedNameInput } from '../../shared/write/localized-names';

// The inputs and payloads of the country mutations. In an update, a field left out keeps its value and a
// field sent as null is cleared.

@InputType({ description: 'The fields of a country that editors set.' })
class CountryFields {
  @Field(() => CountryCodeScalar, { nullable: true, description: 'ISO 3166-1 alpha-2 code, e.g. `JP`; no two countries share one.' })
  code?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-3 code in upper case, e.g. `JPN`; no two countries share one.' })
  alpha3?: string | null;

  @Field(() => String, { nullable: true, description: 'English short name, as the APO writes it (1 to 200 characters).' })
  name?: string | null;

  @Field(() => [LocalizedNameInput], { nullable: true, description: 'Names in other languages and spellings sources use: the whole list, which replaces the stored one.' })
  names?: LocalizedNameInput[] | null;
}

@InputType({ description: 'A new country: `code`, `alpha3` and `name` are required.' })
export class CreateCountryInput extends CountryFields {}

@InputType({ description: 'Changes to a country: its ID, the version read, and only the fields that change.' })
export class UpdateCountryInput extends CountryFields {
  @Field(() => ID, { description: 'The country to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the country the change is based on; a CONFLICT if it has changed since.' })
  version!: number;
}

export const DeleteCountryInput = DeleteInput('Country', 'country');
export type DeleteCountryInput = InstanceType<typeof DeleteCountryInput>;

export const CreateCountryPayload = MutationPayload('CreateCountry', 'country', Country);
export const UpdateCountryPayload = MutationPayload('UpdateCountry', 'country', Country);
export const DeleteCountryPayload = DeletePayload('DeleteCountry');
