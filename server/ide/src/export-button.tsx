import { ToolbarButton, useEditorContext } from '@graphiql/react';
import { useState } from 'react';
import { download } from './download';

type Format = 'csv' | 'ndjson';

/**
 * Downloads every row of the current query's list as CSV or NDJSON: the server pages through it
 * (POST /graphql/export) with the same headers as a run; a refusal shows in the response pane.
 */
export function ExportButton({ format, endpoint }: { format: Format; endpoint: string }) {
  const editor = useEditorContext({ nonNull: true });
  const [busy, setBusy] = useState(false);
  const label = `Export ${format.toUpperCase()}`;

  async function exportRows() {
    const show = (value: unknown) => editor.responseEditor?.setValue(JSON.stringify(value, null, 2));
    let body: string;
    let headers: Record<string, string>;
    try {
      body = JSON.stringify({
        query: editor.queryEditor?.getValue() ?? '',
        variables: parseJson(editor.variableEditor?.getValue(), 'Variables'),
        operationName: editor.queryEditor?.operationName ?? null,
      });
      headers = { ...(parseJson(editor.headerEditor?.getValue(), 'Headers') as Record<string, string> | null), 'content-type': 'application/json' };
    } catch (err) {
      show({ errors: [{ message: (err as Error).message }] });
      return;
    }
    setBusy(true);
    try {
      const res = await fetch(`${endpoint}?format=${format}`, { method: 'POST', headers, body });
      if (!res.ok) return show(await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] })));
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `export.${format}`;
      download(await res.blob(), name);
    } catch (err) {
      show({ errors: [{ message: `The export failed: ${(err as Error).message}` }] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <ToolbarButton label={label} onClick={exportRows} disabled={busy} className="apo-export-button">
      <span aria-hidden="true">{format === 'csv' ? 'CSV' : 'ND JSON'}</span>
    </ToolbarButton>
  );
}

function parseJson(text: string | undefined, what: string): unknown {
  if (!text?.trim()) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} are not valid JSON.`);
  }
}
