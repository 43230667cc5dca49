import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { runMutation } from '../../shared/write/mutation';
import { ApiRole } from '../auth';
import { CreateOrganizationInput, CreateOrganizationPayload, DeleteOrganizationInput, DeleteOrganizationPayload, UpdateOrganizationInput, UpdateOrganizationPayload } from './organization.commands';
import { createOrganization, deleteOrganization, updateOrganization } from './organization.service';

/** The organization mutations: arguments in, payloads out; the rules are the service's. */
@Resolver()
export class OrganizationMutations {
  @Authorized(ApiRole.EDITOR)
  @Mutation(() => CreateOrganizationPayload, { description: 'Records a new organization (EDITOR).' })
  createOrganization(@Arg('input', () => CreateOrganizationInput, { description: 'The new organization.' }) input: CreateOrganizationInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('createOrganization'), (em) => createOrganization(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => UpdateOrganizationPayload, { description: 'Changes fields of an organization, from the version read (EDITOR).' })
  updateOrganization(@Arg('input', () => UpdateOrganizationInput, { description: 'The organization, the version read, and only the fields to change.' }) input: UpdateOrganizationInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('updateOrganization'), (em) => updateOrganization(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => DeleteOrganizationPayload, { description: 'Deletes an organization that nothing depends on, from the version read (EDITOR).' })
  async deleteOrganization(@Arg('input', () => DeleteOrganizationInput, { description: 'The organization to delete, and the version read.' }) input: DeleteOrganizationInput, @Ctx() ctx: Context) {
    const { record, userErrors } = await runMutation(ctx.em, ctx.actor('deleteOrganization'), (em) => deleteOrganization(em, input).then((deletedId) => ({ deletedId })));
    return { deletedId: userErrors.length ? null : (record?.deletedId ?? null), userErrors };
  }
}
