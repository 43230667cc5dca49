import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { BadUserInputError } from '../../errors';
import { MAX_PAGE_SIZE } from '../../shared/connection';
import type { SearchParticipation } from '../../shared/module';
import { search } from './search.service';
import { searchTypes } from './search.types';

/** The `search` query over the types that take part in it; built once, when the schema is. */
export function searchResolver(participants: readonly SearchParticipation[]) {
  const { SearchType, SearchResult } = searchTypes(participants);
  // Ties between equally good matches go by this order: the modules' order.
  const ALL = Object.values(SearchType);

  @Resolver()
  class SearchResolver {
    @Query(() => [SearchResult], { description: 'Finds records of several types by name, localized name or acronym, ignoring case and accents; best match first.' })
    search(
      @Arg('query', { description: 'Text to look for, e.g. "Jepang" or "kemnaker".' }) query: string,
      @Arg('types', () => [SearchType], { nullable: true, description: 'Only these kinds of record (default: all).' }) types: string[] | null,
      @Arg('first', () => Int, { defaultValue: 10, description: `How many results (default 10, at most ${MAX_PAGE_SIZE}).` }) first: number,
      @Ctx() ctx: Context,
    ) {
      if (first < 1 || first > MAX_PAGE_SIZE) throw new BadUserInputError(`\`first\` must be between 1 and ${MAX_PAGE_SIZE}; got ${first}.`, 'first');
      return search(ctx.reader, query, types?.length ? ALL.filter((t) => types.includes(t)) : ALL, first);
    }
  }
  return SearchResolver;
}
