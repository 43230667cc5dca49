import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { SavedQuery } from './ide-config';

export type { SavedQuery } from './ide-config';

/** The analysts' saved queries: `server/ide/queries/*.graphql`, the same path from `src/ide` and `dist/ide`. */
export const SAVED_QUERIES_DIR = resolve(__dirname, '..', '..', 'ide', 'queries');

/**
 * Reads every saved query, in file-name order. A file starts with `# title:`, `# description:` and
 * optionally `# view: json|table|chart` (the result view the IDE opens it in) and `# variables: {json}` comment
 * lines; a file without a title, with an unknown view or with bad JSON is a bug, so it throws.
 */
export function loadSavedQueries(dir = SAVED_QUERIES_DIR): SavedQuery[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((file) => parseSavedQuery(basename(file, '.graphql'), readFileSync(join(dir, file), 'utf8')));
}

export function parseSavedQuery(name: string, text: string): SavedQuery {
  const header = new Map<string, string>();
  const lines = text.split('\n');
  for (const line of lines) {
    const m = /^#\s*(\w+):\s*(.*)$/.exec(line);
    if (!m) break;
    header.set(m[1], m[2].trim());
  }
  const title = header.get('title');
  const description = header.get('description');
  if (!title || !description) throw new Error(`Saved query ${name}: the file must start with "# title:" and "# description:" lines.`);
  const view = header.get('view');
  if (view && !['json', 'table', 'chart'].includes(view)) throw new Error(`Saved query ${name}: "# view: ${view}" is not one of json, table, chart.`);
  const query = lines.filter((l) => !/^#\s*variables:/.test(l)).join('\n').trim() + '\n';
  return { name, title, description, query, variables: prettyVariables(name, header.get('variables')) };
}

/** The `# variables:` JSON, indented for the IDE's variables pane; '' when there is none. */
function prettyVariables(name: string, json: string | undefined): string {
  if (!json) return '';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    throw new Error(`Saved query ${name}: "# variables:" is not valid JSON.`);
  }
}
