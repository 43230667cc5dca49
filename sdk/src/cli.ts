import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { version } from '../package.json';
import { createClient } from './client';
import { isApoDataError, isGraphQLError } from './errors';
import { csvColumns } from './generated/csv-columns';
import { operations, type OperationInfo, type OperationName } from './generated/operations';
import type { PageOptions } from './paginate';
import { cells } from './rows/cells';

const FORMATS = ['json', 'ndjson', 'csv'] as const;
type Format = (typeof FORMATS)[number];
type Variable = OperationInfo['variables'][number];

const HELP = `apo-data: query the apo-data GraphQL API from the command line.

Usage: apo-data <operation> [--var key=value ...] [--after CURSOR] [--limit N] [--format json|ndjson|csv] [--url URL]
       apo-data --help | --version

List operations follow every page and stream their rows. For lists, --var first=N (like
--limit N) stops after the first N rows and --var last=N prints the last N rows, in list order;
--var after=CURSOR (or --after CURSOR) and before=CURSOR bound the walk; --page-size N sets the
rows per request (default 100, the API's maximum). In json format a list is an array, a single
record an object. \`changes --after CURSOR\` prints what changed since CURSOR; each change carries
its own cursor, so keep the last one printed to resume from.

Mutations print their payload. When the payload has userErrors (nothing was written), each goes
to stderr as one line and the exit status is 1. Mutations need APO_DATA_TOKEN (an EDITOR token).

Values of --var are text for String, ID and other text scalars (code=GP2), JSON otherwise
(numbers, booleans, lists, input objects: 'filter={"name":"Jepang"}'); enum values may be
bare words (groupBy=DONOR). Malformed JSON is a usage error (exit 2).
Environment: APO_DATA_URL (default http://localhost:4000/graphql), APO_DATA_TOKEN.

Examples:
  apo-data grants --format csv > grants.csv
  apo-data changes --after "$CURSOR" --format ndjson
  APO_DATA_TOKEN=apo_... apo-data updateGrant --var 'input={"id":"...","version":2,"title":"New title"}'
  apo-data countries --format ndjson
  apo-data countries --limit 5
  apo-data program --var code=GP2
  apo-data fundingSummary --var groupBy=DONOR --format csv

Operations:
${Object.entries(operations)
  .map(([name, op]) => `  ${name.padEnd(16)}${op.connection ? '(list) ' : '       '}${op.variables.map((v) => `${v.name}: ${v.type}`).join(', ')}`)
  .join('\n')}
`;

class UsageError extends Error {}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, out: NodeJS.WritableStream, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      var: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'json' },
      url: { type: 'string' },
      limit: { type: 'string' },
      after: { type: 'string' },
      'page-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
  if (values.version) {
    out.write(`${version}\n`);
    return 0;
  }
  if (values.help || positionals.length === 0) {
    out.write(HELP);
    return values.help ? 0 : 2;
  }
  const name = positionals[0] as OperationName;
  const op: OperationInfo | undefined = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!op) throw new UsageError(`unknown operation "${positionals[0]}"; see apo-data --help`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"; variables go in --var key=value`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const variables = parseVars(op, values.var);
  if (values.after !== undefined) {
    if (!op.connection || !op.variables.some((v) => v.name === 'after')) throw new UsageError(`--after is for list operations; ${name} is not one (see apo-data --help)`);
    variables.after = values.after;
  }
  const limit = count('--limit', values.limit);
  const pageSize = count('--page-size', values['page-size']);
  if (!op.connection && (limit !== undefined || pageSize !== undefined)) {
    throw new UsageError(`--limit and --page-size are for list operations; ${name} is not one (see apo-data --help)`);
  }
  const client = createClient({ url: values.url ?? env.APO_DATA_URL ?? 'http://localhost:4000/graphql', token: env.APO_DATA_TOKEN });
  const writer = rowWriter(format, csvColumns[name], out);
  if (op.connection) {
    const { first, last, ...rest } = variables;
    if (first != null && last != null) throw new UsageError('pass --var first=N or --var last=N, not both');
    const rows = first ?? last;
    if (rows !== undefined && (!Number.isInteger(rows) || (rows as number) < 0)) throw new UsageError(`--var ${first != null ? 'first' : 'last'} takes a row count; got ${JSON.stringify(rows)}`);
    const backward = last != null;
    const options: PageOptions = { limit: Math.min(limit ?? Infinity, (rows as number | undefined) ?? Infinity), backward, ...(pageSize ? { pageSize } : {}) };
    const pages = client.paginate as unknown as Record<string, (v: object, o: PageOptions) => AsyncIterable<unknown>>;
    const walk = pages[name](rest, options);
    if (backward) {
      // A backward walk yields the last row first; the CLI prints rows in list order.
      const found: unknown[] = [];
      for await (const node of walk) found.push(node);
      for (const node of found.reverse()) writer.row(node);
    } else for await (const node of walk) writer.row(node);
  } else {
    const call = client[name] as unknown as (v: object) => Promise<Record<string, unknown>>;
    const result = (await call(variables))[op.root!];
    const refused = op.kind === 'mutation' ? userErrorsOf(result) : [];
    for (const e of refused) err.write(`apo-data: user error [${e.code}]${e.field?.length ? ` ${e.field.join('.')}` : ''}: ${e.message}\n`);
    if (format === 'json' && !Array.isArray(result)) {
      out.write(`${JSON.stringify(result)}\n`);
      return refused.length ? 1 : 0;
    }
    for (const row of Array.isArray(result) ? result : result == null ? [] : [result]) writer.row(row);
  }
  writer.end();
  return 0;
}

/** The `userErrors` of a mutation's payload: why nothing was written. */
function userErrorsOf(payload: unknown): Array<{ code: string; field?: string[] | null; message: string }> {
  const errors = (payload as { userErrors?: unknown } | null)?.userErrors;
  return Array.isArray(errors) ? errors : [];
}

/** A positive whole number given to an option, or undefined when the option is absent. */
function count(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) === 0) throw new UsageError(`${option} takes a positive whole number; got "${raw}"`);
  return Number(raw);
}

function parseVars(op: OperationInfo, pairs: string[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var takes key=value; got "${pair}"`);
    const key = pair.slice(0, eq);
    const def = op.variables.find((v) => v.name === key);
    if (!def) throw new UsageError(`${op.name} has no variable "${key}"; it takes: ${op.variables.map((v) => v.name).join(', ') || 'none'}`);
    vars[key] = parseValue(pair.slice(eq + 1), def);
  }
  return vars;
}

const JSON_SCALARS = ['Int', 'Float', 'Boolean'];

/** Text scalars stay text; everything else is JSON, except that enum values may be bare words. */
function parseValue(raw: string, def: Variable): unknown {
  const named = def.type.replace(/[[\]!]/g, '');
  const textScalar = def.kind === 'scalar' && !JSON_SCALARS.includes(named);
  if (textScalar && !def.type.startsWith('[')) return raw;
  try {
    return JSON.parse(raw);
  } catch (err) {
    // GraphQL reads a single value as a one-item list, so `types=COUNTRY` or `ids=abc` is fine too.
    if (textScalar || (def.kind === 'enum' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(raw))) return raw;
    const example = def.kind === 'input' ? ` e.g. --var '${def.name}={"field":"value"}'` : '';
    throw new UsageError(`--var ${def.name} (${def.type}) takes JSON; "${raw}" is not valid JSON (${(err as Error).message})${example}`);
  }
}

function rowWriter(format: Format, columns: ReadonlyArray<string>, out: NodeJS.WritableStream) {
  let count = 0;
  return {
    row(row: unknown) {
      if (format === 'ndjson') out.write(`${JSON.stringify(row)}\n`);
      else if (format === 'json') out.write(`${count === 0 ? '[\n' : ',\n'}${JSON.stringify(row)}`);
      else out.write(stringify([cells(row, columns)], { header: count === 0, columns: [...columns] }));
      count++;
    },
    end() {
      if (format === 'json') out.write(count === 0 ? '[]\n' : '\n]\n');
      if (format === 'csv' && count === 0) out.write(stringify([], { header: true, columns: [...columns] }));
    },
  };
}

/** Runs the CLI as a process: exit 2 on usage errors, 1 when the request fails. */
export function run(argv: string[] = process.argv.slice(2)): void {
  main(argv, process.env, process.stdout).then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof UsageError || String((err as { code?: string }).code).startsWith('ERR_PARSE_ARGS_')) {
        process.stderr.write(`apo-data: ${err.message}\n`);
        process.exit(2);
      }
      const code = isGraphQLError(err) ? ` [${err.code}]` : '';
      process.stderr.write(`apo-data: ${isApoDataError(err) ? err.name : 'error'}${code}: ${err.message}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) run();
