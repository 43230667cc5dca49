/** What the IDE page hands the browser app; plain types, shared by the server and server/ide/src. */
export interface SavedQuery {
  /** The file name without `.graphql`, e.g. `01-funding-by-donor`. */
  name: string;
  title: string;
  description: string;
  /** The GraphQL text as the IDE shows it: the file without its `# variables:` line. */
  query: string;
  /** Default variables, as JSON text for the IDE's variables editor ('' when there are none). */
  variables: string;
}

export interface IdeConfig {
  endpoint: string;
  exportEndpoint: string;
  savedQueries: SavedQuery[];
}

/** The id of the `<script type="application/json">` element that carries the IdeConfig. */
export const IDE_CONFIG_ELEMENT = 'apo-ide-config';
