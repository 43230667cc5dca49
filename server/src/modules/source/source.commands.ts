import { Field, ID, InputType, Int } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { DeleteInput, DeletePayload, MutationPayload } from '../../shared/write/mutation';
import { Source } from './source.entity';

// The inputs and payloads of the source mutations. In an update, a field left out keeps its value and a
// field sent as null is cleared.

@InputType({ description: 'The fields of a source that editors set.' })
class SourceFields {
  @Field(() => String, { nullable: true, description: 'Title (headline) of the source (1 to 255 characters).' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Who published it, e.g. "Republika" (at most 255 characters).' })
  publisher?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it can be read: an http or https URL (at most 2000 characters).' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'Language of the source: an ISO 639 code, optionally with BCP 47 subtags, e.g. `id`, `en-GB` (at most 8 characters).' })
  language?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was published.' })
  publishedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Who wrote it (at most 255 characters).' })
  author?: string | null;

  @Field(() => String, { nullable: true, description: 'Editors\' note on the source (at most 10 000 characters).' })
  note?: string | null;
}

@InputType({ description: 'A new source: `title` is required.' })
export class CreateSourceInput extends SourceFields {}

@InputType({ description: 'Changes to a source: its ID, the version read, and only the fields that change.' })
export class UpdateSourceInput extends SourceFields {
  @Field(() => ID, { description: 'The source to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the source the change is based on; a CONFLICT if it has changed since.' })
  version!: number;
}

export const DeleteSourceInput = DeleteInput('Source', 'source');
export type DeleteSourceInput = InstanceType<typeof DeleteSourceInput>;

export const CreateSourcePayload = MutationPayload('CreateSource', 'source', Source);
export const UpdateSourcePayload = MutationPayload('UpdateSource', 'source', Source);
export const DeleteSourcePayload = DeletePayload('DeleteSource');
