import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { runMutation } from '../../shared/write/mutation';
import { ApiRole } from '../auth';
import { CreateCountryInput, CreateCountryPayload, DeleteCountryInput, DeleteCountryPayload, UpdateCountryInput, UpdateCountryPayload } from './country.commands';
import { createCountry, deleteCountry, updateCountry } from './country.service';

/** The country mutations: arguments in, payloads out; the rules are the service's. */
@Resolver()
export class CountryMutations {
  @Authorized(ApiRole.EDITOR)
  @Mutation(() => CreateCountryPayload, { description: 'Records a new country or economy (EDITOR).' })
  createCountry(@Arg('input', () => CreateCountryInput, { description: 'The new country.' }) input: CreateCountryInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('createCountry'), (em) => createCountry(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => UpdateCountryPayload, { description: 'Changes fields of a country, from the version read (EDITOR).' })
  updateCountry(@Arg('input', () => UpdateCountryInput, { description: 'The country, the version read, and only the fields to change.' }) input: UpdateCountryInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('updateCountry'), (em) => updateCountry(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => DeleteCountryPayload, { description: 'Deletes a country that nothing depends on, from the version read (EDITOR).' })
  async deleteCountry(@Arg('input', () => DeleteCountryInput, { description: 'The country to delete, and the version read.' }) input: DeleteCountryInput, @Ctx() ctx: Context) {
    const { record, userErrors } = await runMutation(ctx.em, ctx.actor('deleteCountry'), (em) => deleteCountry(em, input).then((deletedId) => ({ deletedId })));
    return { deletedId: userErrors.length ? null : (record?.deletedId ?? null), userErrors };
  }
}
