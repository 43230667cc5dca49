import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { runMutation } from '../../shared/write/mutation';
import { ApiRole } from '../auth';
import { CreateMembershipInput, CreateMembershipPayload, DeleteMembershipInput, DeleteMembershipPayload, UpdateMembershipInput, UpdateMembershipPayload } from './membership.commands';
import { createMembership, deleteMembership, updateMembership } from './membership.service';

/** The membership mutations: arguments in, payloads out; the rules are the service's. */
@Resolver()
export class MembershipMutations {
  @Authorized(ApiRole.EDITOR)
  @Mutation(() => CreateMembershipPayload, { description: 'Records a country\'s membership of an organization (EDITOR).' })
  createMembership(@Arg('input', () => CreateMembershipInput, { description: 'The new membership.' }) input: CreateMembershipInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('createMembership'), (em) => createMembership(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => UpdateMembershipPayload, { description: 'Changes fields of a membership, from the version read (EDITOR).' })
  updateMembership(@Arg('input', () => UpdateMembershipInput, { description: 'The membership, the version read, and only the fields to change.' }) input: UpdateMembershipInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('updateMembership'), (em) => updateMembership(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => DeleteMembershipPayload, { description: 'Deletes a membership that nothing depends on, from the version read (EDITOR).' })
  async deleteMembership(@Arg('input', () => DeleteMembershipInput, { description: 'The membership to delete, and the version read.' }) input: DeleteMembershipInput, @Ctx() ctx: Context) {
    const { record, userErrors } = await runMutation(ctx.em, ctx.actor('deleteMembership'), (em) => deleteMembership(em, input).then((deletedId) => ({ deletedId })));
    return { deletedId: userErrors.length ? null : (record?.deletedId ?? null), userErrors };
  }
}
