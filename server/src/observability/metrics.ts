import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The service's Prometheus metrics, in one registry per process: the events other parts report
 * (serviceEvents) have no app at hand, and one process serves one app outside the tests.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** Seconds, from a cached answer's fraction of a millisecond to the GraphQL deadline. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const requestLabels = ['route', 'operation', 'outcome'] as const;

export const requestsTotal = new Counter({
  name: 'apo_data_http_requests_total',
  help: 'HTTP requests answered, by route, GraphQL operation name and outcome (ok, or the error code of the first error).',
  labelNames: requestLabels,
  registers: [registry],
});

export const requestDuration = new Histogram({
  name: 'apo_data_http_request_duration_seconds',
  help: 'Time from the request arriving to its answer being sent, by route, GraphQL operation name and outcome.',
  labelNames: requestLabels,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const errorsTotal = new Counter({
  name: 'apo_data_errors_total',
  help: 'Errors returned to clients, by extensions.code (each error of a GraphQL answer counts).',
  labelNames: ['code'] as const,
  registers: [registry],
});

export const statementsPerRequest = new Histogram({
  name: 'apo_data_sql_statements_per_request',
  help: 'SQL statements run on behalf of one request, by route (0 for answers from the response cache).',
  labelNames: ['route'] as const,
  buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144],
  registers: [registry],
});

export const responseCacheTotal = new Counter({
  name: 'apo_data_response_cache_total',
  help: 'Response-cache events: hit (answered from memory), miss (run by Apollo), store (an answer kept).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const rateLimitedTotal = new Counter({
  name: 'apo_data_rate_limited_total',
  help: 'Requests refused by a rate limit (RATE_LIMITED, HTTP 429), by the budget that ran out: requests or cost.',
  labelNames: ['by'] as const,
  registers: [registry],
});

/** A database connection pool's state when scraped. */
export interface PoolUse {
  used: number;
  free: number;
  pending: number;
}

const pools = new Set<() => PoolUse | null>();

new Gauge({
  name: 'apo_data_db_pool_connections',
  help: 'Database connections of the pool when scraped: used (lent to a request), free (open, idle), pending (requests waiting for one).',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    const total: PoolUse = { used: 0, free: 0, pending: 0 };
    for (const read of pools) {
      const use = read();
      if (!use) continue;
      total.used += use.used;
      total.free += use.free;
      total.pending += use.pending;
    }
    for (const state of ['used', 'free', 'pending'] as const) this.set({ state }, total[state]);
  },
});

/** Reports a pool's use at every scrape, until the returned function is called (when its app closes). */
export function watchPool(read: () => PoolUse | null): () => void {
  pools.add(read);
  return () => void pools.delete(read);
}

/** Most distinct operation names labelled; later ones are counted as `other`, so a client cannot blow up the series. */
export const MAX_OPERATION_NAMES = 200;
const operationNames = new Set<string>();
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** The `operation` label for an operation's name: itself while fewer than MAX_OPERATION_NAMES are known, else `other`. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (operationNames.has(name)) return name;
  if (operationNames.size >= MAX_OPERATION_NAMES || !NAME.test(name)) return 'other';
  operationNames.add(name);
  return name;
}
