import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config';
import { registerHealth } from './health';
import { registry, watchPool, type PoolUse } from './metrics';
import { registerRequestObservation } from './request-metrics';

export { metricsPlugin } from './request-metrics';
export { observeContext } from './request-state';
export type { Tracing } from './tracing';

/**
 * What operators see of the service: request ids, `/healthz`, `/readyz` and, unless APO_DATA_METRICS=false,
 * Prometheus metrics at `/metrics`. Call right after creating Fastify, before any other hook.
 */
export function registerObservability(http: FastifyInstance, orm: MikroORM, options: { metrics: boolean }) {
  registerRequestObservation(http, options);
  registerHealth(http, orm);
  if (!options.metrics) return;
  const unwatch = watchPool(() => poolUseOf(orm));
  http.addHook('onClose', async () => unwatch());
  http.get('/metrics', async (_request, reply) => reply.type(registry.contentType).header('cache-control', 'no-store').send(await registry.metrics()));
}

/** The primary's knex (tarn) pool, read at scrape time; null while it has none. */
function poolUseOf(orm: MikroORM): PoolUse | null {
  const pool = (orm.em.getConnection() as AbstractSqlConnection).getKnex().client.pool as
    | { numUsed(): number; numFree(): number; numPendingAcquires(): number }
    | undefined;
  return pool ? { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires() } : null;
}

/**
 * OpenTelemetry tracing when configured (OTEL_EXPORTER_OTLP_ENDPOINT), else null: the SDK is imported only then,
 * so a service without tracing loads none of it. Call after registerObservability (its hooks read the request state).
 */
export async function loadTracing(settings: AppConfig['tracing'], http: FastifyInstance) {
  if (!settings) return null;
  const { startTracing } = await import('./tracing.js');
  http.log.info({ endpoint: settings.endpoint }, 'OpenTelemetry tracing on: spans go over OTLP/HTTP');
  return startTracing(settings, http);
}
