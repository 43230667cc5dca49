import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One scripted answer of the fake server. */
export interface FakeResponse {
  /** HTTP status (default 200). */
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is (default content-type text/plain); anything else as JSON. */
  body?: unknown;
  /** Wait this long before answering (ms). */
  delayMs?: number;
  /** Destroy the socket instead of answering (the client sees a connection reset). */
  destroy?: boolean;
}

/** What a GraphQL client POSTs (any field may be missing: persisted-query probes leave out `query`). */
export interface GraphQLRequestBody {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/** One request the fake server received. */
export interface RecordedRequest {
  /** `performance.now()` when the request's body had been read. */
  at: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON (undefined when it is not JSON). */
  body: GraphQLRequestBody | undefined;
  raw: string;
}

export type Responder = (req: RecordedRequest, index: number) => FakeResponse | Promise<FakeResponse>;

export interface FakeGraphQL {
  /** The endpoint, e.g. http://127.0.0.1:PORT/graphql. */
  url: string;
  port: number;
  /** Every request so far, in arrival order. */
  requests: RecordedRequest[];
  /** Replaces the script (and forgets the recorded requests). */
  script(responses: FakeResponse[] | Responder): void;
  /** Milliseconds between consecutive requests. */
  gaps(): number[];
  close(): Promise<void>;
}

const NO_MORE: FakeResponse = { status: 599, body: 'fake-graphql: no scripted response left' };

/**
 * A tiny scripted HTTP server on 127.0.0.1 (free port) for answers the real service never gives:
 * 429/503 with Retry-After, proxies' 502 pages, slow or dropped connections.
 * `responses` is a queue (one entry per request, in order) or a function of the request.
 */
export async function startFakeGraphQL(responses: FakeResponse[] | Responder = []): Promise<FakeGraphQL> {
  const requests: RecordedRequest[] = [];
  let responder: Responder = toResponder(responses);

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: GraphQLRequestBody | undefined;
      try {
        body = raw ? (JSON.parse(raw) as GraphQLRequestBody) : undefined;
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = { at: performance.now(), method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, raw };
      const index = requests.push(recorded) - 1;
      let r: FakeResponse;
      try {
        r = await responder(recorded, index);
      } catch (err) {
        r = { status: 599, body: `fake-graphql: responder threw ${String(err)}` };
      }
      if (r.delayMs) {
        const gone = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), r.delayMs);
          res.once('close', () => {
            clearTimeout(timer);
            resolve(true);
          });
        });
        if (gone || res.destroyed) return;
      }
      if (r.destroy) {
        req.socket.destroy();
        return;
      }
      const isText = typeof r.body === 'string';
      const payload = r.body === undefined ? '' : isText ? (r.body as string) : JSON.stringify(r.body);
      res.writeHead(r.status ?? 200, {
        'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
        ...r.headers,
      });
      res.end(payload);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    requests,
    script(next) {
      responder = toResponder(next);
      requests.length = 0;
    },
    gaps: () => requests.slice(1).map((r, i) => r.at - requests[i].at),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function toResponder(responses: FakeResponse[] | Responder): Responder {
  if (typeof responses === 'function') return responses;
  const queue = [...responses];
  return () => queue.shift() ?? NO_MORE;
}

/** A GraphQL answer with `data`. */
export const ok = (data: unknown, extra: FakeResponse = {}): FakeResponse => ({ status: 200, body: { data }, ...extra });

/** Waits `ms` milliseconds (e.g. to be sure no further request arrives). */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port on 127.0.0.1 on which nothing listens any more. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `call`, fails the test when it resolves, and returns what it threw. */
export async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw, but it resolved');
}
