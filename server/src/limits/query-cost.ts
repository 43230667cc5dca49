import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../shared/connection';
import { checkPageSize } from '../shared/connection/page-plan';

// The one cost model, GitHub- and Shopify-like: every object a query may return costs 1, scalars cost 0, and a
// list multiplies what it holds by its length: a connection's page size (`first`/`last`, else the default page
// size), a list's own `first`, the number of `ids`, or UNPAGED_LIST_SIZE for a list with no size argument.
// Introspection (`__schema`, `__type`), `__typename` and `rateLimit` (about the query, not the data) cost nothing:
// the depth and field limits bound them.
// QUERY_MAX_COST, `extensions.cost` and the cost rate limit all use it.

/** What a list without a size argument (e.g. `Country.names`) is expected to hold, for the requested cost. */
export const UNPAGED_LIST_SIZE = DEFAULT_PAGE_SIZE;

export type Fragments = Readonly<Record<string, FragmentDefinitionNode>>;

/** Fields that cost nothing, whatever they select. */
const isFree = (node: FieldNode) => node.name.value.startsWith('__') || node.name.value === 'rateLimit';

/**
 * The most the operation can cost, before it runs: the arguments are read with `variables` (already coerced).
 * Throws BAD_USER_INPUT for a page size out of range (documented as such), before any cost is compared.
 */
export function requestedCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments, variables: Record<string, unknown>): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const memo = new Map<string, number>();
  const costOfSet = (parent: GraphQLCompositeType, set: SelectionSetNode, pageSize: number): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) cost += costOfField(parent, selection, pageSize);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (isCompositeType(type)) cost += costOfSet(type, selection.selectionSet, pageSize);
      } else cost += costOfFragment(fragments[selection.name.value], pageSize);
    }
    return cost;
  };
  // A fragment's cost depends only on the page size around it (a fragment on a connection), so it is worked out once per size.
  const costOfFragment = (fragment: FragmentDefinitionNode | undefined, pageSize: number): number => {
    if (!fragment) return 0;
    const key = `${fragment.name.value}\n${pageSize}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, 0); // a cycle (refused by validation already) adds nothing
    const type = schema.getType(fragment.typeCondition.name.value);
    const cost = isCompositeType(type) ? costOfSet(type, fragment.selectionSet, pageSize) : 0;
    memo.set(key, cost);
    return cost;
  };
  const costOfField = (parent: GraphQLCompositeType, node: FieldNode, pageSize: number): number => {
    if (!node.selectionSet || isFree(node)) return 0;
    const field = fieldOf(parent, node.name.value);
    if (!field) return 0;
    const args = argumentsOf(field, node, variables);
    checkPageSize('first', sizeArg(args.first));
    checkPageSize('last', sizeArg(args.last));
    const own = sizeArg(args.first) ?? sizeArg(args.last) ?? (Array.isArray(args.ids) ? args.ids.length : undefined);
    const type = getNamedType(field.type);
    const connection = isConnection(type);
    const length = isListType(getNullableType(field.type)) ? (own ?? (isConnection(parent) ? pageSize : UNPAGED_LIST_SIZE)) : 1;
    if (!isCompositeType(type)) return 0;
    return length * (1 + costOfSet(type, node.selectionSet, connection ? (own ?? DEFAULT_PAGE_SIZE) : pageSize));
  };
  return costOfSet(root, operation.selectionSet, DEFAULT_PAGE_SIZE);
}

/** The object-valued fields under a selection, by response key: what the actual cost walks, worked out once per operation. */
interface CostPlan {
  children: ReadonlyArray<readonly [key: string, plan: CostPlan]>;
}

// Apollo keeps parsed documents (its document store), so a repeated operation finds its plan here.
const plans = new WeakMap<OperationDefinitionNode, CostPlan>();

/**
 * What the answer actually cost, by the same model, from the data returned: every object in it costs 1, every
 * list its real length. Walks the data once along the operation's plan (its object-valued fields, merged across
 * fragments, type conditions ignored: a key absent from the data costs nothing), so no resolver is wrapped.
 */
export function actualCost(operation: OperationDefinitionNode, fragments: Fragments, data: unknown): number {
  let plan = plans.get(operation);
  if (!plan) plans.set(operation, (plan = planOf([operation.selectionSet], fragments)));
  return data !== null && typeof data === 'object' ? costOfObject(plan, data as Record<string, unknown>) : 0;
}

function costOfObject(plan: CostPlan, object: Record<string, unknown>): number {
  let cost = 0;
  for (const [key, child] of plan.children) {
    const value = object[key];
    if (value !== null && typeof value === 'object') cost += costOfValue(child, value);
  }
  return cost;
}

function costOfValue(plan: CostPlan, value: object): number {
  if (!Array.isArray(value)) return 1 + costOfObject(plan, value as Record<string, unknown>);
  let cost = 0;
  for (const item of value) if (item !== null && typeof item === 'object') cost += costOfValue(plan, item);
  return cost;
}

/** The plan of the fields selected by `sets` together (one response key may be selected in several places). */
function planOf(sets: readonly SelectionSetNode[], fragments: Fragments): CostPlan {
  const byKey = new Map<string, SelectionSetNode[]>();
  const collect = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.selectionSet || isFree(selection)) continue;
        const key = selection.alias?.value ?? selection.name.value;
        byKey.set(key, [...(byKey.get(key) ?? []), selection.selectionSet]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value) && fragments[selection.name.value]) {
        seen.add(selection.name.value);
        collect(fragments[selection.name.value].selectionSet, seen);
      }
    }
  };
  for (const set of sets) collect(set, new Set());
  return { children: [...byKey].map(([key, childSets]) => [key, planOf(childSets, fragments)] as const) };
}

/** The operation's fragments by name. */
export function fragmentsOf(document: { definitions: ReadonlyArray<{ kind: string }> }): Fragments {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[(d as FragmentDefinitionNode).name.value] = d as FragmentDefinitionNode;
  return fragments;
}

/** The arguments of a field as the resolver will get them (defaults applied); {} when they cannot be read (execution reports why). */
export function argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return {};
  }
}

function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

const sizeArg = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** A Relay connection type: its `edges` and `nodes` hold one page. */
function isConnection(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.name.endsWith('Connection') && ('edges' in type.getFields() || 'nodes' in type.getFields());
}
