// `@apo-data/sdk/rows`: how the CLI, the server's export and the IDE turn GraphQL rows into CSV and tables (columns, then cells).
export { cell, cells, pick } from './cells';
export { columnsOf, connectionRows, connectionType, typedColumnsOf, type Column, type ConnectionRows, type Fragments } from './columns';
export { NoRows, planRows, rowsOf, type RowsPlan } from './plan';
