// Which rows an answer has and their columns: the one rule shared by the server's export and the IDE's table
// and chart views. Needs graphql-js, like columns.ts.
import { Kind, getNamedType, getNullableType, isListType, type FieldNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { connectionRows, connectionType, typedColumnsOf, type Column, type Fragments } from './columns';

/** Where an answer's rows are and what their columns are. */
export interface RowsPlan {
  /** The root field as written (its arguments page a connection). */
  root: FieldNode;
  /** Response key of the root field. */
  rootKey: string;
  /** A Relay connection (paged with cursors), or else a plain list. */
  paged: boolean;
  /** Response keys from the root field's value to the rows: `nodes`, or `edges` then `node`; null for a list. */
  rowPath: { list: string; item: string | null } | null;
  columns: Column[];
}

/** Why an operation's answer has no rows to tabulate, in a sentence for the person who wrote it. */
export class NoRows extends Error {}

/**
 * The rows of an operation with exactly one root field that returns a list or a Relay connection
 * selecting `nodes` or `edges { node }`; anything else throws NoRows, saying why. `who` names what needs the rows
 * in those sentences ("An export", "A table").
 */
export function planRows(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments, who = 'This'): RowsPlan {
  const fields = operation.selectionSet.selections;
  const root = fields[0];
  if (fields.length !== 1 || root.kind !== Kind.FIELD || root.name.value === '__typename') {
    throw new NoRows(`${who} needs an operation with exactly one root field, a list or a connection such as \`grants\` or \`fundingSummary\`.`);
  }
  const rootKey = (root.alias ?? root.name).value;
  const rootType = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  const fieldDef = rootType?.getFields()[root.name.value];
  if (!fieldDef) throw new NoRows(`The schema has no root field \`${root.name.value}\`.`);
  const itemType = getNamedType(fieldDef.type);
  if (isListType(getNullableType(fieldDef.type))) {
    const columns = root.selectionSet ? typedColumnsOf(schema, root.selectionSet, itemType, fragments) : [{ path: rootKey, type: itemType.name, list: false }];
    return { root, rootKey, paged: false, rowPath: null, columns };
  }
  const connection = connectionType(fieldDef);
  if (!connection) throw new NoRows(`\`${rootKey}\` returns one ${itemType.name}, not a list: ${who.toLowerCase()} needs a root field that returns a list or a connection.`);
  const rows = connectionRows(root, connection);
  if (!rows) throw new NoRows(`Select the rows ${who === 'This' ? 'to show' : `for ${who.toLowerCase()}`}: \`${rootKey} { nodes { ... } }\` or \`${rootKey} { edges { node { ... } } }\`.`);
  return { root, rootKey, paged: true, rowPath: rows.path, columns: typedColumnsOf(schema, rows.selectionSet, rows.type, fragments) };
}

/** The rows in an answer's `data`, as the plan locates them; [] when the root field is null. */
export function rowsOf(plan: Pick<RowsPlan, 'rootKey' | 'rowPath'>, data: Record<string, unknown> | null | undefined): unknown[] {
  const value = data?.[plan.rootKey];
  if (!plan.rowPath) return Array.isArray(value) ? value : [];
  const list = (value as Record<string, unknown> | null | undefined)?.[plan.rowPath.list];
  if (!Array.isArray(list)) return [];
  const item = plan.rowPath.item;
  return item ? list.map((edge) => (edge as Record<string, unknown> | null)?.[item] ?? null) : list;
}
