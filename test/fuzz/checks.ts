// What every answer of the service must be, whatever it was sent (issue #12): never a 5xx, always JSON in
// the `{ data, errors }` shape, every error coded with one of the documented codes, never an unexpected
// (INTERNAL_SERVER_ERROR) failure, and in production nothing of the internals: no stack, SQL or file path.
import { ERROR_CODES } from '../../server/src/errors';

export interface Answer {
  status: number;
  /** The body as text (already decompressed). */
  text: string;
}

/**
 * Codes of the automatic-persisted-query protocol, which Apollo clients act on (send the full query): the service
 * passes them through on purpose (format-error.ts), so they are the one exception to ERROR_CODES.
 */
const PROTOCOL_CODES: readonly string[] = ['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED'];

/** Signs of internals in a message meant for a client. */
const LEAKS: Array<[string, RegExp]> = [
  ['a stack trace', /\n\s+at [^\n]+[(:]\d+/],
  ['a file path', /(?:\/[\w.@-]+){2,}\.(?:[cm]?js|ts)\b|node_modules|[A-Z]:\\\\/],
  ['SQL text', /\bselect\b[\s\S]{0,200}\bfrom\b|\binsert into\b|\bdelete from\b|\bupdate\b\s+`?"?\w+"?`?\s+set\b/i],
  ['a database driver', /SQLITE_[A-Z]+|\bsqlite3?\b|\bpostgres(?:ql)?\b|\bknex\b|mikro-?orm|DriverException|\bpg\b:|syntax error at or near/i],
  ['a JavaScript error', /\b(?:TypeError|RangeError|ReferenceError|SyntaxError): |Cannot read propert|is not a function|undefined is not|Maximum call stack/],
];

/** The problems with one answer: [] when it is as it must be. */
export function problemsOf(answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [...problems, `the body is not JSON: ${answer.text.slice(0, 200)}`];
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [...problems, `the body is not a GraphQL response object: ${answer.text.slice(0, 200)}`];
  const { data, errors } = body as { data?: unknown; errors?: unknown };
  if (data === undefined && errors === undefined) problems.push('the body has neither data nor errors');
  if (answer.status !== 200 && !Array.isArray(errors)) problems.push(`HTTP ${answer.status} without errors`);
  if (errors !== undefined) {
    if (!Array.isArray(errors) || !errors.length) return [...problems, `errors is not a non-empty list: ${JSON.stringify(errors).slice(0, 200)}`];
    for (const e of errors as Array<{ message?: unknown; extensions?: { code?: unknown; stacktrace?: unknown; exception?: unknown } }>) {
      const code = e?.extensions?.code;
      if (PROTOCOL_CODES.includes(code as string)) continue;
      if (!(ERROR_CODES as readonly unknown[]).includes(code)) problems.push(`an error without a documented code (${JSON.stringify(code)}): ${JSON.stringify(e).slice(0, 300)}`);
      else if (code === 'INTERNAL_SERVER_ERROR') problems.push(`an unexpected error (INTERNAL_SERVER_ERROR): ${JSON.stringify(e).slice(0, 300)}`);
      if (typeof e?.message !== 'string') problems.push(`an error without a message: ${JSON.stringify(e).slice(0, 300)}`);
      if (e?.extensions?.stacktrace || e?.extensions?.exception) problems.push('an error with a stack trace in its extensions');
      for (const [what, re] of LEAKS) if (typeof e?.message === 'string' && re.test(e.message)) problems.push(`${what} in an error message: ${e.message.slice(0, 300)}`);
    }
  }
  return problems;
}
