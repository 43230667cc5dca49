// `@apo-data/sdk/rows`: how the CLI and the server's export turn GraphQL rows into CSV (columns, then cells).
export { cell, cells, pick } from './cells';
export { columnsOf, connectionRows, connectionType, type ConnectionRows, type Fragments } from './columns';
