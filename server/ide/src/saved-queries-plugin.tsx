import { useEditorContext, useStorage, type GraphiQLPlugin } from '@graphiql/react';
import { useEffect, useRef, useState } from 'react';
import type { SavedQuery } from '../../src/ide/ide-config';

/** A GraphiQL sidebar plugin listing the saved analyst queries; picking one opens it in a tab of its own. */
export function savedQueriesPlugin(queries: SavedQuery[]): GraphiQLPlugin {
  return {
    title: 'Saved queries',
    icon: BookmarkIcon,
    content: () => <SavedQueries queries={queries} />,
  };
}

/** Which tab (by GraphiQL's tab id) each saved query opened; kept in GraphiQL's storage, beside the tabs it restores. */
const TABS_KEY = 'apoSavedQueryTabs';
type TabsBySavedQuery = Record<string, string>;
/** GraphiQL files an editor change into the active tab 100 ms later, so a tab switch sooner would file it into the wrong tab. */
const SETTLE_MS = 150;

function SavedQueries({ queries }: { queries: SavedQuery[] }) {
  const editor = useEditorContext({ nonNull: true });
  const storage = useStorage();
  const [opening, setOpening] = useState<SavedQuery | null>(null);
  const settledAt = useRef(0);
  // addTab() fills the new tab with the default query when React next renders; write ours after that.
  useEffect(() => {
    if (!opening || !editor.queryEditor) return;
    editor.queryEditor.setValue(opening.query);
    editor.variableEditor?.setValue(opening.variables);
    settledAt.current = performance.now() + SETTLE_MS;
    storage.set(TABS_KEY, JSON.stringify({ ...readTabs(storage.get(TABS_KEY)), [opening.name]: editor.tabs[editor.activeTabIndex].id }));
    setOpening(null);
  }, [opening, editor.queryEditor, editor.variableEditor, editor.activeTabIndex, editor.tabs, storage]);
  // The active tab may sit beyond the scrolled tab strip: after a switch, once its title is known, when the window narrows.
  const activeTitle = editor.tabs[editor.activeTabIndex]?.title;
  useEffect(() => {
    const reveal = () => document.querySelector('.graphiql-tab-active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    reveal();
    window.addEventListener('resize', reveal);
    return () => window.removeEventListener('resize', reveal);
  }, [editor.activeTabIndex, activeTitle]);

  /** The tab this saved query opened, or else one still holding its text untouched; -1 if none is open. */
  function openTab(q: SavedQuery) {
    const id = readTabs(storage.get(TABS_KEY))[q.name];
    const byId = editor.tabs.findIndex((t) => t.id === id);
    return byId >= 0 ? byId : editor.tabs.findIndex((t) => t.query === q.query);
  }

  // Clicks wait their turn: each once the editor is ready and the previous one has settled (a double click included).
  const queue = useRef<SavedQuery[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  function pump() {
    const q = queue.current[0];
    if (!q || timer.current !== undefined) return;
    const wait = settledAt.current - performance.now();
    if (!editor.queryEditor || opening || wait > 0) {
      timer.current = setTimeout(() => {
        timer.current = undefined;
        pumpLatest.current(); // the tabs as they are by then
      }, Math.max(wait, 50));
      return;
    }
    queue.current.shift();
    open(q);
    pump();
  }
  const pumpLatest = useRef(pump);
  pumpLatest.current = pump;

  function open(q: SavedQuery) {
    const index = openTab(q);
    if (index === editor.activeTabIndex) return;
    settledAt.current = performance.now() + SETTLE_MS;
    if (index >= 0) return editor.changeTab(index);
    editor.addTab();
    setOpening(q);
  }

  return (
    <section className="apo-saved-queries" aria-label="Saved queries">
      <div className="graphiql-doc-explorer-title">Saved queries</div>
      <p className="apo-saved-queries-hint">Pick one to open it in a tab of its own (or go back to it), then run it.</p>
      <ul>
        {queries.map((q) => (
          <li key={q.name}>
            <button type="button" data-saved-query={q.name} onClick={() => { queue.current.push(q); pump(); }}>
              {q.title}
            </button>
            <p>{q.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function readTabs(json: string | null): TabsBySavedQuery {
  try {
    return json ? (JSON.parse(json) as TabsBySavedQuery) : {};
  } catch {
    return {};
  }
}

function BookmarkIcon() {
  return (
    <svg height="1em" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M6 3h12v18l-6-4.5L6 21z" strokeLinejoin="round" />
    </svg>
  );
}
