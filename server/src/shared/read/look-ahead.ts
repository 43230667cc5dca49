import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * The fields a query selects on the nodes of the connection being resolved (through `nodes { … }` and
 * `edges { node { … } }`, fragments and inline fragments included), so the page's SQL can join the to-one
 * relations it will need instead of loading them in a statement each afterwards.
 */
export function nodeFieldsSelected(info: GraphQLResolveInfo): Set<string> {
  const fields = new Set<string>();
  for (const connection of info.fieldNodes) {
    for (const child of fieldsOf(connection.selectionSet, info.fragments)) {
      if (child.name.value === 'nodes') for (const f of fieldsOf(child.selectionSet, info.fragments)) fields.add(f.name.value);
      if (child.name.value === 'edges') {
        for (const edge of fieldsOf(child.selectionSet, info.fragments)) {
          if (edge.name.value === 'node') for (const f of fieldsOf(edge.selectionSet, info.fragments)) fields.add(f.name.value);
        }
      }
    }
  }
  return fields;
}

function fieldsOf(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((s) => {
    if (s.kind === 'Field') return [s];
    if (s.kind === 'InlineFragment') return fieldsOf(s.selectionSet, fragments, seen);
    const name = s.name.value;
    if (seen.has(name)) return [];
    seen.add(name);
    return fieldsOf(fragments[name]?.selectionSet, fragments, seen);
  });
}
