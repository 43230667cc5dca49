import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { defaultTextMapGetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config';
import { requestOfContext, type RequestState } from './request-state';

/** The Apollo plugin that adds a GraphQL operation's span under its request's. */
export interface Tracing {
  plugin: ApolloServerPlugin<object>;
}

interface RequestSpans {
  http: Span;
  operation?: Span;
}

/**
 * OpenTelemetry tracing, loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set (observability/index.ts imports this file
 * on demand): a SERVER span per HTTP request, from Fastify hooks, and one child span per GraphQL operation, from
 * Apollo's request hooks; none per field, so the hot path pays two spans at most. A caller's W3C `traceparent`
 * becomes the parent. Spans go in batches over OTLP/HTTP; those still queued are sent when the service closes.
 */
export function startTracing(settings: NonNullable<AppConfig['tracing']>, http: FastifyInstance): Tracing {
  const exporter = new OTLPTraceExporter({ url: `${settings.endpoint.replace(/\/$/, '')}/v1/traces` });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('apo-data');
  const propagator = new W3CTraceContextPropagator();
  const spans = new WeakMap<RequestState, RequestSpans>();

  http.addHook('onRequest', (request, _reply, done) => {
    const state = request.observed;
    if (state) {
      const parent = propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
      const route = request.routeOptions.url;
      const span = tracer.startSpan(
        route ? `${request.method} ${route}` : request.method,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0], 'apo_data.request_id': state.id, ...(route ? { 'http.route': route } : {}) } },
        parent,
      );
      spans.set(state, { http: span });
    }
    done();
  });
  http.addHook('onResponse', (request, reply, done) => {
    const span = request.observed && spans.get(request.observed)?.http;
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
  http.addHook('onClose', async () => provider.shutdown());

  const listener: GraphQLRequestListener<object> = {
    async didResolveOperation({ operation, operationName, contextValue }) {
      const state = requestOfContext(contextValue);
      const own = state && spans.get(state);
      if (!own || !operation) return;
      own.operation = tracer.startSpan(
        `${operation.operation} ${operationName ?? 'anonymous'}`,
        { attributes: { 'graphql.operation.type': operation.operation, 'graphql.operation.name': operationName ?? '' } },
        trace.setSpan(ROOT_CONTEXT, own.http),
      );
    },
    async willSendResponse({ response, contextValue }) {
      const state = requestOfContext(contextValue);
      const span = state && spans.get(state)?.operation;
      if (!span) return;
      const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
      if (errors?.length) {
        span.setAttribute('apo_data.error_code', String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
  return { plugin: { requestDidStart: async () => listener } };
}
