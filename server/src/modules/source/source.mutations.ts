import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { runMutation } from '../../shared/write/mutation';
import { ApiRole } from '../auth';
import {
  CiteSourceInput,
  CiteSourcePayload,
  DeleteCitationInput,
  DeleteCitationPayload,
  DisputeCitationInput,
  DisputeCitationPayload,
  UpdateCitationInput,
  UpdateCitationPayload,
} from './citation.commands';
import { citeSource, deleteCitation, disputeCitation, updateCitation } from './citation.service';
import { CreateSourceInput, CreateSourcePayload, DeleteSourceInput, DeleteSourcePayload, UpdateSourceInput, UpdateSourcePayload } from './source.commands';
import { createSource, deleteSource, updateSource } from './source.service';

/** The source and citation mutations: arguments in, payloads out; the rules are the services'. */
@Resolver()
export class SourceMutations {
  @Authorized(ApiRole.EDITOR)
  @Mutation(() => CreateSourcePayload, { description: 'Records a new source (EDITOR).' })
  createSource(@Arg('input', () => CreateSourceInput, { description: 'The new source.' }) input: CreateSourceInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('createSource'), async (em) => createSource(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => UpdateSourcePayload, { description: 'Changes fields of a source, from the version read (EDITOR).' })
  updateSource(@Arg('input', () => UpdateSourceInput, { description: 'The source, the version read, and only the fields to change.' }) input: UpdateSourceInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('updateSource'), (em) => updateSource(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => DeleteSourcePayload, { description: 'Deletes a source that is cited for nothing, from the version read (EDITOR).' })
  async deleteSource(@Arg('input', () => DeleteSourceInput, { description: 'The source to delete, and the version read.' }) input: DeleteSourceInput, @Ctx() ctx: Context) {
    const { record, userErrors } = await runMutation(ctx.em, ctx.actor('deleteSource'), (em) => deleteSource(em, input).then((deletedId) => ({ deletedId })));
    return { deletedId: userErrors.length ? null : (record?.deletedId ?? null), userErrors };
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => CiteSourcePayload, { description: 'Cites a source for a record, or for one field of it, with the source\'s words (EDITOR).' })
  citeSource(@Arg('input', () => CiteSourceInput, { description: 'The source, the record (and field) it supports, and the excerpt.' }) input: CiteSourceInput, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('citeSource'), (em) => citeSource(em, info.schema, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => UpdateCitationPayload, { description: 'Changes the field, excerpt, status or note of a citation, from the version read (EDITOR).' })
  updateCitation(@Arg('input', () => UpdateCitationInput, { description: 'The citation, the version read, and only the fields to change.' }) input: UpdateCitationInput, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('updateCitation'), (em) => updateCitation(em, info.schema, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => DisputeCitationPayload, { description: 'Marks a cited claim DISPUTED, with the right value and why, from the version read (EDITOR).' })
  disputeCitation(@Arg('input', () => DisputeCitationInput, { description: 'The citation, the version read, the corrected value and a note.' }) input: DisputeCitationInput, @Ctx() ctx: Context) {
    return runMutation(ctx.em, ctx.actor('disputeCitation'), (em) => disputeCitation(em, input));
  }

  @Authorized(ApiRole.EDITOR)
  @Mutation(() => DeleteCitationPayload, { description: 'Deletes a citation, from the version read (EDITOR).' })
  async deleteCitation(@Arg('input', () => DeleteCitationInput, { description: 'The citation to delete, and the version read.' }) input: DeleteCitationInput, @Ctx() ctx: Context) {
    const { record, userErrors } = await runMutation(ctx.em, ctx.actor('deleteCitation'), (em) => deleteCitation(em, input).then((deletedId) => ({ deletedId })));
    return { deletedId: userErrors.length ? null : (record?.deletedId ?? null), userErrors };
  }
}
