import { Field, ID, InputType, Int } from 'type-graphql';
import { CountryCodeScalar, DateScalar } from '../../shared/scalars';
import { DeletePayload, MutationPayload } from '../../shared/write/mutation';
import { LocalizedNameInput } from '../../shared/write/localized-names';
import { Person } from './person.entity';

// The inputs and payloads of the person mutations. In an update, a field left out keeps its value and a
// field sent as null is cleared; a person's roles are edited with the person, as one list.

@InputType({
  description:
    'A role in a person\'s list of roles: with `id`, an existing role of the person, whose fields left out keep their value; ' +
    'without, a new role (`title` and `organization` required).',
})
export class RoleInput {
  @Field(() => ID, { nullable: true, description: 'The role to change, one of the person\'s; left out for a new role.' })
  id?: string | null;

  @Field(() => String, { nullable: true, description: 'The title of the position, e.g. "Secretary-General" (1 to 255 characters).' })
  title?: string | null;

  @Field(() => ID, { nullable: true, description: 'The organization the position is in.' })
  organization?: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'The country the position is held for, e.g. `ID` for "APO Director for Indonesia".' })
  country?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the position is held in an acting capacity; false when left out of a new role or sent as null.' })
  acting?: boolean | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day in the position.' })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day in the position; not before its start.' })
  endDate?: string | null;
}

@InputType({ description: 'The fields of a person that editors set.' })
class PersonFields {
  @Field(() => String, { nullable: true, description: 'The name the person is usually known by (1 to 200 characters).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Honorific such as "Dr" (at most 50 characters).' })
  honorificPrefix?: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'ISO code of the person\'s nationality, e.g. `ID`.' })
  nationality?: string | null;

  @Field(() => [LocalizedNameInput], { nullable: true, description: 'Other names and spellings (each 1 to 200 characters); replaces the list.' })
  otherNames?: LocalizedNameInput[] | null;

  @Field(() => [RoleInput], {
    nullable: true,
    description: 'The positions the person holds or held; replaces the list: roles left out of it are deleted (refused while something depends on them, e.g. citations), the others changed or created.',
  })
  roles?: RoleInput[] | null;
}

@InputType({ description: 'A new person: `name` is required.' })
export class CreatePersonInput extends PersonFields {}

@InputType({ description: 'Changes to a person: their ID, the version read, and only the fields that change. A change of roles raises the person\'s version too.' })
export class UpdatePersonInput extends PersonFields {
  @Field(() => ID, { description: 'The person to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the person the change is based on; a CONFLICT if it has changed since.' })
  version!: number;
}

@InputType({ description: 'The person to delete, with their roles, at the version read.' })
export class DeletePersonInput {
  @Field(() => ID, { description: 'The person to delete.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the person the deletion is based on; a CONFLICT if it has changed since.' })
  version!: number;
}

export const CreatePersonPayload = MutationPayload('CreatePerson', 'person', Person);
export const UpdatePersonPayload = MutationPayload('UpdatePerson', 'person', Person);
export const DeletePersonPayload = DeletePayload('DeletePerson');
