import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { IDE_CONFIG_ELEMENT, type IdeConfig } from '../../src/ide/ide-config';
import { ExportButton } from './export-button';
import { recordRequests, ResultViews } from './results/result-views';
import { savedQueriesPlugin } from './saved-queries-plugin';
import './ide.css';

const config = JSON.parse(document.getElementById(IDE_CONFIG_ELEMENT)!.textContent!) as IdeConfig;
const fetcher = recordRequests(createGraphiQLFetcher({ url: config.endpoint }));
const savedQueries = savedQueriesPlugin(config.savedQueries);

const WELCOME = `# apo-data: the APO's economies, meetings, decisions,
# programs and grants.
#
# Saved queries (bookmark icon, left): pick one to open it
# in a tab of its own, or to go back to its tab; run it with
# the ▶ button or Ctrl-Enter.
# Docs (book icon): every type and field.
# History (clock icon): the queries you ran.
# Headers (below): an access token goes here, e.g.
#   {"authorization": "Bearer …"}
# CSV / ND JSON (toolbar): download every row of a list.
# JSON / Table / Chart (above the result): how to see it.

{
  fundingSummary(groupBy: DONOR) {
    label
    grantCount
    totals {
      amount
      currency
    }
  }
}
`;

function Ide() {
  useOpenOnStart(savedQueries.title);
  return (
    <GraphiQL fetcher={fetcher} defaultQuery={WELCOME} plugins={[savedQueries]} isHeadersEditorEnabled>
      <GraphiQL.Logo>apo-data</GraphiQL.Logo>
      <GraphiQL.Toolbar>
        {({ prettify, merge, copy }) => (
          <>
            {prettify}
            {merge}
            {copy}
            <ExportButton format="csv" endpoint={config.exportEndpoint} />
            <ExportButton format="ndjson" endpoint={config.exportEndpoint} />
          </>
        )}
      </GraphiQL.Toolbar>
      <GraphiQL.Footer>
        <ResultViews endpoint={config.endpoint} />
      </GraphiQL.Footer>
    </GraphiQL>
  );
}

/**
 * Opens a plugin's pane once GraphiQL has drawn its icon. GraphiQL 4 mounts with the pane collapsed
 * whatever its `visiblePlugin` prop says, so this does what a click on the icon does.
 */
function useOpenOnStart(title: string) {
  useEffect(() => {
    let tries = 0;
    const timer = setInterval(() => {
      const button = document.querySelector<HTMLButtonElement>(`.graphiql-sidebar button[aria-label="Show ${title}"]`);
      if (button) button.click();
      if (button || ++tries > 100) clearInterval(timer);
    }, 50);
    return () => clearInterval(timer);
  }, [title]);
}

createRoot(document.getElementById('ide')!).render(<Ide />);
