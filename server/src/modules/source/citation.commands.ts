import { Field, ID, InputType, Int } from 'type-graphql';
import { DeleteInput, DeletePayload, MutationPayload } from '../../shared/write/mutation';
import { Citation } from './citation.entity';
import { CitationStatus } from './source.types';

// The inputs and payloads of the citation mutations. In an update, a field left out keeps its value and a
// field sent as null is cleared.

@InputType({ description: 'A source cited for a record, or for one field of it.' })
export class CiteSourceInput {
  @Field(() => ID, { description: 'The source cited.' })
  source!: string;

  @Field(() => ID, { description: 'The record the citation is about: any record that lists `citations` (not a source or a citation).' })
  record!: string;

  @Field(() => String, { nullable: true, description: 'The field of the record the citation concerns, as the API names it (e.g. `title`); left out for the record as a whole.' })
  field?: string | null;

  @Field(() => String, { nullable: true, description: 'The words of the source, verbatim (1 to 5000 characters; required).' })
  excerpt?: string | null;

  @Field(() => CitationStatus, { nullable: true, description: 'REPORTED (the default) or VERIFIED; a citation becomes DISPUTED only through `disputeCitation`.' })
  status?: CitationStatus | null;

  @Field(() => String, { nullable: true, description: 'Editors\' explanation (at most 2000 characters).' })
  note?: string | null;
}

@InputType({ description: 'Changes to a citation: its ID, the version read, and only the fields that change. Its source and record stay: cite again instead.' })
export class UpdateCitationInput {
  @Field(() => ID, { description: 'The citation to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the citation the change is based on; a CONFLICT if it has changed since.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'The field of the record the citation concerns; null for the record as a whole.' })
  field?: string | null;

  @Field(() => String, { nullable: true, description: 'The words of the source, verbatim (1 to 5000 characters).' })
  excerpt?: string | null;

  @Field(() => CitationStatus, { nullable: true, description: 'REPORTED or VERIFIED (DISPUTED only through `disputeCitation`); a disputed citation set to either loses its `correctedValue`.' })
  status?: CitationStatus | null;

  @Field(() => String, { nullable: true, description: 'Editors\' explanation (at most 2000 characters); a DISPUTED citation keeps one.' })
  note?: string | null;
}

@InputType({ description: 'A cited claim found wrong: the right value, and why.' })
export class DisputeCitationInput {
  @Field(() => ID, { description: 'The citation disputed.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the citation the dispute is based on; a CONFLICT if it has changed since.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'The right value (1 to 2000 characters; required).' })
  correctedValue?: string | null;

  @Field(() => String, { nullable: true, description: 'Why the source is wrong, or how the right value is known (1 to 2000 characters; required).' })
  note?: string | null;
}

export const DeleteCitationInput = DeleteInput('Citation', 'citation');
export type DeleteCitationInput = InstanceType<typeof DeleteCitationInput>;

export const CiteSourcePayload = MutationPayload('CiteSource', 'citation', Citation);
export const UpdateCitationPayload = MutationPayload('UpdateCitation', 'citation', Citation);
export const DisputeCitationPayload = MutationPayload('DisputeCitation', 'citation', Citation);
export const DeleteCitationPayload = DeletePayload('DeleteCitation');
