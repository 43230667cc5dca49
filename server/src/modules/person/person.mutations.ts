import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { runMutation } from '../../shared/write/mutation';
import { ApiRole } from '../auth';
import { CreatePersonInput, CreatePersonPayload, DeletePersonInput, DeletePersonPayload, UpdatePersonInput, UpdatePersonPayload } from './person.commands';
import { createPerson, deletePerson, updatePerson } from './person.service';

/** The person mutations: arguments in, payloads out; the rules are the service's. */
@Resolver()
export class PersonMutations {
  @Authorized(ApiRole.EDITOR)
  @Mutation(() => CreatePersonPayload, { description: 'Records a new person, with their roles (EDITOR).' })
  createPerson(@Arg('input', () => CreatePersonInput, { description: 'The new person.' }) input: CreatePersonInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('createPerson'), (em) => createPerson(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => UpdatePersonPayload, { description: 'Changes fields of a person, and replaces their roles when `roles` is sent, from the version read (EDITOR).' })
  updatePerson(@Arg('input', () => UpdatePersonInput, { description: 'The person, the version read, and only the fields to change.' }) input: UpdatePersonInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('updatePerson'), (em) => updatePerson(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => DeletePersonPayload, { description: 'Deletes a person and their roles, unless a meeting, a citation or anything else depends on them, from the version read (EDITOR).' })
  async deletePerson(@Arg('input', () => DeletePersonInput, { description: 'The person to delete, and the version read.' }) input: DeletePersonInput, @Ctx() ctx: Context) {
    const { record, userErrors } = await runMutation(ctx.em, ctx.actor('deletePerson'), (em) => deletePerson(em, input).then((deletedId) => ({ deletedId })));
    return { deletedId: userErrors.length ? null : (record?.deletedId ?? null), userErrors };
  }
}
