import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { runMutation } from '../../shared/write/mutation';
import { ApiRole } from '../auth';
import { CreateGrantInput, CreateGrantPayload, DeleteGrantInput, DeleteGrantPayload, UpdateGrantInput, UpdateGrantPayload } from './grant.commands';
import { createGrant, deleteGrant, updateGrant } from './grant.service';

/** The grant mutations: arguments in, payloads out; the rules are the service's. */
@Resolver()
export class GrantMutations {
  @Authorized(ApiRole.EDITOR)
  @Mutation(() => CreateGrantPayload, { description: 'Records a new grant (EDITOR).' })
  createGrant(@Arg('input', () => CreateGrantInput, { description: 'The new grant.' }) input: CreateGrantInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('createGrant'), (em) => createGrant(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => UpdateGrantPayload, { description: 'Changes fields of a grant, from the version read (EDITOR).' })
  updateGrant(@Arg('input', () => UpdateGrantInput, { description: 'The grant, the version read, and the fields to change.' }) input: UpdateGrantInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('updateGrant'), (em) => updateGrant(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => DeleteGrantPayload, { description: 'Deletes a grant that nothing depends on, from the version read (EDITOR).' })
  async deleteGrant(@Arg('input', () => DeleteGrantInput, { description: 'The grant and the version read.' }) input: DeleteGrantInput, @Ctx() ctx: Context) {
    const { record, userErrors } = await runMutation(ctx.em, ctx.actor('deleteGrant'), (em) => deleteGrant(em, input).then((deletedId) => ({ deletedId })));
    return { deletedId: userErrors.length ? null : (record?.deletedId ?? null), userErrors };
  }
}
