import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { BadUserInputError } from '../../errors';
import { MAX_PAGE_SIZE } from '../../shared/connection';
import { Node } from '../../shared/node';
import { loadByGlobalId, loadByGlobalIds } from './node.service';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID; null when it does not exist.' })
  node(@Arg('id', () => ID, { description: 'A global ID.' }) id: string, @Ctx() ctx: Context) {
    return loadByGlobalId(ctx, id);
  }

  @Query(() => [Node], { nullable: 'items', description: `Several objects by global ID, in the order asked (at most ${MAX_PAGE_SIZE}); null for each that does not exist.` })
  nodes(@Arg('ids', () => [ID], { description: 'Global IDs.' }) ids: string[], @Ctx() ctx: Context) {
    if (ids.length > MAX_PAGE_SIZE) throw new BadUserInputError(`At most ${MAX_PAGE_SIZE} IDs at once; got ${ids.length}.`, 'ids');
    return loadByGlobalIds(ctx, ids);
  }
}
