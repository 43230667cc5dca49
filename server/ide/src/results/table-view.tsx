import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { pageRequest, type Direction } from './paging';
import { resultRows, type ResultRows, type SentRequest } from './result-rows';
import { display, isNumeric, sortRows, tableCsv, type Sort } from './table-model';

type Rows = Extract<ResultRows, { ok: true }>;
const ROW_HEIGHT = 28;

/**
 * The rows as a table: one column per dotted path (as the CSV export has them), sortable, numbers right-aligned;
 * only the rows in view are in the DOM. A connection pages by its cursors; "Copy as CSV" copies what is shown.
 */
export function TableView({ rows, request, endpoint, headers, onPage }: {
  rows: Rows;
  request: SentRequest;
  endpoint: string;
  headers: () => Record<string, string>;
  onPage: (page: { request: SentRequest; answer: unknown }) => void;
}) {
  const [sort, setSort] = useState<Sort | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const shown = useMemo(() => sortRows(rows.rows, rows.columns, sort), [rows, sort]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtual.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);

  function toggle(column: string) {
    setSort((s) => (s?.column !== column ? { column, direction: 'ascending' } : s.direction === 'ascending' ? { column, direction: 'descending' } : null));
  }

  async function go(direction: Exclude<Direction, 'first'>) {
    setBusy(true);
    setStatus('');
    try {
      // Without page info in the answer, the query's own page is fetched once more with it, for its cursors.
      let info = rows.pageInfo;
      if (!info) {
        const first = await send(pageRequest(request, rows.plan, rows.document, rows.operation, 'first', null));
        info = first.rows.ok ? first.rows.pageInfo : null;
      }
      const cursor = direction === 'next' ? info?.endCursor : info?.startCursor;
      const more = direction === 'next' ? info?.hasNextPage : info?.hasPreviousPage;
      if (!info || !more || !cursor) return setStatus(direction === 'next' ? 'This is the last page.' : 'This is the first page.');
      const page = await send(pageRequest(request, rows.plan, rows.document, rows.operation, direction, cursor));
      if (!page.rows.ok) return setStatus(page.rows.reason);
      onPage(page);
    } catch (err) {
      setStatus(`The page could not be fetched: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  async function send(next: SentRequest) {
    const res = await fetch(endpoint, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(next) });
    const answer: unknown = await res.json();
    return { request: next, answer, rows: resultRows(schemaOf(rows), next, answer) };
  }

  async function copy() {
    const csv = tableCsv(shown, rows.columns);
    await copyText(csv);
    setStatus(`Copied ${shown.length} rows as CSV.`);
  }

  const info = rows.pageInfo;
  return (
    <div className="apo-table-view">
      <div className="apo-view-toolbar">
        <span>{shown.length === 1 ? '1 row' : `${shown.length} rows`}</span>
        {rows.plan.paged && (
          <>
            <button type="button" onClick={() => go('previous')} disabled={busy || info?.hasPreviousPage === false}>Previous page</button>
            <button type="button" onClick={() => go('next')} disabled={busy || info?.hasNextPage === false}>Next page</button>
          </>
        )}
        <button type="button" onClick={copy} disabled={!shown.length}>Copy as CSV</button>
        <span role="status" className="apo-view-status">{status}</span>
      </div>
      <div ref={scroller} className="apo-table-scroll">
        <table aria-rowcount={shown.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              {rows.columns.map((c) => (
                <th key={c.path} scope="col" aria-sort={sort?.column === c.path ? sort.direction : 'none'} className={isNumeric(c) ? 'apo-num' : undefined}>
                  <button type="button" onClick={() => toggle(c.path)}>{c.path}</button>
                  <span aria-hidden="true">{sort?.column !== c.path ? '' : sort.direction === 'ascending' ? ' ▲' : ' ▼'}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
            {items.map((item) => (
              <tr key={item.index} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                {rows.columns.map((c) => (
                  <td key={c.path} className={isNumeric(c) ? 'apo-num' : c.list ? 'apo-json' : undefined}>{display(shown[item.index], c)}</td>
                ))}
              </tr>
            ))}
            {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The schema the rows were planned with (a page is planned against the same one). */
const schemaOf = (rows: Rows) => rows.schema;

/** The clipboard API where the page is a secure context; a hidden text area and the copy command elsewhere. */
async function copyText(text: string) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = Object.assign(document.createElement('textarea'), { value: text });
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}
