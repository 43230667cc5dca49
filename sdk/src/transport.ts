import { keepCost } from './cost';
import { AbortError, GraphQLRequestError, HttpError, NetworkError, TimeoutError, type GraphQLErrorEntry } from './errors';

export interface RetryOptions {
  /** Attempts after the first (default 3). */
  retries?: number;
  /** First backoff step in ms (default 300); doubles each attempt, with full jitter. */
  baseDelayMs?: number;
  /** Longest wait between attempts in ms, `Retry-After` included (default 30 000). */
  maxDelayMs?: number;
  /** Retry mutations too (default false: a mutation is sent once). */
  mutations?: boolean;
}

export interface RequestOptions {
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call (ms, whole call including retries). */
  timeoutMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /** Overrides the client's retry policy for this call; `false` sends once. */
  retry?: RetryOptions | false;
}

export interface TransportOptions {
  url: string;
  token?: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  timeoutMs?: number;
  retry?: RetryOptions | false;
  /** Send the operation's hash first (Apollo automatic persisted queries); default true. */
  persistedQueries?: boolean;
}

export interface Operation {
  name?: string;
  kind: 'query' | 'mutation';
  document: string;
  hash?: string;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: GraphQLErrorEntry[];
  extensions?: { cost?: unknown; [key: string]: unknown };
}

const RETRY_STATUS = [429, 503];

/** 'mutation' when the document holds a mutation operation (comments, strings and fragments aside). */
export function operationKind(document: string): 'query' | 'mutation' {
  const code = document.replace(/"""[\s\S]*?"""|"(?:\\.|[^"\\])*"|#[^\n]*/g, ' ');
  let depth = 0;
  for (const [token] of code.matchAll(/[{}]|\bmutation\b/g)) {
    if (token === '{') depth++;
    else if (token === '}') depth--;
    else if (depth === 0) return 'mutation';
  }
  return 'query';
}


/** Sends one GraphQL operation over HTTP with timeout, abort, retries and persisted queries. */
export async function send<T>(t: TransportOptions, op: Operation, variables: unknown, o: RequestOptions = {}): Promise<T> {
  const retry = o.retry ?? t.retry;
  const policy = retry === false || (op.kind === 'mutation' && !retry?.mutations) ? null : retry ?? {};
  const timeoutMs = o.timeoutMs ?? t.timeoutMs ?? 30_000;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new TimeoutError(`timed out after ${timeoutMs} ms`)), timeoutMs);
  const onAbort = () => ctl.abort(new AbortError('aborted by the caller'));
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener('abort', onAbort);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return await attemptOnce<T>(t, op, variables, o, ctl.signal);
      } catch (err) {
        const status = (err as HttpError | GraphQLRequestError).status;
        const retryable = status ? RETRY_STATUS.includes(status) : err instanceof NetworkError && !ctl.signal.aborted;
        if (!policy || !retryable || attempt >= (policy.retries ?? 3)) throw err;
        const max = policy.maxDelayMs ?? 30_000;
        const backoff = Math.random() * Math.min(max, (policy.baseDelayMs ?? 300) * 2 ** attempt);
        await sleep(Math.min(max, (err as HttpError).retryAfterMs ?? backoff), ctl.signal);
      }
    }
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

async function attemptOnce<T>(t: TransportOptions, op: Operation, variables: unknown, o: RequestOptions, signal: AbortSignal): Promise<T> {
  const persisted = op.hash && t.persistedQueries !== false;
  const ext = persisted ? { persistedQuery: { version: 1, sha256Hash: op.hash } } : undefined;
  let body = await post<T>(t, { operationName: op.name, variables, extensions: ext, query: persisted ? undefined : op.document }, o, signal);
  const code = persisted && body.errors?.[0]?.extensions?.code;
  if (code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'PERSISTED_QUERY_NOT_SUPPORTED') {
    // Not supported: stop sending hashes first for the rest of this client's life.
    if (code === 'PERSISTED_QUERY_NOT_SUPPORTED') t.persistedQueries = false;
    body = await post<T>(t, { operationName: op.name, variables, extensions: ext, query: op.document }, o, signal);
  }
  if (body.errors?.length) throw new GraphQLRequestError(body.errors, body.data);
  // `costOf(result)` tells what the answer cost (extensions.cost).
  keepCost(body.data, body.extensions);
  return body.data as T;
}

async function post<T>(t: TransportOptions, payload: object, o: RequestOptions, signal: AbortSignal): Promise<GraphQLBody<T>> {
  let res: Response;
  try {
    res = await (t.fetch ?? fetch)(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(t.token ? { authorization: `Bearer ${t.token}` } : {}),
        ...t.headers,
        ...o.headers,
      },
      body: JSON.stringify(payload),
      signal,
    });
  } catch (err) {
    throw signal.aborted ? signal.reason : new NetworkError(`could not reach ${t.url}`, err);
  }
  const text = await res.text().catch((err) => {
    throw signal.aborted ? signal.reason : new NetworkError('connection lost while reading the response', err);
  });
  let parsed: GraphQLBody<T> | undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const seconds = res.headers.has('retry-after') ? Number(res.headers.get('retry-after')) : NaN;
  const retryAfterMs = seconds >= 0 ? seconds * 1000 : undefined;
  if (parsed && (Array.isArray(parsed.errors) || (res.ok && 'data' in parsed))) {
    if (!res.ok && parsed.errors?.length) throw new GraphQLRequestError(parsed.errors, parsed.data, res.status, retryAfterMs);
    return parsed;
  }
  throw new HttpError(res.status, text, retryAfterMs);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve();
    }, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
