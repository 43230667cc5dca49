// "Next page" and "previous page" of a connection in the table: the query as sent, its root field paged by the
// cursors of the page shown, with its own variables. Pure, so the rules are unit-tested.
import { Kind, parse, print, visit, type ArgumentNode, type DocumentNode, type FieldNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import type { RowsPlan } from '../../../../sdk/src/rows';
import type { SentRequest } from './result-rows';

/** The key the rewrite selects the page info under; unusual, so it cannot clash with a query's own. */
export const PAGE_INFO_KEY = 'apoIdePageInfo';
const PAGING = new Set(['first', 'last', 'after', 'before']);
const DEFAULT_PAGE_SIZE = 20;
const PAGE_INFO = (parse(`{ ${PAGE_INFO_KEY}: pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }`).definitions[0] as OperationDefinitionNode)
  .selectionSet.selections[0] as FieldNode;

export type Direction = 'first' | 'next' | 'previous';

/**
 * The request for a page of the connection: `first` is the page the query itself asks for (with the page
 * info added), `next` the page after `cursor`, `previous` the page before it; same size as the query's.
 */
export function pageRequest(request: SentRequest, plan: RowsPlan, document: DocumentNode, operation: OperationDefinitionNode, direction: Direction, cursor: string | null): SentRequest {
  const size = pageSize(plan.root, request.variables ?? {});
  const int = (n: number): ValueNode => ({ kind: Kind.INT, value: String(n) });
  const arg = (name: string, value: ValueNode): ArgumentNode => ({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value });
  const kept = (plan.root.arguments ?? []).filter((a) => direction === 'first' || !PAGING.has(a.name.value));
  const added =
    direction === 'first' ? [] : direction === 'next' ? [arg('first', int(size)), arg('after', str(cursor))] : [arg('last', int(size)), arg('before', str(cursor))];
  const root: FieldNode = {
    ...plan.root,
    arguments: [...kept, ...added],
    selectionSet: { ...plan.root.selectionSet!, selections: [...plan.root.selectionSet!.selections, PAGE_INFO] },
  };
  const paged: OperationDefinitionNode = { ...operation, selectionSet: { ...operation.selectionSet, selections: [root] } };
  const others = document.definitions.filter((d) => d !== operation && d.kind === Kind.FRAGMENT_DEFINITION);
  const used = new Set<string>();
  for (const node of [paged.selectionSet, ...others]) visit(node, { Variable: (v) => void used.add(v.name.value) });
  const operationOut: OperationDefinitionNode = { ...paged, variableDefinitions: (operation.variableDefinitions ?? []).filter((v) => used.has(v.variable.name.value)) };
  const variables = Object.fromEntries(Object.entries(request.variables ?? {}).filter(([name]) => used.has(name)));
  return { query: print({ kind: Kind.DOCUMENT, definitions: [operationOut, ...others] }), variables, operationName: request.operationName };
}

/** The page size the query asks for: its `first` or `last`, a literal or a variable; the API's default otherwise. */
export function pageSize(root: FieldNode, variables: Record<string, unknown>): number {
  for (const name of ['first', 'last']) {
    const value = root.arguments?.find((a) => a.name.value === name)?.value;
    if (value?.kind === Kind.INT) return Number(value.value);
    if (value?.kind === Kind.VARIABLE && typeof variables[value.name.value] === 'number') return variables[value.name.value] as number;
  }
  return DEFAULT_PAGE_SIZE;
}

function str(value: string | null): ValueNode {
  return value == null ? { kind: Kind.NULL } : { kind: Kind.STRING, value };
}
