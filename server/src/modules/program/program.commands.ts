import { Field, ID, InputType, Int } from 'type-graphql';
import { CountryCodeScalar, DateScalar } from '../../shared/scalars';
import { DeleteInput, DeletePayload, MutationPayload } from '../../shared/write/mutation';
import { Program } from './program.entity';
import { AmendableProgramField, ProgramStatus } from './program.types';

// The inputs and payloads of the program mutations. In an update, a field left out keeps its value and a
// field sent as null is cleared.

@InputType({ description: 'The fields of a program that editors set.' })
class ProgramFields {
  @Field(() => String, { nullable: true, description: 'Short unique code: upper-case letters, digits and `-` (1 to 40 characters), e.g. `GP2`.' })
  code?: string | null;

  @Field(() => String, { nullable: true, description: 'Title of the program (1 to 500 characters).' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'What the program does (at most 10 000 characters).' })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'Themes the program addresses (at most 20, each 1 to 100 characters); replaces the list.' })
  themes?: string[] | null;

  @Field(() => ProgramStatus, { nullable: true, description: 'Lifecycle status; once a decision has amended it, only `amendProgram` changes it.' })
  status?: ProgramStatus | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day of the program; sets `startYear` to its year unless that is sent too. Once amended, only `amendProgram` changes it.' })
  startDate?: string | null;

  @Field(() => Int, { nullable: true, description: 'Year the program started (1900 to 2100), when only the year is known; the year of `startDate` when both are known.' })
  startYear?: number | null;

  @Field(() => DateScalar, { nullable: true, description: 'Planned end date, not before `startDate`. Once amended, only `amendProgram` changes it.' })
  endDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'The organization that implements the program.' })
  implementingOrganization?: string | null;

  @Field(() => [CountryCodeScalar], { nullable: true, description: 'ISO codes of the countries taking part; replaces the list.' })
  participatingCountries?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The program this one succeeds; not the program itself, nor one of its successors.' })
  predecessor?: string | null;
}

@InputType({ description: 'A new program: `code` and `title` are required.' })
export class CreateProgramInput extends ProgramFields {}

@InputType({
  description:
    'Changes to a program: its ID, the version read, and only the fields that change. `startDate`, `endDate` and `status` may be set here to ' +
    'correct a data-entry error (the audit log records it) only while no decision has amended them; after that, `amendProgram` changes them.',
})
export class UpdateProgramInput extends ProgramFields {
  @Field(() => ID, { description: 'The program to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the program the change is based on; a CONFLICT if it has changed since.' })
  version!: number;
}

export const DeleteProgramInput = DeleteInput('Program', 'program');
export type DeleteProgramInput = InstanceType<typeof DeleteProgramInput>;

@InputType({ description: 'A change to a program\'s plan made by a decision: which field, its new value, and from when.' })
export class AmendProgramInput {
  @Field(() => ID, { description: 'The program to amend.' })
  program!: string;

  @Field(() => Int, { description: 'The version of the program the amendment is based on; a CONFLICT if it has changed since.' })
  version!: number;

  @Field(() => ID, { description: 'The adopted decision that makes the change; it must concern the program (list it in its `programs`).' })
  decision!: string;

  @Field(() => AmendableProgramField, { description: 'The field that changes.' })
  field!: AmendableProgramField;

  @Field({ description: 'The new value: a date `YYYY-MM-DD` for `START_DATE` and `END_DATE`, a `ProgramStatus` value for `STATUS`.' })
  newValue!: string;

  @Field(() => DateScalar, { nullable: true, description: 'The day the change takes effect; by default the decision\'s day. Later than the field\'s latest amendment.' })
  effectiveOn?: string | null;
}

export const CreateProgramPayload = MutationPayload('CreateProgram', 'program', Program);
export const UpdateProgramPayload = MutationPayload('UpdateProgram', 'program', Program);
export const DeleteProgramPayload = DeletePayload('DeleteProgram');
export const AmendProgramPayload = MutationPayload('AmendProgram', 'program', Program);
