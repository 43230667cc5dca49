// The CSV columns of a selection, shared by the SDK's codegen (the CLI's columns) and the server's export planner.
// Needs graphql-js, so it is never part of the SDK's runtime bundle.
import {
  Kind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** The document's fragment definitions, by name. */
export type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/** Where the rows of a connection's answer are, and what one row selects. */
export interface ConnectionRows {
  /** Response keys from the connection's value to the rows: `nodes`, or `edges` and then `node`. */
  path: { list: string; item: string | null };
  selectionSet: SelectionSetNode;
  /** The type of one row (the connection's node type). */
  type: GraphQLNamedType;
}

/**
 * The connection type when a field is a Relay connection as the API builds them (forward paging
 * arguments, `pageInfo`, `nodes`, `totalCount`); null otherwise. Recognised by shape, not by name.
 */
export function connectionType(field: GraphQLField<unknown, unknown>): GraphQLObjectType | null {
  const type = getNamedType(field.type);
  const args = field.args.map((a) => a.name);
  if (!isObjectType(type) || isListType(getNullableType(field.type)) || !args.includes('first') || !args.includes('after')) return null;
  const fields = type.getFields();
  return 'pageInfo' in fields && 'nodes' in fields && 'totalCount' in fields ? type : null;
}

/** The rows a connection field selects: `nodes { … }`, or else `edges { node { … } }`; null when it selects neither. */
export function connectionRows(field: FieldNode, type: GraphQLObjectType): ConnectionRows | null {
  const child = (set: SelectionSetNode | undefined, name: string) =>
    set?.selections.find((s): s is FieldNode & { selectionSet: SelectionSetNode } => s.kind === Kind.FIELD && s.name.value === name && !!s.selectionSet);
  const key = (f: FieldNode) => (f.alias ?? f.name).value;
  const rowType = getNamedType(type.getFields().nodes.type);
  const nodes = child(field.selectionSet, 'nodes');
  if (nodes) return { path: { list: key(nodes), item: null }, selectionSet: nodes.selectionSet, type: rowType };
  const edges = child(field.selectionSet, 'edges');
  const node = child(edges?.selectionSet, 'node');
  return edges && node ? { path: { list: key(edges), item: key(node) }, selectionSet: node.selectionSet, type: rowType } : null;
}

/** One column of a row: its dotted path, and the named type of its leaf (`Decimal`, `Int`, `Money` for a list of Money…). */
export interface Column {
  path: string;
  /** Name of the leaf's type; for `__typename` and the fields of a union, `String`. */
  type: string;
  /** A list: one cell of compact JSON. */
  list: boolean;
}

/**
 * The CSV columns of a row: the dotted path (by alias where there is one) of every leaf the selection
 * asks for, in selection order and each once; a list is one column (its cell is JSON). Fragments and
 * inline fragments are expanded against their own type condition, so for an abstract type the
 * columns of every branch follow one another.
 */
export function columnsOf(schema: GraphQLSchema, selectionSet: SelectionSetNode, type: GraphQLNamedType, fragments: Fragments): string[] {
  return typedColumnsOf(schema, selectionSet, type, fragments).map((c) => c.path);
}

/** The same columns as `columnsOf`, each with the type of its values (the IDE aligns, sorts and charts by it). */
export function typedColumnsOf(schema: GraphQLSchema, selectionSet: SelectionSetNode, type: GraphQLNamedType, fragments: Fragments): Column[] {
  const out: Column[] = [];
  collect(schema, selectionSet, type, fragments, '', out);
  return out;
}

function collect(schema: GraphQLSchema, set: SelectionSetNode, type: GraphQLNamedType, fragments: Fragments, prefix: string, out: Column[]): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(sel.name.value);
      if (!fragment) throw new Error(`Unknown fragment ${sel.name.value}`);
      collect(schema, fragment.selectionSet, typeNamed(schema, fragment.typeCondition.name.value), fragments, prefix, out);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      collect(schema, sel.selectionSet, sel.typeCondition ? typeNamed(schema, sel.typeCondition.name.value) : type, fragments, prefix, out);
    } else {
      const path = prefix + (sel.alias ?? sel.name).value;
      // `__typename` and the fields of a union have no definition here: they are one column each.
      const def = isObjectType(type) || isInterfaceType(type) ? type.getFields()[sel.name.value] : undefined;
      const list = !!def && isListType(getNullableType(def.type));
      if (!def || !sel.selectionSet || isLeafType(getNamedType(def.type)) || list) {
        if (!out.some((c) => c.path === path)) out.push({ path, type: def ? getNamedType(def.type).name : 'String', list });
      } else collect(schema, sel.selectionSet, getNamedType(def.type), fragments, `${path}.`, out);
    }
  }
}

function typeNamed(schema: GraphQLSchema, name: string): GraphQLNamedType {
  const type = schema.getType(name);
  if (!type) throw new Error(`Unknown type ${name}`);
  return type;
}
