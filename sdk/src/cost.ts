/** What the service says a query cost, in every answer's `extensions.cost` (Shopify's names). */
export interface QueryCost {
  /** The most the query could cost, worked out before it ran: objects 1, scalars 0, lists times their page size. */
  requestedQueryCost: number;
  /** What the answer cost by the same count, from what came back; never more than `requestedQueryCost`. */
  actualQueryCost: number;
}

/** A dry run's answer (`client.cost()`): what a query would cost and the caller's budget, nothing run or charged. */
export interface CostEstimate {
  requestedQueryCost: number;
  /** Cost the caller may spend per window; null while the service's cost limit is off (as are the others). */
  limit: number | null;
  /** Cost left in the current window. */
  remaining: number | null;
  /** Cost spent in the current window. */
  used: number | null;
  /** When the window ends and the budget is whole again (ISO 8601). */
  resetAt: string | null;
}

const costs = new WeakMap<object, QueryCost>();

/** The `extensions.cost` of the answer a result came from; undefined for a result without one (or not an object). */
export function costOf(result: unknown): QueryCost | undefined {
  return result !== null && typeof result === 'object' ? costs.get(result) : undefined;
}

/** Remembers the cost with the result (a WeakMap: the result's type and shape stay as generated). */
export function keepCost(result: unknown, extensions: { cost?: unknown } | undefined) {
  const cost = extensions?.cost as QueryCost | undefined;
  if (result !== null && typeof result === 'object' && typeof cost?.requestedQueryCost === 'number') costs.set(result, cost);
}

/** The field a dry run adds to the query; aliased so that it cannot clash with a `rateLimit` the query asks for itself. */
export const DRY_RUN_KEY = 'apoDataDryRun';
const DRY_RUN_FIELD = `${DRY_RUN_KEY}: rateLimit(dryRun: true) { cost limit remaining used resetAt }`;

/**
 * The query with the dry-run field first in its operation's selection: `rateLimit(dryRun: true)` makes the service
 * work out the whole operation's cost and run nothing else. The operation is the first definition that is not a
 * fragment (comments and strings skipped); a mutation cannot be dry-run (`rateLimit` is a query field).
 */
export function withDryRun(document: string): string {
  const code = document.replace(/"""[\s\S]*?"""|"(?:\\.|[^"\\])*"|#[^\n]*/g, (m) => ' '.repeat(m.length));
  let depth = 0;
  let inFragment = false;
  for (const match of code.matchAll(/[{}]|\b(?:fragment|mutation|subscription)\b/g)) {
    const token = match[0];
    if (token === '{') {
      if (depth++ === 0 && !inFragment) return `${document.slice(0, match.index + 1)} ${DRY_RUN_FIELD} ${document.slice(match.index + 1)}`;
    } else if (token === '}') {
      if (--depth === 0) inFragment = false;
    } else if (depth === 0) {
      if (token === 'fragment') inFragment = true;
      else throw new TypeError(`Only queries can be dry-run: this document holds a ${token}.`);
    }
  }
  throw new TypeError('The document holds no operation to dry-run.');
}

/** The dry run's answer as a CostEstimate. */
export function estimateOf(data: Record<string, unknown> | null | undefined): CostEstimate {
  const r = data?.[DRY_RUN_KEY] as { cost: number; limit: number | null; remaining: number | null; used: number | null; resetAt: string | null } | undefined;
  if (!r) throw new TypeError('The service did not answer the dry run (is it older than rateLimit(dryRun:)?).');
  return { requestedQueryCost: r.cost, limit: r.limit, remaining: r.remaining, used: r.used, resetAt: r.resetAt };
}
