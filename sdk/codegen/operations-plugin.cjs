// graphql-codegen plugin: writes the SDK's operation table (sdk/src/generated/operations.ts).
// For every named operation in sdk/operations it emits the full document text (with its fragments),
// the SHA-256 hash that Apollo's automatic persisted queries expect, its variables (for the CLI) and,
// for Relay connections, the root field to follow and the paginator's variant without totalCount,
// so the runtime needs no graphql-js at all.
const { createHash } = require('node:crypto');
const { Kind, print, getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, isLeafType, typeFromAST, visit } = require('graphql');

const lowerFirst = (s) => s[0].toLowerCase() + s.slice(1);
const upperFirst = (s) => s[0].toUpperCase() + s.slice(1);

function fragmentsUsed(node, fragments, seen = new Set()) {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (seen.has(name)) return;
      const def = fragments.get(name);
      if (!def) throw new Error(`Unknown fragment ${name}`);
      seen.add(name);
      fragmentsUsed(def, fragments, seen);
    },
  });
  return seen;
}

/**
 * The CSV columns of a row: dotted paths to every leaf the selection asks for; a list becomes one
 * column (written as JSON). Fragments are expanded; for abstract types, the fields of every branch.
 */
function columnsOf(selectionSet, type, fragments, prefix = '', out = []) {
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FRAGMENT_SPREAD) columnsOf(fragments.get(sel.name.value).selectionSet, type, fragments, prefix, out);
    else if (sel.kind === Kind.INLINE_FRAGMENT) columnsOf(sel.selectionSet, type, fragments, prefix, out);
    else {
      const name = (sel.alias || sel.name).value;
      const path = prefix + name;
      const fieldDef = name === '__typename' ? null : fieldOf(type, sel.name.value, sel);
      const fieldType = fieldDef && getNullableType(fieldDef.type);
      if (!fieldDef || isLeafType(getNamedType(fieldDef.type)) || isListType(fieldType)) {
        if (!out.includes(path)) out.push(path);
      } else columnsOf(sel.selectionSet, getNamedType(fieldDef.type), fragments, `${path}.`, out);
    }
  }
  return out;
}

/** A field of an object, interface or union member (for inline fragments on abstract types). */
function fieldOf(type, name) {
  if (type.getFields) return type.getFields()[name];
  for (const member of type.getTypes ? type.getTypes() : []) if (member.getFields()[name]) return member.getFields()[name];
  return undefined;
}

/** The selection and type of one row: a connection's node, a list's item, or the object itself. */
function rowSelection(root, rootField) {
  const type = getNamedType(rootField.type);
  if (type.name.endsWith('Connection')) {
    const field = (set, name) => set && set.selections.find((s) => s.kind === Kind.FIELD && s.name.value === name);
    const node = field(field(root.selectionSet, 'edges')?.selectionSet, 'node');
    return node && { selectionSet: node.selectionSet, type: getNamedType(type.getFields().nodes.type) };
  }
  return root.selectionSet && { selectionSet: root.selectionSet, type };
}

/** A list operation without its root `totalCount`, named `<Name>Page`: the paginator's document (one COUNT per walk, not per page). */
function pageVariant(op, rootKey) {
  let depth = 0;
  const stripped = visit(op, {
    OperationDefinition: (def) => ({ ...def, name: { ...def.name, value: `${def.name.value}Page` } }),
    Field: {
      enter(field) {
        if (depth === 1 && field.name.value === 'totalCount') return null;
        depth++;
        return undefined;
      },
      leave() {
        depth--;
      },
    },
  });
  const root = stripped.selectionSet.selections.find((s) => s.kind === Kind.FIELD && (s.alias || s.name).value === rootKey);
  if (!root || root.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'totalCount')) throw new Error(`pageVariant failed for ${op.name.value}`);
  return stripped;
}

/** How the CLI reads a variable: the named type's kind (enum values may be bare words, input objects are JSON). */
function kindOf(schema, typeNode) {
  const named = getNamedType(typeFromAST(schema, typeNode));
  if (isEnumType(named)) return 'enum';
  if (isInputObjectType(named)) return 'input';
  return 'scalar';
}

module.exports = {
  plugin(schema, documents) {
    const fragments = new Map();
    const operations = [];
    for (const { document } of documents) {
      for (const def of document.definitions) {
        if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
        if (def.kind === Kind.OPERATION_DEFINITION) {
          if (!def.name) throw new Error('Every SDK operation must be named.');
          operations.push(def);
        }
      }
    }
    operations.sort((a, b) => a.name.value.localeCompare(b.name.value));
    const lines = [];
    const entries = [];
    for (const op of operations) {
      const name = op.name.value;
      const method = lowerFirst(name);
      const typeBase = `${name}${upperFirst(op.operation)}`;
      const used = [...fragmentsUsed(op, fragments)].sort();
      const fragmentText = used.map((f) => print(fragments.get(f)));
      const text = [print(op), ...fragmentText].join('\n\n');
      const hash = createHash('sha256').update(text).digest('hex');
      const root = op.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
      const rootType = op.operation === 'query' ? schema.getQueryType() : schema.getMutationType();
      const fieldType = root && rootType.getFields()[root.name.value] && getNamedType(rootType.getFields()[root.name.value].type);
      const connection = fieldType && fieldType.name.endsWith('Connection') ? (root.alias || root.name).value : null;
      const row = root && rowSelection(root, rootType.getFields()[root.name.value]);
      const columns = row ? columnsOf(row.selectionSet, row.type, fragments) : [];
      const rootKey = root ? (root.alias || root.name).value : null;
      const variables = (op.variableDefinitions || []).map((v) => ({ name: v.variable.name.value, type: print(v.type), kind: kindOf(schema, v.type) }));
      const pageText = connection ? [print(pageVariant(op, connection)), ...fragmentText].join('\n\n') : null;
      const page = pageText ? `{ name: '${name}Page', hash: '${createHash('sha256').update(pageText).digest('hex')}', document: ${JSON.stringify(pageText)} }` : 'null';
      const required = variables.some((v) => v.type.endsWith('!'));
      lines.push(
        `  /** ${op.operation} ${name}${connection ? ` (Relay connection \`${connection}\`)` : ''} */`,
        `  ${method}: { kind: '${op.operation}'; variables: T.${typeBase}Variables; result: T.${typeBase}; connection: ${connection ? `'${connection}'` : 'null'}; requiredVariables: ${required} };`,
      );
      entries.push(
        `  ${method}: {\n    name: '${name}',\n    kind: '${op.operation}',\n    connection: ${connection ? `'${connection}'` : 'null'},\n` +
          `    root: ${JSON.stringify(rootKey)},\n    hash: '${hash}',\n    variables: ${JSON.stringify(variables)},\n    columns: ${JSON.stringify(columns)},\n    document: ${JSON.stringify(text)},\n    page: ${page},\n  },`,
      );
    }
    return [
      '/* GENERATED by graphql-codegen (sdk/codegen/operations-plugin.cjs) from sdk/operations: do not edit. */',
      "import type * as T from './graphql';",
      '',
      '/** Every SDK operation: its kind, variables, result and, for lists, the connection to page through. */',
      'export interface OperationMap {',
      ...lines,
      '}',
      '',
      'export type OperationName = keyof OperationMap;',
      '',
      '/** What the runtime needs of an operation: the text to send, its persisted-query hash, its variables. */',
      'export interface OperationInfo {',
      '  name: string;',
      "  kind: 'query' | 'mutation';",
      '  connection: string | null;',
      '  /** The root field of the answer. */',
      '  root: string | null;',
      '  /** CSV columns of one row (dotted paths; lists as JSON), in selection order. */',
      '  columns: ReadonlyArray<string>;',
      '  hash: string;',
      "  variables: ReadonlyArray<{ name: string; type: string; kind: 'scalar' | 'enum' | 'input' }>;",
      '  document: string;',
      '  /** For lists: the same operation without `totalCount`, which the paginator sends for every page. */',
      '  page: { name: string; hash: string; document: string } | null;',
      '}',
      '',
      'export const operations: { readonly [K in OperationName]: OperationInfo } = {',
      ...entries,
      '};',
      '',
    ].join('\n');
  },
};
