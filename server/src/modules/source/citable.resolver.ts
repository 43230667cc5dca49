import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import type { Context } from '../../context';
import type { BaseEntity } from '../../shared/node';
import { nodeTypeName } from '../../shared/node-type';
import { Citation } from './citation.entity';
import { citationKey } from './citation.loader';
import { CitationStatus } from './source.types';

/** Adds `citations(field, status)` to a record type; every resolver of a citable type extends this. */
export function CitableResolver<T extends BaseEntity>(type: ClassType<T>) {
  @Resolver(() => type)
  abstract class Citable {
    @FieldResolver(() => [Citation], { description: 'Sources for facts about this record, each with its excerpt and status.' })
    async citations(
      @Root() record: T,
      @Ctx() ctx: Context,
      @Arg('field', () => String, { nullable: true, description: 'Only citations about this field.' }) field?: string | null,
      @Arg('status', () => CitationStatus, { nullable: true, description: 'Only citations with this status.' }) status?: CitationStatus | null,
    ): Promise<Citation[]> {
      const all = await ctx.loaders.citations.load(citationKey(nodeTypeName(type), record.id));
      return all.filter((c) => (field == null || c.field === field) && (status == null || c.status === status));
    }
  }
  return Citable;
}
