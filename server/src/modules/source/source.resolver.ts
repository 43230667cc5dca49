import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType, PageArgs, paginate, type OrderKey } from '../../shared/connection';
import { findOrNotFound, load, loadAll } from '../../shared/relations';
import { keyOf } from '../../shared/global-id';
import { Node } from '../../shared/node';
import { RecordResolver } from '../history';
import { loadNode } from '../node/node.service';
import { Citation } from './citation.entity';
import { Source } from './source.entity';
import { CitationStatus } from './source.types';
import { SourceFilter, SourceOrder } from './source.inputs';

const SourceConnection = ConnectionType(Source);

@Resolver(() => Source)
export class SourceResolver extends RecordResolver(Source, { citable: false }) {
  @Query(() => Source, { description: 'A source by ID; NOT_FOUND when there is none.' })
  source(@Arg('id', () => ID, { description: 'The source\'s ID.' }) id: string, @Ctx() ctx: Context) {
    return findOrNotFound(ctx.reader, Source, { id: keyOf(id, 'Source', 'id') }, `id ${id}`);
  }

  @Query(() => SourceConnection, { description: 'Sources, newest first unless ordered otherwise.' })
  sources(
    @Args() page: PageArgs,
    @Arg('filter', () => SourceFilter, { nullable: true, description: 'Conditions the sources must meet.' }) filter: SourceFilter | null,
    @Arg('orderBy', () => [SourceOrder], { nullable: true, description: 'Sort keys, first one first.' }) orderBy: OrderKey[] | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return paginate(ctx.reader, Source, page, filter?.toQuery() ?? {}, orderBy, SourceOrder.defaultOrder, info);
  }

  @FieldResolver(() => [Citation], { description: 'Every fact this source is cited for.' })
  async citations(
    @Root() s: Source,
    @Arg('status', () => CitationStatus, { nullable: true, description: 'Only citations with this status, e.g. DISPUTED for the facts the source gets wrong.' }) status?: CitationStatus | null,
  ) {
    const all = await loadAll(s.citations);
    return status == null ? all : all.filter((c) => c.status === status);
  }
}

@Resolver(() => Citation)
export class CitationResolver extends RecordResolver(Citation, { citable: false }) {
  @FieldResolver(() => Source, { description: 'The source cited.' })
  source(@Root() c: Citation) {
    return load(c.source);
  }

  @FieldResolver(() => Node, { nullable: true, description: 'The record the citation is about.' })
  subject(@Root() c: Citation, @Ctx() ctx: Context) {
    return loadNode(ctx, c.subjectType, c.subjectId);
  }
}
