// The rows of the answer the result pane shows: the same rule and columns as the CSV export (sdk/src/rows).
import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { NoRows, planRows, rowsOf, type Column, type RowsPlan } from '../../../../sdk/src/rows';

/** A request as the IDE sent it. */
export interface SentRequest {
  query: string;
  variables: Record<string, unknown> | null;
  operationName: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export type ResultRows =
  | { ok: true; schema: GraphQLSchema; plan: RowsPlan; document: DocumentNode; operation: OperationDefinitionNode; rows: unknown[]; columns: Column[]; pageInfo: PageInfo | null }
  | { ok: false; reason: string };

/** The rows of `answer` (the parsed JSON of the result pane) for `request`, or why there are none. */
export function resultRows(schema: GraphQLSchema | null, request: SentRequest | null, answer: unknown): ResultRows {
  if (!schema) return { ok: false, reason: 'The schema has not loaded yet.' };
  if (!request || answer == null) return { ok: false, reason: 'Run a query to see its rows.' };
  const data = (answer as { data?: Record<string, unknown> | null }).data;
  if (!data) return { ok: false, reason: 'The answer has no data (see its errors in the JSON view).' };
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch {
    return { ok: false, reason: 'The query does not parse.' };
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = request.operationName ? operations.find((o) => o.name?.value === request.operationName) : operations[0];
  if (!operation) return { ok: false, reason: 'The query has no operation to show.' };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  try {
    const plan = planRows(schema, operation, fragments, 'A table or a chart');
    return { ok: true, schema, plan, document, operation, rows: rowsOf(plan, data), columns: plan.columns, pageInfo: pageInfoOf(plan, data) };
  } catch (err) {
    if (err instanceof NoRows) return { ok: false, reason: err.message };
    return { ok: false, reason: 'The query does not match the schema.' };
  }
}

/** The connection's page info, under whatever key the query gave it; null for a list or when not selected. */
function pageInfoOf(plan: RowsPlan, data: Record<string, unknown>): PageInfo | null {
  if (!plan.paged) return null;
  const value = data[plan.rootKey] as Record<string, unknown> | null;
  for (const sel of plan.root.selectionSet?.selections ?? []) {
    if (sel.kind === Kind.FIELD && sel.name.value === 'pageInfo') {
      const info = value?.[(sel.alias ?? sel.name).value] as Partial<PageInfo> | undefined;
      if (info && ('endCursor' in info || 'startCursor' in info)) {
        return { hasNextPage: !!info.hasNextPage, hasPreviousPage: !!info.hasPreviousPage, startCursor: info.startCursor ?? null, endCursor: info.endCursor ?? null };
      }
    }
  }
  return null;
}
