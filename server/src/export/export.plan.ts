import {
  GraphQLError,
  Kind,
  parse,
  print,
  validate,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { NoRows, planRows, type RowsPlan } from '@apo-data/sdk/rows';
import { ApiError, APOLLO_CODES, httpStatusOf } from '../errors';

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What a client posts to the export endpoint: a GraphQL request, as for `/graphql`. */
export interface ExportRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

/** An export refused before any row was sent: the errors of the JSON body, and the HTTP status their code calls for. */
export class ExportRefused extends Error {
  readonly status: number;

  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.status = httpStatusOf(errors);
  }

  static badInput(message: string, extensions: Record<string, unknown> = {}): ExportRefused {
    return new ExportRefused([new ApiError('BAD_USER_INPUT', message, extensions).toJSON()]);
  }
}

/** How to run an export: the request for each page, where the rows are in an answer, and the CSV columns. */
export interface ExportPlan {
  /** The operation to run: for a connection, rewritten to take `$apoExportFirst`, `$apoExportAfter`, `$apoExportCount`; a list as sent. */
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Response key of the root field; also names the downloaded file. */
  rootKey: string;
  /** A Relay connection is fetched page by page; a plain list in one request. */
  paged: boolean;
  /** Path from the root field's value to the rows: `nodes`, `edges.node`, or nothing for a list. */
  rowPath: { list: string; item: string | null } | null;
  /** Dotted paths of every leaf the row selection asks for; a list is one column (written as JSON). */
  columns: string[];
}

/** Aliases and variables the rewrite adds; unusual names, so they cannot clash with a client's. */
export const PAGE_INFO_KEY = 'apoExportPageInfo';
export const TOTAL_KEY = 'apoExportTotal';
const PAGING_ARGS = new Set(['first', 'after', 'last', 'before']);
const ADDED = parse(
  `query ($apoExportFirst: Int!, $apoExportAfter: String, $apoExportCount: Boolean!) {
    f(first: $apoExportFirst, after: $apoExportAfter) {
      ${PAGE_INFO_KEY}: pageInfo { hasNextPage endCursor }
      ${TOTAL_KEY}: totalCount @include(if: $apoExportCount)
    }
  }`,
).definitions[0] as OperationDefinitionNode;
const ADDED_FIELD = ADDED.selectionSet.selections[0] as FieldNode;

/**
 * Checks an export request against the schema and plans it. The operation must be a query with exactly
 * one root field, and that field must return a list or a Relay connection; anything else is refused
 * with BAD_USER_INPUT, as are syntax and validation errors (with the same messages as `/graphql`).
 */
export function planExport(schema: GraphQLSchema, request: ExportRequest): ExportPlan {
  const document = parseQuery(request.query);
  const problems = validate(schema, document);
  if (problems.length) throw new ExportRefused(problems.map((e) => folded(e, 'GRAPHQL_VALIDATION_FAILED')));
  const operation = pickOperation(document, request.operationName);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  let rows: RowsPlan;
  try {
    rows = planRows(schema, operation, fragments, 'An export');
  } catch (err) {
    if (err instanceof NoRows) throw ExportRefused.badInput(err.message);
    throw err;
  }
  const { root, rootKey, paged, rowPath } = rows;
  const columns = rows.columns.map((c) => c.path);
  // A list is sent as written, so error locations point into the client's own text.
  const query = paged ? printOperation(pagedOperation(operation, root, fragments), fragments) : request.query;
  return { query, operationName: operation.name?.value, variables: request.variables, rootKey, paged, rowPath, columns };
}

function parseQuery(query: string): DocumentNode {
  try {
    return parse(query);
  } catch (err) {
    if (err instanceof GraphQLError) throw new ExportRefused([folded(err, 'GRAPHQL_PARSE_FAILED')]);
    throw err;
  }
}

/** The same code and reason `/graphql` gives (see format-error.ts). */
function folded(err: GraphQLError, reason: string): GraphQLFormattedError {
  const json = err.toJSON();
  return { ...json, extensions: { ...json.extensions, code: APOLLO_CODES[reason], reason } };
}

function pickOperation(document: DocumentNode, name: string | null): OperationDefinitionNode {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = name ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) {
    throw ExportRefused.badInput(name ? `The document has no operation named "${name}".` : 'The document has several operations: pass `operationName`.');
  }
  if (operation.operation !== 'query') throw ExportRefused.badInput(`Only queries can be exported; this is a ${operation.operation}.`);
  return operation;
}

/** The operation with the root field paged by our variables, and its own paging variables dropped if now unused. */
function pagedOperation(operation: OperationDefinitionNode, root: FieldNode, fragments: Map<string, FragmentDefinitionNode>): OperationDefinitionNode {
  const field: FieldNode = {
    ...root,
    arguments: [...(root.arguments ?? []).filter((a) => !PAGING_ARGS.has(a.name.value)), ...ADDED_FIELD.arguments!],
    selectionSet: { ...root.selectionSet!, selections: [...root.selectionSet!.selections, ...ADDED_FIELD.selectionSet!.selections] },
  };
  const rewritten: OperationDefinitionNode = { ...operation, selectionSet: { ...operation.selectionSet, selections: [field] } };
  const used = new Set<string>();
  for (const node of [rewritten.selectionSet, ...fragments.values()]) visit(node, { Variable: (v) => { used.add(v.name.value); } });
  return {
    ...rewritten,
    variableDefinitions: [...(operation.variableDefinitions ?? []).filter((v) => used.has(v.variable.name.value)), ...ADDED.variableDefinitions!],
  };
}

function printOperation(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): string {
  return [operation, ...fragments.values()].map((d) => print(d)).join('\n\n');
}
