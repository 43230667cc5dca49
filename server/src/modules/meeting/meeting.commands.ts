import { Field, ID, InputType, Int } from 'type-graphql';
import { DeleteInput, DeletePayload, MutationPayload } from '../../shared/write/mutation';
import { CountryCodeScalar, DateScalar } from '../../shared/scalars';
import { Decision } from './decision.entity';
import { MeetingParticipant } from './meeting-participant.entity';
import { Meeting } from './meeting.entity';
import { DecisionKind, DecisionRequirement, DecisionResult, MeetingKind, Modality, ParticipantRole } from './meeting.types';

// The inputs and payloads of the meeting, participant and decision mutations. In an update, a field left out
// keeps its value and a field sent as null is cleared.

@InputType({ description: 'The fields of a meeting that editors set.' })
class MeetingFields {
  @Field(() => ID, { nullable: true, description: 'The organization that meets, e.g. the APO Governing Body.' })
  organization?: string | null;

  @Field(() => MeetingKind, { nullable: true, description: 'What kind of meeting it is.' })
  kind?: MeetingKind | null;

  @Field(() => Int, { nullable: true, description: 'Ordinal of the session (positive), e.g. 64 for the 64th GBM; one meeting per organization, kind and number.' })
  sessionNumber?: number | null;

  @Field(() => String, { nullable: true, description: 'Title of the meeting (1 to 500 characters).' })
  title?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day of the meeting (local date).' })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the meeting (local date); not before its first.' })
  endDate?: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone the dates are given in, e.g. `Asia/Jakarta`.' })
  timezone?: string | null;

  @Field(() => Modality, { nullable: true, description: 'Virtual, in person or hybrid.' })
  modality?: Modality | null;

  @Field(() => String, { nullable: true, description: 'Platform used for a virtual meeting, e.g. "Zoom" (at most 200 characters).' })
  platform?: string | null;

  @Field(() => Int, { nullable: true, description: 'Reported length of the meeting in minutes (positive).' })
  durationMinutes?: number | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'The host country, by ISO code.' })
  hostCountry?: string | null;

  @Field(() => ID, { nullable: true, description: 'The person who chairs the meeting.' })
  chair?: string | null;

  @Field(() => ID, { nullable: true, description: 'The meeting this one belongs to (a preparatory session\'s GBM); not itself nor one of its own sessions.' })
  parent?: string | null;
}

@InputType({ description: 'A new meeting: `organization`, `kind`, `title`, `startDate` and `modality` are required.' })
export class CreateMeetingInput extends MeetingFields {}

@InputType({ description: 'Changes to a meeting: its ID, the version read, and only the fields that change.' })
export class UpdateMeetingInput extends MeetingFields {
  @Field(() => ID, { description: 'The meeting to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the meeting the change is based on; a CONFLICT if it has changed since.' })
  version!: number;
}

export const DeleteMeetingInput = DeleteInput('Meeting', 'meeting', 'its participants are deleted with it');
export type DeleteMeetingInput = InstanceType<typeof DeleteMeetingInput>;

@InputType({ description: 'Someone who took part in a meeting: a person, an organization or a country (at least one), in a role.' })
export class AddMeetingParticipantInput {
  @Field(() => ID, { description: 'The meeting.' })
  meeting!: string;

  @Field(() => ParticipantRole, { description: 'The part played in the meeting.' })
  role!: ParticipantRole;

  @Field(() => ID, { nullable: true, description: 'The person taking part; a person takes part in a meeting once.' })
  person?: string | null;

  @Field(() => ID, { nullable: true, description: 'The organization taking part, or the one the person represents.' })
  organization?: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'The country taking part, or the one the person represents, by ISO code; a country is a MEMBER of a meeting once.' })
  country?: string | null;
}

@InputType({ description: 'The participant to remove from its meeting.' })
export class RemoveMeetingParticipantInput {
  @Field(() => ID, { description: 'The participant (a `MeetingParticipant` ID).' })
  id!: string;
}

@InputType({ description: 'The fields of a decision that editors set.' })
class DecisionFields {
  @Field(() => ID, { nullable: true, description: 'The meeting that took the decision.' })
  meeting?: string | null;

  @Field(() => DecisionKind, { nullable: true, description: 'What the decision does.' })
  kind?: DecisionKind | null;

  @Field(() => String, { nullable: true, description: 'A short title (1 to 500 characters).' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'What was decided, in full (1 to 20 000 characters).' })
  text?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'The day of the decision; not before the meeting\'s first day.' })
  decidedOn?: string | null;

  @Field(() => DecisionRequirement, { nullable: true, description: 'What agreement it needed.' })
  requirement?: DecisionRequirement | null;

  @Field(() => DecisionResult, { nullable: true, description: 'The outcome.' })
  result?: DecisionResult | null;

  @Field(() => [ID], { nullable: true, description: 'The programs the decision affects; in an update, the whole new list.' })
  programs?: string[] | null;
}

@InputType({ description: 'A decision taken at a meeting: `meeting`, `kind`, `title`, `text` and `result` are required.' })
export class RecordDecisionInput extends DecisionFields {}

@InputType({ description: 'Changes to a decision: its ID, the version read, and only the fields that change.' })
export class UpdateDecisionInput extends DecisionFields {
  @Field(() => ID, { description: 'The decision to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the decision the change is based on; a CONFLICT if it has changed since.' })
  version!: number;
}

export const DeleteDecisionInput = DeleteInput('Decision', 'decision');
export type DeleteDecisionInput = InstanceType<typeof DeleteDecisionInput>;

export const CreateMeetingPayload = MutationPayload('CreateMeeting', 'meeting', Meeting);
export const UpdateMeetingPayload = MutationPayload('UpdateMeeting', 'meeting', Meeting);
export const DeleteMeetingPayload = DeletePayload('DeleteMeeting');
export const AddMeetingParticipantPayload = MutationPayload('AddMeetingParticipant', 'meetingParticipant', MeetingParticipant);
export const RemoveMeetingParticipantPayload = DeletePayload('RemoveMeetingParticipant');
export const RecordDecisionPayload = MutationPayload('RecordDecision', 'decision', Decision);
export const UpdateDecisionPayload = MutationPayload('UpdateDecision', 'decision', Decision);
export const DeleteDecisionPayload = DeletePayload('DeleteDecision');
