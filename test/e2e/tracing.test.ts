import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startProcess, stopProcess } from '../helpers/process';
import { createTestDatabase, type TestDatabase } from '../helpers/server';

// OpenTelemetry tracing, off by default: the built service started as `npm start` does, with a tiny OTLP/HTTP
// receiver in the test. On, every HTTP request and GraphQL operation is a span (none per field); off, the SDK is
// never loaded and nothing is sent.

const PRELOAD = join(__dirname, '..', 'fixtures', 'report-loaded-modules.cjs');

interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

/** An OTLP/HTTP receiver on loopback that keeps every span it is sent (JSON encoding, as the exporter sends). */
async function startReceiver(): Promise<{ url: string; spans: OtlpSpan[]; posts: string[]; close(): Promise<void> }> {
  const spans: OtlpSpan[] = [];
  const posts: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
      for (const r of body.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, spans, posts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const attribute = (span: OtlpSpan, key: string) => Object.values(span.attributes.find((a) => a.key === key)?.value ?? {})[0];

describe('OpenTelemetry tracing', () => {
  let db: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await db?.drop();
  });

  it('is off by default: the SDK is not loaded and nothing is sent', async () => {
    const service = await startProcess({ ...db.env, NODE_OPTIONS: `--require ${PRELOAD}` });
    await post(service.url, 'query Off { countries(first: 1) { nodes { code } } }');
    expect(await stopProcess(service)).toBe(0);
    expect(service.log()).toContain('loaded-otel-sdk-modules: 0');
    expect(receiver.posts).toEqual([]);
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT, each request and each GraphQL operation is a span, exported over OTLP/HTTP', async () => {
    const service = await startProcess({ ...db.env, NODE_OPTIONS: `--require ${PRELOAD}`, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'apo-data-test' });
    const parentTrace = '0af7651916cd43dd8448eb211c80319c';
    const res = await post(service.url, 'query Traced { grants(first: 3) { nodes { title donor { name } } } }', undefined, { traceparent: `00-${parentTrace}-b7ad6b7169203331-01` });
    const requestId = res.headers.get('x-request-id');
    await post(service.url, '{ countries(first: 101) { totalCount } }');
    expect(await stopProcess(service)).toBe(0); // closing flushes the spans still queued
    expect(service.log()).not.toContain('loaded-otel-sdk-modules: 0');
    expect(receiver.posts.every((p) => p.startsWith('POST /v1/traces application/json'))).toBe(true);

    const httpSpan = receiver.spans.find((s) => s.name === 'POST /graphql' && attribute(s, 'apo_data.request_id') === requestId);
    expect(httpSpan, JSON.stringify(receiver.spans.map((s) => s.name))).toBeDefined();
    expect(httpSpan!.kind).toBe(2); // SERVER
    expect(httpSpan!.traceId).toBe(parentTrace); // the caller's traceparent is the parent
    expect(attribute(httpSpan!, 'http.response.status_code')).toBe(200);
    const operation = receiver.spans.find((s) => s.name === 'query Traced');
    expect(operation?.parentSpanId).toBe(httpSpan!.spanId);
    expect(attribute(operation!, 'graphql.operation.name')).toBe('Traced');
    const refused = receiver.spans.find((s) => s.name === 'query anonymous');
    expect(refused && attribute(refused, 'apo_data.error_code')).toBe('BAD_USER_INPUT');
    // Two spans per GraphQL request at most (request and operation): nothing per field or per statement.
    const ofTrace = receiver.spans.filter((s) => s.traceId === parentTrace);
    expect(ofTrace.map((s) => s.name).sort()).toEqual(['POST /graphql', 'query Traced']);
  });
});
