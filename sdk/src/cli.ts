import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { createClient } from './client';
import { isApoDataError, isGraphQLError } from './errors';
import { operations, type OperationInfo, type OperationName } from './generated/operations';

const FORMATS = ['json', 'ndjson', 'csv'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `apo-data: query the apo-data GraphQL API from the command line.

Usage: apo-data <operation> [--var key=value ...] [--format json|ndjson|csv] [--url URL]

List operations follow every page and stream their rows. Values of --var are JSON when they
parse as JSON (numbers, booleans, lists, objects), text otherwise.
Environment: APO_DATA_URL (default http://localhost:4000/graphql), APO_DATA_TOKEN.

Examples:
  apo-data grants --format csv > grants.csv
  apo-data countries --format ndjson
  apo-data program --var code=GP2
  apo-data fundingSummary --var groupBy=DONOR --format csv

Operations:
${Object.entries(operations)
  .map(([name, op]) => `  ${name.padEnd(16)}${op.connection ? '(list) ' : '       '}${op.variables.map((v) => `${v.name}: ${v.type}`).join(', ')}`)
  .join('\n')}
`;

class UsageError extends Error {}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      var: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'json' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) {
    out.write(HELP);
    return values.help ? 0 : 2;
  }
  const name = positionals[0] as OperationName;
  const op: OperationInfo | undefined = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!op) throw new UsageError(`unknown operation "${positionals[0]}"; see apo-data --help`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const variables = parseVars(op, values.var);
  const client = createClient({ url: values.url ?? env.APO_DATA_URL ?? 'http://localhost:4000/graphql', token: env.APO_DATA_TOKEN });
  const writer = rowWriter(format, op, out);
  if (op.connection) {
    const pages = client.paginate as unknown as Record<string, (v: object) => AsyncIterable<unknown>>;
    for await (const node of pages[name](variables)) writer.row(node);
  } else {
    const call = client[name] as unknown as (v: object) => Promise<Record<string, unknown>>;
    const result = (await call(variables))[op.root!];
    for (const row of Array.isArray(result) ? result : [result]) writer.row(row);
  }
  writer.end();
  return 0;
}

function parseVars(op: OperationInfo, pairs: string[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var takes key=value; got "${pair}"`);
    const key = pair.slice(0, eq);
    const def = op.variables.find((v) => v.name === key);
    if (!def) throw new UsageError(`${op.name} has no variable "${key}"; it takes: ${op.variables.map((v) => v.name).join(', ') || 'none'}`);
    vars[key] = parseValue(pair.slice(eq + 1), def.type);
  }
  return vars;
}

/** Strings stay strings for String-like types; everything else is read as JSON (numbers, enums, lists, inputs). */
function parseValue(raw: string, type: string): unknown {
  const named = type.replace(/[[\]!]/g, '');
  const stringLike = !type.startsWith('[') && ['String', 'ID', 'Date', 'DateTime', 'Decimal', 'CountryCode', 'Currency'].includes(named);
  if (stringLike) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // enums such as DONOR are bare words
  }
}

function rowWriter(format: Format, op: OperationInfo, out: NodeJS.WritableStream) {
  let count = 0;
  const columns = op.columns;
  return {
    row(row: unknown) {
      if (format === 'ndjson') out.write(`${JSON.stringify(row)}\n`);
      else if (format === 'json') out.write(`${count === 0 ? '[\n' : ',\n'}${JSON.stringify(row)}`);
      else out.write(stringify([columns.map((c) => cell(pick(row, c)))], { header: count === 0, columns: [...columns] }));
      count++;
    },
    end() {
      if (format === 'json') out.write(count === 0 ? '[]\n' : '\n]\n');
      if (format === 'csv' && count === 0) out.write(stringify([], { header: true, columns: [...columns] }));
    },
  };
}

function pick(row: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v == null ? v : (v as Record<string, unknown>)[k]), row);
}

function cell(v: unknown): string {
  if (v == null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, process.stdout).then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof UsageError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
        process.stderr.write(`apo-data: ${err.message}\n`);
        process.exit(2);
      }
      const code = isGraphQLError(err) ? ` [${err.code}]` : '';
      process.stderr.write(`apo-data: ${isApoDataError(err) ? err.name : 'error'}${code}: ${err.message}\n`);
      process.exit(1);
    },
  );
}
