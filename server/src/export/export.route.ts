import { Readable } from 'node:stream';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { ApolloFastifyContextFunction } from '@as-integrations/fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context';
import { ApiError } from '../errors';
import { withoutSuggestion } from '../hide-suggestions';
import { replyWithError } from '../http-errors';
import { EXPORT_PATH } from '../paths';
import { apiSchema } from '../schema';
import { EXPORT_FORMATS, ExportRefused, planExport, type ExportFormat, type ExportRequest } from './export.plan';
import { startExport, type RunOperation } from './export.service';


const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson; charset=utf-8' };

/**
 * `POST /graphql/export?format=csv|ndjson` with a GraphQL request as body: every row of the operation's one
 * list or connection field, streamed. Each page runs through Apollo with the caller's context and headers,
 * so it is checked and limited like any query.
 */
export async function registerExport(
  http: FastifyInstance,
  apollo: ApolloServer<Context>,
  context: ApolloFastifyContextFunction<Context>,
  options: { hideSuggestions?: boolean } = {},
) {
  await http.register(async (scope) => {
    // The export checks documents itself, before Apollo: in production its errors suggest no schema names either.
    scope.setErrorHandler((err: FastifyError | ExportRefused, request, reply) =>
      err instanceof ExportRefused && options.hideSuggestions ? reply.code(err.status).send({ errors: err.errors.map(withoutSuggestion) }) : exportErrorHandler(err, request, reply));
    scope.post<{ Querystring: { format?: string } }>(EXPORT_PATH, async (request, reply) => {
      const format = formatOf(request.query.format);
      const plan = planExport(await apiSchema(), exportRequest(request.body));
      const run: RunOperation = async (query, variables, operationName) => {
        const response = await apollo.executeOperation({ query, variables, operationName, http: httpRequest(request) }, { contextValue: await context(request, reply) });
        if (response.body.kind !== 'single') throw new ApiError('INTERNAL_SERVER_ERROR', 'Incremental delivery cannot be exported.'); // @defer is not enabled
        return response.body.singleResult;
      };
      const chunks = await startExport(plan, format, run);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="${plan.rootKey}.${format}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(chunks));
    });
  });
}

function formatOf(format: string | undefined): ExportFormat {
  if (EXPORT_FORMATS.includes(format as ExportFormat)) return format as ExportFormat;
  throw ExportRefused.badInput(`\`format\` must be one of ${EXPORT_FORMATS.join(', ')}; got ${format === undefined ? 'nothing' : JSON.stringify(format)}.`, { argument: 'format' });
}

/** The body, checked as Apollo checks a POST to `/graphql`. */
function exportRequest(body: unknown): ExportRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || typeof b.query !== 'string' || !b.query.trim()) {
    throw ExportRefused.badInput('Send a JSON body with the GraphQL request to export: { "query": "...", "variables": {...}, "operationName": "..." }.');
  }
  if (b.variables != null && (typeof b.variables !== 'object' || Array.isArray(b.variables))) throw ExportRefused.badInput('`variables` must be a JSON object.');
  if (b.operationName != null && typeof b.operationName !== 'string') throw ExportRefused.badInput('`operationName` must be a string.');
  return { query: b.query, variables: (b.variables ?? {}) as Record<string, unknown>, operationName: (b.operationName as string | null) ?? null };
}

/** The caller's request as Apollo's plugins see it on `/graphql` (headers included, e.g. a token). */
function httpRequest(request: FastifyRequest) {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  return { method: request.method, headers, search: '', body: request.body };
}

/** Every refusal is JSON `{ errors: [...] }` with a code, the shape `/graphql` answers with; internals never leak. */
function exportErrorHandler(err: FastifyError | ExportRefused, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof ExportRefused) return reply.code(err.status).send({ errors: err.errors });
  return replyWithError(err, request, reply);
}
