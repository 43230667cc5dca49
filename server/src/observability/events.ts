import { rateLimitedTotal, responseCacheTotal } from './metrics';

/** What other parts of the service report for the metrics at /metrics (prom-client counters of observability/metrics.ts). */
export const serviceEvents = {
  /** A request refused by a rate limit: `by` is which budget ran out. */
  rateLimited(by: 'requests' | 'cost'): void {
    rateLimitedTotal.inc({ by });
  },
  /** A response-cache lookup. */
  responseCache(outcome: 'hit' | 'miss' | 'store'): void {
    responseCacheTotal.inc({ outcome });
  },
};
