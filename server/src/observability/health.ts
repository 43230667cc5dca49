import type { MikroORM } from '@mikro-orm/core';
import type { FastifyInstance } from 'fastify';

/** A readiness check slower than this answers 503: a database that hangs is as unready as one that refuses. */
const READY_CHECK_TIMEOUT_MS = 2_000;

export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * `/healthz`: the process is alive and its event loop answers; it never touches the database, so an orchestrator
 * does not restart a healthy process because its database is down. `/readyz`: the database is reachable and has
 * every migration this version needs; otherwise 503 with the reason, and a load balancer sends traffic elsewhere.
 */
export function registerHealth(http: FastifyInstance, orm: MikroORM) {
  http.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  http.get('/readyz', async (_request, reply) => {
    const readiness = await withTimeout(readinessOf(orm), READY_CHECK_TIMEOUT_MS, { ready: false, reason: `the database did not answer within ${READY_CHECK_TIMEOUT_MS} ms` });
    reply.header('cache-control', 'no-store');
    if (readiness.ready) return reply.send({ status: 'ok' });
    return reply.code(503).send({ status: 'unavailable', reason: readiness.reason });
  });
}

/** Whether the service can answer: a round trip to the database, then the migrations it has against those this version ships. */
export async function readinessOf(orm: MikroORM): Promise<Readiness> {
  const check = await orm.checkConnection();
  if (!check.ok) return { ready: false, reason: `database unavailable: ${check.reason}` };
  try {
    const pending = await orm.migrator.getPendingMigrations();
    if (pending.length) return { ready: false, reason: `${pending.length} pending database migration(s): ${pending.map((m) => m.name).join(', ')}` };
  } catch {
    return { ready: false, reason: 'database unavailable: cannot read its migrations' };
  }
  return { ready: true };
}

function withTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => { timer = setTimeout(() => resolve(fallback), ms); });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
