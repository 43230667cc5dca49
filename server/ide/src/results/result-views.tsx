import { useEditorContext, useSchemaStore } from '@graphiql/react';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { resultRows, type SentRequest } from './result-rows';
import { TableView } from './table-view';

/** The views of an answer: GraphiQL's own JSON pane, a table of its rows, a chart of them. */
export const VIEWS = ['json', 'table', 'chart'] as const;
export type View = (typeof VIEWS)[number];
const NAMES: Record<View, string> = { json: 'JSON', table: 'Table', chart: 'Chart' };
/** The charting library is loaded when a chart is first shown (a chunk of the same bundle, from the service). */
const ChartView = lazy(() => import('./chart-view').then((m) => ({ default: m.ChartView })));

/** The view each tab (by GraphiQL's tab id) was last switched to, kept across reloads. */
const STORAGE_KEY = 'apo-data:result-views';
/** A query's own preferred view: a `# view: chart` line in its header comment (the saved queries have one). */
const VIEW_COMMENT = /^#\s*view:\s*(json|table|chart)\s*$/im;

/** The requests the IDE sent, by tab: what the answer in each tab's result pane is the answer to. */
const sent = new Map<string, SentRequest>();
let activeTab = '';

/** Records each request a tab runs (not GraphiQL's introspection), so its rows are read with the query that asked for them. */
export function recordRequests<F extends (params: { query: string; variables?: unknown; operationName?: string | null }, ...rest: never[]) => unknown>(fetcher: F): F {
  return ((params, ...rest) => {
    if (params.operationName !== 'IntrospectionQuery' && activeTab) {
      sent.set(activeTab, { query: params.query, variables: (params.variables as Record<string, unknown>) ?? null, operationName: params.operationName ?? null });
    }
    return fetcher(params, ...rest);
  }) as F;
}

/**
 * The view switch above GraphiQL's result pane (JSON, Table, Chart: ARIA tabs), and the table or chart of the
 * answer the pane holds. Rendered in GraphiQL's footer slot, which sits inside the response column.
 */
export function ResultViews({ endpoint }: { endpoint: string }) {
  const editor = useEditorContext({ nonNull: true });
  const schema = useSchemaStore((s) => s.schema);
  const tabId = editor.tabs[editor.activeTabIndex]?.id ?? '';
  activeTab = tabId;
  const queryText = editor.tabs[editor.activeTabIndex]?.query ?? '';
  const [chosen, setChosen] = useState<Record<string, View>>(readChoices);
  const view: View = chosen[tabId] ?? preferredView(queryText);
  const choose = (v: View) => {
    const next = { ...readChoices(), [tabId]: v };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setChosen(next);
  };

  const answerText = useResponseText(editor.responseEditor);
  // A page the table fetched (next / previous) replaces the pane's answer until the next run.
  const [page, setPage] = useState<{ request: SentRequest; answer: unknown } | null>(null);
  useEffect(() => setPage(null), [answerText, tabId]);
  const request = page?.request ?? sent.get(tabId) ?? editorRequest(editor);
  const answer = useMemo(() => page?.answer ?? parseAnswer(answerText), [page, answerText]);
  const rows = useMemo(() => resultRows(schema ?? null, request, answer), [schema, request, answer]);

  return (
    <div className="apo-result-views">
      <div role="tablist" aria-label="Result view" className="apo-view-tabs" onKeyDown={(e) => arrowKeys(e, view, choose)}>
        {VIEWS.map((v) => (
          <button key={v} type="button" role="tab" id={`apo-view-${v}`} aria-selected={v === view} aria-controls={v === 'json' ? undefined : 'apo-view-panel'} tabIndex={v === view ? 0 : -1} onClick={() => choose(v)}>
            {NAMES[v]}
          </button>
        ))}
      </div>
      {view !== 'json' && (
        <div role="tabpanel" id="apo-view-panel" aria-labelledby={`apo-view-${view}`} className="apo-view-panel">
          {!rows.ok ? (
            <p className="apo-view-message" role="status">{rows.reason}</p>
          ) : view === 'table' ? (
            <TableView rows={rows} request={request!} endpoint={endpoint} headers={() => headersOf(editor.headerEditor?.getValue())} onPage={setPage} />
          ) : (
            <Suspense fallback={<p className="apo-view-message">Loading the chart…</p>}>
              <ChartView rows={rows.rows} columns={rows.columns} title={titleOf(queryText, request?.operationName ?? null)} />
            </Suspense>
          )}
        </div>
      )}
    </div>
  );
}

/** What the chart's picture is called: the query's `# title:` (the saved queries have one), else its operation's name. */
function titleOf(query: string, operationName: string | null): string {
  return /^#\s*title:\s*(.+)$/im.exec(query)?.[1]?.trim() || operationName || 'Chart';
}

function preferredView(query: string): View {
  return (VIEW_COMMENT.exec(query)?.[1]?.toLowerCase() as View | undefined) ?? 'json';
}

function readChoices(): Record<string, View> {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, View>;
    return typeof parsed === 'object' && parsed ? parsed : {};
  } catch {
    return {};
  }
}

/** Left and right arrows move between the tabs, as the ARIA tabs pattern has it. */
function arrowKeys(e: React.KeyboardEvent, view: View, choose: (v: View) => void) {
  const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
  if (!step) return;
  const next = VIEWS[(VIEWS.indexOf(view) + step + VIEWS.length) % VIEWS.length];
  choose(next);
  document.getElementById(`apo-view-${next}`)?.focus();
}

/** The result pane's text, following its edits (a run, a tab switch). */
function useResponseText(responseEditor: { getValue(): string; on(event: 'change', f: () => void): void; off(event: 'change', f: () => void): void } | null) {
  const [text, setText] = useState('');
  useEffect(() => {
    if (!responseEditor) return;
    const update = () => setText(responseEditor.getValue());
    update();
    responseEditor.on('change', update);
    return () => responseEditor.off('change', update);
  }, [responseEditor]);
  return text;
}

function parseAnswer(text: string): unknown {
  if (!text.trim()) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** After a reload the answer's request was not seen: the tab's own query and variables are the best guess. */
function editorRequest(editor: ReturnType<typeof useEditorContext> & object): SentRequest | null {
  const query = editor.queryEditor?.getValue();
  if (!query) return null;
  let variables: Record<string, unknown> | null = null;
  try {
    variables = JSON.parse(editor.variableEditor?.getValue() || 'null') as Record<string, unknown> | null;
  } catch {
    variables = null;
  }
  return { query, variables, operationName: editor.queryEditor?.operationName ?? null };
}

function headersOf(text: string | undefined): Record<string, string> {
  try {
    const parsed = JSON.parse(text?.trim() || '{}') as Record<string, string>;
    return typeof parsed === 'object' && parsed ? parsed : {};
  } catch {
    return {};
  }
}
