import { cells, rowsOf } from '@apo-data/sdk/rows';
import { stringify } from 'csv-stringify/sync';
import type { FormattedExecutionResult } from 'graphql';
import { MAX_PAGE_SIZE } from '../shared/connection';
import { ExportRefused, PAGE_INFO_KEY, TOTAL_KEY, type ExportFormat, type ExportPlan } from './export.plan';

/** The most rows one export may return; more is refused up front with BAD_USER_INPUT. */
export const MAX_EXPORT_ROWS = 10_000;

/** Runs one GraphQL request through Apollo, exactly as `/graphql` would (validation, plugins, error formatting). */
export type RunOperation = (query: string, variables: Record<string, unknown>, operationName: string | undefined) => Promise<FormattedExecutionResult>;

interface Page {
  rows: unknown[];
  /** Cursor of the next page; null on the last one. */
  next: string | null;
  total: number;
}

/**
 * Starts an export. The first page runs now, so GraphQL errors and a result over `maxRows` are refused
 * before any byte is sent; the rest is a lazy stream of encoded chunks, one per page, fetched as the
 * client reads (a client that goes away stops the paging).
 */
export async function startExport(plan: ExportPlan, format: ExportFormat, run: RunOperation, maxRows = MAX_EXPORT_ROWS): Promise<AsyncIterable<string>> {
  const first = await fetchPage(plan, run, null);
  if (first.total > maxRows) {
    throw ExportRefused.badInput(`This export has ${first.total} rows; at most ${maxRows} can be exported at once. Narrow it with a filter.`, { maxRows, totalCount: first.total });
  }
  return encode(plan, format, first, run, maxRows);
}

async function* encode(plan: ExportPlan, format: ExportFormat, first: Page, run: RunOperation, maxRows: number): AsyncGenerator<string> {
  if (format === 'csv') yield stringify([], { header: true, columns: plan.columns });
  let page: Page | null = first;
  let count = 0;
  while (page) {
    count += page.rows.length;
    // Rows added while an export runs could push it past the bound; stop rather than send a partial file as whole.
    if (count > maxRows) throw ExportRefused.badInput(`The export grew past ${maxRows} rows while it ran.`, { maxRows });
    if (page.rows.length) yield format === 'csv' ? stringify(page.rows.map((r) => cells(r, plan.columns))) : page.rows.map((r) => `${JSON.stringify(r)}\n`).join('');
    page = page.next ? await fetchPage(plan, run, page.next) : null;
  }
}

async function fetchPage(plan: ExportPlan, run: RunOperation, after: string | null): Promise<Page> {
  const variables = plan.paged ? { ...plan.variables, apoExportFirst: MAX_PAGE_SIZE, apoExportAfter: after, apoExportCount: after === null } : plan.variables;
  const result = await run(plan.query, variables, plan.operationName);
  // A rewritten operation's error locations point into text the client never sent: drop them, keep the path.
  const errors = plan.paged ? result.errors?.map(({ locations: _, ...e }) => e) : result.errors;
  if (errors?.length) throw new ExportRefused(errors);
  const rows = rowsOf(plan, result.data);
  if (!plan.rowPath) return { rows, next: null, total: rows.length };
  const value = result.data![plan.rootKey] as Record<string, unknown>;
  const pageInfo = value[PAGE_INFO_KEY] as { hasNextPage: boolean; endCursor: string | null };
  return {
    rows,
    next: pageInfo.hasNextPage ? pageInfo.endCursor : null,
    total: (value[TOTAL_KEY] as number | undefined) ?? 0,
  };
}
