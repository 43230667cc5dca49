import { HeaderMap } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../errors';
import { viewerOf } from '../modules/auth';
import { serviceEvents } from '../observability/events';

export interface RateLimitSettings {
  /** Requests each caller may send per window; 0 turns the limit off. */
  requestsPerWindow: number;
  /** Query cost each caller may spend per window (see query-cost.ts); 0 turns the limit off. */
  costPerWindow: number;
  /** The length of the fixed window the budgets are for: a minute, unless set otherwise (tests use seconds). */
  windowSeconds: number;
}

/** A caller's cost budget in the current window, as the `x-ratelimit-*` headers and the `rateLimit` field tell it. */
export interface CostBudget {
  limit: number;
  used: number;
  remaining: number;
  resetAt: Date;
}

/** A refusal by a rate limit: RATE_LIMITED, HTTP 429, `Retry-After` in whole seconds (also in `extensions.retryAfter`). */
export class RateLimitedError extends ApiError {
  constructor(readonly by: 'requests' | 'cost', readonly retryAfter: number, message: string) {
    super('RATE_LIMITED', message, { limit: by, retryAfter, http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) } });
  }
}

/**
 * The per-caller budgets: requests per minute and query cost per minute, each in a fixed one-minute window, kept
 * in this process's memory (rate-limiter-flexible's memory store): with several instances, each keeps its own
 * (README, "Rate limits", says why). A caller is its API token when it sent one, else its client address.
 */
export class RateLimits {
  private readonly requests: RateLimiterMemory | null;
  private readonly cost: RateLimiterMemory | null;

  constructor(readonly settings: RateLimitSettings) {
    const duration = settings.windowSeconds;
    this.requests = settings.requestsPerWindow > 0 ? new RateLimiterMemory({ keyPrefix: 'requests', points: settings.requestsPerWindow, duration }) : null;
    this.cost = settings.costPerWindow > 0 ? new RateLimiterMemory({ keyPrefix: 'cost', points: settings.costPerWindow, duration }) : null;
  }

  /** Who the budgets belong to: the viewer's token (authenticated before this runs), else the client address. */
  callerOf(request: FastifyRequest): string {
    const viewer = viewerOf(request);
    return viewer ? `token:${viewer.name}` : `ip:${request.ip}`;
  }

  /** Counts one request; a request over the limit is refused (it still counts, so a flood stays refused). */
  async countRequest(caller: string): Promise<void> {
    if (!this.requests) return;
    try {
      await this.requests.consume(caller, 1);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const retryAfter = retryAfterOf(res);
      serviceEvents.rateLimited('requests');
      throw new RateLimitedError('requests', retryAfter, `Too many requests: at most ${this.settings.requestsPerWindow} ${this.per}. Retry after ${retryAfter} s.`);
    }
  }

  /**
   * Charges `points` of cost, or refuses when the budget cannot pay them (then nothing is charged: a refused
   * query does not run). Null when the cost limit is off.
   */
  async charge(caller: string, points: number): Promise<CostBudget | null> {
    if (!this.cost) return null;
    if (points <= 0) return this.budget(caller);
    try {
      return this.budgetOf(await this.cost.consume(caller, points));
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      await this.cost.reward(caller, points);
      const retryAfter = retryAfterOf(res);
      serviceEvents.rateLimited('cost');
      const left = Math.max(0, this.settings.costPerWindow - (res.consumedPoints - points));
      throw new RateLimitedError('cost', retryAfter, `Query cost limit reached: this query may cost ${points}, ${left} of ${this.settings.costPerWindow} ${this.per} are left. Retry after ${retryAfter} s.`);
    }
  }

  /** Gives back what was charged beyond the actual cost; returns the budget after it. */
  async refund(caller: string, points: number): Promise<CostBudget | null> {
    if (!this.cost) return null;
    return this.budgetOf(points > 0 ? await this.cost.reward(caller, points) : await this.cost.get(caller));
  }

  /** The caller's budget now, without charging it (a dry run). Null when the cost limit is off. */
  async budget(caller: string): Promise<CostBudget | null> {
    if (!this.cost) return null;
    return this.budgetOf(await this.cost.get(caller));
  }

  private get per(): string {
    return this.settings.windowSeconds === 60 ? 'per minute' : `per ${this.settings.windowSeconds} s`;
  }

  private budgetOf(res: RateLimiterRes | null): CostBudget {
    const limit = this.settings.costPerWindow;
    const used = Math.max(0, Math.min(limit, res?.consumedPoints ?? 0));
    const resetAt = new Date(Date.now() + (res?.msBeforeNext ?? this.settings.windowSeconds * 1000));
    return { limit, used, remaining: limit - used, resetAt };
  }
}

/** GitHub's headers: the cost budget of the caller after this request (`reset` in epoch seconds). */
export function setBudgetHeaders(set: (name: string, value: string) => void, budget: CostBudget) {
  set('x-ratelimit-limit', String(budget.limit));
  set('x-ratelimit-remaining', String(budget.remaining));
  set('x-ratelimit-used', String(budget.used));
  set('x-ratelimit-reset', String(Math.ceil(budget.resetAt.getTime() / 1000)));
}

/** The refusal as an HTTP answer outside Apollo (the onRequest hook, a cached answer): status, `Retry-After`, error body. */
export function replyRateLimited(reply: FastifyReply, error: RateLimitedError) {
  const { http: _http, ...extensions } = error.extensions;
  return reply.code(429).header('retry-after', String(error.retryAfter)).send({ errors: [{ message: error.message, extensions }] });
}

/** Whole seconds until the window resets, at least 1 (RFC 9110's Retry-After takes whole seconds). */
function retryAfterOf(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
