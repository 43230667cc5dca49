import { raw } from '@mikro-orm/core';
import { BadUserInputError } from '../../errors';
import type { BaseEntity } from '../../shared/node';
import { nodeClass } from '../../shared/node-type';
import type { Reader } from '../../shared/read/reader';
import { searchPatterns } from '../../shared/search-text';

type Searchable = BaseEntity & { searchText: string };

/**
 * Best matches first: a whole name (0), then the start of a name (1), then anywhere in a name (2);
 * ties by type order and then by ID, so results are stable. Ranked in SQL, so `first` cuts correctly.
 */
export async function search(reader: Reader, query: string, wanted: readonly string[], first: number): Promise<Searchable[]> {
  const p = searchPatterns(query);
  if (p.normalized.length === 0) throw new BadUserInputError('`query` must contain at least one letter or digit.', 'query');
  const rankSql = 'case when e.search_text like ? then 0 when e.search_text like ? then 1 else 2 end';
  const perType = await Promise.all(
    wanted.map(async (type, order) => {
      const entity = nodeClass(type) as new () => Searchable;
      const qb = reader
        .select(entity)
        .where({ searchText: { $like: p.anywhere } })
        .orderBy([{ [raw(rankSql, [p.exact, p.prefix])]: 'asc' }, { id: 'asc' }] as never)
        .limit(first);
      const rows = await reader.records(entity, qb);
      return rows.map((row) => ({ row, order, rank: rankOf(row.searchText, p.normalized) }));
    }),
  );
  return perType
    .flat()
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, first)
    .map((r) => r.row);
}

function rankOf(searchText: string, q: string): number {
  if (searchText.includes(`|${q}|`)) return 0;
  return searchText.includes(`|${q}`) ? 1 : 2;
}
