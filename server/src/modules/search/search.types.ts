import { createUnionType, registerEnumType } from 'type-graphql';
import type { SearchParticipation } from '../../shared/module';
import { nodeTypeName, type NodeClass } from '../../shared/node-type';

/** The `SearchType` enum's values: the searchable Node type names, keyed by enum value (e.g. `GRANT: 'FundingGrant'`), in ranking order. */
export type SearchTypes = Readonly<Record<string, string>>;

/** The `SearchType` enum and `SearchResult` union of the types that take part in search, in the modules' order. */
export function searchTypes(participants: readonly SearchParticipation[]) {
  const SearchType: SearchTypes = Object.fromEntries(participants.map((p) => [p.value, nodeTypeName(p.type)]));
  registerEnumType(SearchType, {
    name: 'SearchType',
    description: 'Kinds of record `search` can return.',
    valuesConfig: Object.fromEntries(participants.map((p) => [p.value, { description: p.description }])),
  });
  const SearchResult = createUnionType({
    name: 'SearchResult',
    description: 'A record found by `search`.',
    types: () => participants.map((p) => p.type) as [NodeClass, ...NodeClass[]],
    resolveType: (value) => nodeTypeName(value.constructor),
  });
  return { SearchType, SearchResult };
}
