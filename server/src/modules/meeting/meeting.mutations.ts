import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { runMutation, type MutationResult } from '../../shared/write/mutation';
import { ApiRole } from '../auth';
import {
  AddMeetingParticipantInput,
  AddMeetingParticipantPayload,
  CreateMeetingInput,
  CreateMeetingPayload,
  DeleteDecisionInput,
  DeleteDecisionPayload,
  DeleteMeetingInput,
  DeleteMeetingPayload,
  RecordDecisionInput,
  RecordDecisionPayload,
  RemoveMeetingParticipantInput,
  RemoveMeetingParticipantPayload,
  UpdateDecisionInput,
  UpdateDecisionPayload,
  UpdateMeetingInput,
  UpdateMeetingPayload,
} from './meeting.commands';
import { addMeetingParticipant, createMeeting, deleteDecision, deleteMeeting, recordDecision, removeMeetingParticipant, updateDecision, updateMeeting } from './meeting.service';

/** The payload of a delete: the deleted record's ID, none when nothing was deleted. */
async function deleted(result: Promise<MutationResult<{ deletedId: string }>>) {
  const { record, userErrors } = await result;
  return { deletedId: userErrors.length ? null : (record?.deletedId ?? null), userErrors };
}

/** The meeting, participant and decision mutations: arguments in, payloads out; the rules are the service's. */
@Resolver()
export class MeetingMutations {
  @Authorized(ApiRole.EDITOR)
  @Mutation(() => CreateMeetingPayload, { description: 'Records a new meeting (EDITOR).' })
  createMeeting(@Arg('input', () => CreateMeetingInput, { description: 'The new meeting.' }) input: CreateMeetingInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('createMeeting'), (em) => createMeeting(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => UpdateMeetingPayload, { description: 'Changes fields of a meeting, from the version read (EDITOR).' })
  updateMeeting(@Arg('input', () => UpdateMeetingInput, { description: 'The meeting, the version read, and only the fields to change.' }) input: UpdateMeetingInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('updateMeeting'), (em) => updateMeeting(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => DeleteMeetingPayload, { description: 'Deletes a meeting and its participants, when no decisions, sessions or citations depend on it, from the version read (EDITOR).' })
  deleteMeeting(@Arg('input', () => DeleteMeetingInput, { description: 'The meeting to delete, and the version read.' }) input: DeleteMeetingInput, @Ctx() ctx: Context) {
    return deleted(runMutation(ctx.em, ctx.actor('deleteMeeting'), (em) => deleteMeeting(em, input).then((deletedId) => ({ deletedId }))));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => AddMeetingParticipantPayload, { description: 'Records who took part in a meeting, in what role (EDITOR).' })
  addMeetingParticipant(@Arg('input', () => AddMeetingParticipantInput, { description: 'The meeting participant to add.' }) input: AddMeetingParticipantInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('addMeetingParticipant'), (em) => addMeetingParticipant(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => RemoveMeetingParticipantPayload, { description: 'Removes a participant from its meeting (EDITOR).' })
  removeMeetingParticipant(@Arg('input', () => RemoveMeetingParticipantInput, { description: 'The meeting participant to remove.' }) input: RemoveMeetingParticipantInput, @Ctx() ctx: Context) {
    return deleted(runMutation(ctx.em, ctx.actor('removeMeetingParticipant'), (em) => removeMeetingParticipant(em, input).then((deletedId) => ({ deletedId }))));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => RecordDecisionPayload, { description: 'Records a decision taken at a meeting, with the programs it affects (EDITOR).' })
  recordDecision(@Arg('input', () => RecordDecisionInput, { description: 'The decision and the programs it concerns.' }) input: RecordDecisionInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('recordDecision'), (em) => recordDecision(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => UpdateDecisionPayload, { description: 'Changes fields of a decision, from the version read; `programs` replaces the list (EDITOR).' })
  updateDecision(@Arg('input', () => UpdateDecisionInput, { description: 'The decision, the version read, and only the fields to change.' }) input: UpdateDecisionInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('updateDecision'), (em) => updateDecision(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => DeleteDecisionPayload, { description: 'Deletes a decision that no program amendments or citations depend on, from the version read (EDITOR).' })
  deleteDecision(@Arg('input', () => DeleteDecisionInput, { description: 'The decision to delete, and the version read.' }) input: DeleteDecisionInput, @Ctx() ctx: Context) {
    return deleted(runMutation(ctx.em, ctx.actor('deleteDecision'), (em) => deleteDecision(em, input).then((deletedId) => ({ deletedId }))));
  }
}
