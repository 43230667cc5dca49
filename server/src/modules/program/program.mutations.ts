import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { runMutation } from '../../shared/write/mutation';
import { ApiRole } from '../auth';
import {
  AmendProgramInput,
  AmendProgramPayload,
  CreateProgramInput,
  CreateProgramPayload,
  DeleteProgramInput,
  DeleteProgramPayload,
  UpdateProgramInput,
  UpdateProgramPayload,
} from './program.commands';
import { amendProgram, createProgram, deleteProgram, updateProgram } from './program.service';

/** The program mutations: arguments in, payloads out; the rules are the service's. */
@Resolver()
export class ProgramMutations {
  @Authorized(ApiRole.EDITOR)
  @Mutation(() => CreateProgramPayload, { description: 'Records a new program (EDITOR).' })
  createProgram(@Arg('input', () => CreateProgramInput, { description: 'The new program.' }) input: CreateProgramInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('createProgram'), (em) => createProgram(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => UpdateProgramPayload, { description: 'Changes fields of a program, from the version read (EDITOR). Dates and status that decisions have amended change only through `amendProgram`.' })
  updateProgram(@Arg('input', () => UpdateProgramInput, { description: 'The program, the version read, and only the fields to change.' }) input: UpdateProgramInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('updateProgram'), (em) => updateProgram(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => DeleteProgramPayload, { description: 'Deletes a program that nothing depends on (no grants, amendments, decisions, successors or citations), from the version read (EDITOR).' })
  async deleteProgram(@Arg('input', () => DeleteProgramInput, { description: 'The program to delete, and the version read.' }) input: DeleteProgramInput, @Ctx() ctx: Context) {
    const { record, userErrors } = await runMutation(ctx.em, ctx.actor('deleteProgram'), (em) => deleteProgram(em, input).then((deletedId) => ({ deletedId })));
    return { deletedId: userErrors.length ? null : (record?.deletedId ?? null), userErrors };
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => AmendProgramPayload, {
    description: 'Changes a program\'s start date, end date or status by a decision, from the version read (EDITOR): records the amendment and sets the current value; `endDate(asOf:)` answers the plan before and after it.',
  })
  amendProgram(@Arg('input', () => AmendProgramInput, { description: 'The program, the version read, the decision, and the field\'s new value.' }) input: AmendProgramInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('amendProgram'), (em) => amendProgram(em, input));
  }
}
