import { useEditorContext, type GraphiQLPlugin } from '@graphiql/react';
import { useEffect, useState } from 'react';
import type { SavedQuery } from '../../src/ide/ide-config';

/** A GraphiQL sidebar plugin listing the saved analyst queries; picking one opens it in a new tab. */
export function savedQueriesPlugin(queries: SavedQuery[]): GraphiQLPlugin {
  return {
    title: 'Saved queries',
    icon: BookmarkIcon,
    content: () => <SavedQueries queries={queries} />,
  };
}

function SavedQueries({ queries }: { queries: SavedQuery[] }) {
  const editor = useEditorContext({ nonNull: true });
  const [opening, setOpening] = useState<SavedQuery | null>(null);
  // addTab() fills the new tab with the default query when React next renders; write ours after that.
  useEffect(() => {
    if (!opening || !editor.queryEditor) return;
    editor.queryEditor.setValue(opening.query);
    editor.variableEditor?.setValue(opening.variables);
    setOpening(null);
  }, [opening, editor.queryEditor, editor.variableEditor, editor.activeTabIndex, editor.tabs.length]);

  return (
    <section className="apo-saved-queries" aria-label="Saved queries">
      <div className="graphiql-doc-explorer-title">Saved queries</div>
      <p className="apo-saved-queries-hint">Pick one to open it in a new tab, then run it.</p>
      <ul>
        {queries.map((q) => (
          <li key={q.name}>
            <button type="button" data-saved-query={q.name} onClick={() => { editor.addTab(); setOpening(q); }}>
              {q.title}
            </button>
            <p>{q.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function BookmarkIcon() {
  return (
    <svg height="1em" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M6 3h12v18l-6-4.5L6 21z" strokeLinejoin="round" />
    </svg>
  );
}
