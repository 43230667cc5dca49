import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { GRAPHQL_PATH } from '../paths';
import { serviceEvents } from '../observability/events';
import type { DataVersion } from './data-version';

export interface ResponseCacheOptions {
  /** Most bytes of answers kept (keys included); the least recently used go first. */
  maxBytes: number;
  /** The query cost of answers (limits/): kept with each one, and charged to the caller each time it is replayed. */
  cost?: ResponseCacheCost;
}

/** How the response cache learns an answer's cost and charges a replay of it. */
export interface ResponseCacheCost {
  /** The cost of the answer sent to `request` (its `extensions.cost`). */
  of(request: FastifyRequest): { actualQueryCost: number } | undefined;
  /** Charges the caller `actualQueryCost`; false when it refused the request (and answered it, with 429). */
  charge(request: FastifyRequest, reply: FastifyReply, actualQueryCost: number): Promise<boolean>;
}

interface Entry {
  /** The data version the answer was computed at: it is served only while the version is unchanged. */
  version: string;
  body: string;
  contentType: string;
  etag: string;
  /** What the answer cost when it was computed: a replay is charged the same (same operation, variables, data). */
  cost: number;
}

interface Pending {
  key: string;
  version: string;
  body: GraphQLBody;
  hit: boolean;
}

interface GraphQLBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

const pending = new WeakMap<FastifyRequest, Pending>();
const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Answers repeated queries from memory, in front of Apollo: keyed by the operation (its persisted-query hash or
 * its text with whitespace collapsed), operation name, variables and the caller's credentials; bounded in bytes.
 * Requests are authenticated before this runs (an onRequest hook, modules/auth), so a refused one never gets here.
 * An entry is served only while the database's data version is the one it was computed at, and the version is
 * read before every answer, so a write acknowledged by any instance is seen by the next read on all of them.
 * Only error-free answers of queries are kept. GET answers carry an ETag and `If-None-Match` gets a 304.
 */
export function registerResponseCache(http: FastifyInstance, dataVersion: DataVersion, options: ResponseCacheOptions) {
  const entries = new LRUCache<string, Entry>({ maxSize: options.maxBytes, sizeCalculation: (e, key) => e.body.length + key.length + 64 });
  // Persisted-query hashes whose text was seen, with whether the text was a query (mutations are never kept).
  const operationKinds = new LRUCache<string, boolean>({ max: 10_000 });
  /** The newest data version seen; every entry is of it or older. */
  let newest: string | null = null;

  http.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url !== GRAPHQL_PATH) return;
    // A GET a browser could send cross-site (no preflight) is Apollo's to refuse (CSRF prevention): never answered from here.
    if (request.method === 'GET' && !preflighted(request)) return;
    const body = (request.method === 'GET' ? getBody(request) : request.body) as GraphQLBody | undefined;
    const key = keyOf(request, body);
    if (!key) return;
    const version = await dataVersion.current();
    // Versions only go up: once the data has moved on, no entry of an older version can be served again, so
    // they go at once instead of filling the cache to its byte bound (a steady write load would otherwise do that).
    if (newer(version, newest)) {
      if (newest !== null) entries.clear();
      newest = version;
    }
    const state: Pending = { key, version, body: body!, hit: false };
    pending.set(request, state);
    const entry = entries.get(key);
    if (!entry || entry.version !== version) return serviceEvents.responseCache('miss');
    state.hit = true;
    serviceEvents.responseCache('hit');
    if (options.cost && !(await options.cost.charge(request, reply, entry.cost))) return reply;
    if (request.method === 'GET') {
      reply.header('etag', entry.etag).header('cache-control', cacheControl(request));
      if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
    }
    return reply.code(200).type(entry.contentType).send(entry.body);
  });

  http.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const state = pending.get(request);
    if (!state || state.hit || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    // Marked no-store by a resolver: the answer holds what the data version does not track (API tokens).
    if (/\bno-store\b/.test(String(reply.getHeader('cache-control') ?? ''))) return payload;
    // Error-free answers of queries only: an answer with errors may be a passing failure. Parsed only here, on a miss.
    if (/"errors"\s*:/.test(payload) || operationIsQuery(state.body, operationKinds) !== true) return payload;
    const contentType = String(reply.getHeader('content-type') ?? CONTENT_TYPE);
    const cost = options.cost?.of(request)?.actualQueryCost ?? 0;
    const entry: Entry = { version: state.version, body: payload, contentType, cost, etag: `"${state.version}-${createHash('sha1').update(payload).digest('base64url')}"` };
    entries.set(state.key, entry);
    serviceEvents.responseCache('store');
    if (request.method === 'GET') {
      reply.header('etag', entry.etag).header('cache-control', cacheControl(request));
      if (request.headers['if-none-match'] === entry.etag) {
        reply.code(304);
        return '';
      }
    }
    return payload;
  });
}

/** Whether data version `a` is later than `b` (versions are counters, written as decimal integers). */
function newer(a: string, b: string | null): boolean {
  if (b === null) return true;
  return /^\d+$/.test(a) && /^\d+$/.test(b) && BigInt(a) > BigInt(b);
}

/** Anyone may keep a public answer, but must check it is still current before using it again. */
const cacheControl = (request: FastifyRequest) => (request.headers.authorization ? 'private, no-cache' : 'public, no-cache');

function getBody(request: FastifyRequest): GraphQLBody {
  const q = request.query as Record<string, string | undefined>;
  const json = (text: string | undefined) => {
    try {
      return text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      return undefined;
    }
  };
  return { query: q.query, variables: json(q.variables), operationName: q.operationName, extensions: json(q.extensions) as GraphQLBody['extensions'] };
}

/** The cache key, or null for a request that cannot be cached (no operation, a batch). */
function keyOf(request: FastifyRequest, body: GraphQLBody | undefined): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const hash = body.extensions?.persistedQuery?.sha256Hash;
  const text = typeof body.query === 'string' ? body.query.replace(/\s+/g, ' ').trim() : null;
  const operation = typeof hash === 'string' ? `#${hash}` : text;
  if (!operation) return null;
  // Different credentials never share an answer: `viewer` differs per token, and what may be seen per role.
  const caller = request.headers.authorization ? createHash('sha256').update(request.headers.authorization).digest('base64url') : '';
  let variables: string;
  try {
    variables = JSON.stringify(body.variables ?? {});
  } catch {
    return null; // variables nested too deeply to write out: not cached, and Apollo answers them
  }
  // The answer's media type follows `accept` (application/json or application/graphql-response+json).
  return `${caller}\n${request.headers.accept ?? ''}\n${String(body.operationName ?? '')}\n${operation}\n${variables}`;
}

/** Content types a plain HTML form can send, so they prove nothing (Apollo's CSRF prevention). */
const SIMPLE_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/** Apollo's CSRF condition: a header a cross-site form cannot send (a non-simple content type, or a preflight header). */
function preflighted(request: FastifyRequest): boolean {
  const type = request.headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (type && !SIMPLE_TYPES.has(type)) return true;
  return Boolean(request.headers['apollo-require-preflight'] || request.headers['x-apollo-operation-name']);
}

/** Whether the operation to run is a query; null when it cannot be told (a hash never seen with its text). */
function operationIsQuery(body: GraphQLBody | undefined, kinds: LRUCache<string, boolean>): boolean | null {
  const hash = body?.extensions?.persistedQuery?.sha256Hash;
  if (typeof body?.query !== 'string') return typeof hash === 'string' ? (kinds.get(hash) ?? null) : null;
  let isQuery: boolean | null;
  try {
    const operations = parse(body.query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const chosen = typeof body.operationName === 'string' ? operations.find((o) => o.name?.value === body.operationName) : operations.length === 1 ? operations[0] : undefined;
    isQuery = chosen ? chosen.operation === 'query' : null;
  } catch {
    isQuery = null;
  }
  if (typeof hash === 'string' && isQuery !== null) kinds.set(hash, isQuery);
  return isQuery;
}
