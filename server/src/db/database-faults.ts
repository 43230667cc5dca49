import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyReply } from 'fastify';
import { errorBody, HTTP_STATUS, type ErrorCode } from '../errors';
import { errorChain, type ErrorFacts } from '../shared/error-chain';

/** A database failure that is no bug of the request: the code a client acts on, and when it may try again. */
export interface DatabaseFault {
  code: Extract<ErrorCode, 'SERVICE_UNAVAILABLE' | 'TIMEOUT'>;
  /** What the client reads: never the driver's message, SQL or a file path. */
  message: string;
  /** `Retry-After` in seconds; null when the same request would most likely fail the same way. */
  retryAfterSeconds: number | null;
}

const UNREACHABLE: DatabaseFault = {
  code: 'SERVICE_UNAVAILABLE',
  message: 'The database is unavailable at the moment; try again shortly.',
  retryAfterSeconds: 5,
};
const BUSY: DatabaseFault = {
  code: 'SERVICE_UNAVAILABLE',
  message: 'The database is busy (locked by other work) and this request gave up waiting; nothing was changed. Try again shortly.',
  retryAfterSeconds: 1,
};
const TIMED_OUT: DatabaseFault = {
  code: 'TIMEOUT',
  message: 'The database stopped this request because it ran longer than the statement timeout allows; ask for less (smaller pages, fewer fields).',
  retryAfterSeconds: null,
};

/**
 * PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html): class 08 (connection
 * exception) and 53 (insufficient resources, e.g. too many connections) are matched by class below.
 */
const SQLSTATES: Readonly<Record<string, DatabaseFault>> = {
  '57P01': UNREACHABLE, // admin_shutdown: the server is stopping (smart or fast shutdown)
  '57P02': UNREACHABLE, // crash_shutdown: another backend crashed, the server restarts
  '57P03': UNREACHABLE, // cannot_connect_now: the server is starting up or in recovery
  '57014': TIMED_OUT, // query_canceled: statement_timeout
  '55P03': BUSY, // lock_not_available: lock_timeout
  '40001': BUSY, // serialization_failure: retrying the transaction succeeds
  '40P01': BUSY, // deadlock_detected: one side was rolled back; retrying succeeds
};

/** Socket errors of node-postgres reaching the server (errno codes). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * node-postgres signals a connection lost while in use with a plain Error and no code (pg/lib/client.js);
 * these exact driver messages, which hold no SQL, are the only way to recognise it.
 */
const PG_CONNECTION_LOST = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection terminated due to connection timeout',
  // knex, for a statement sent in a transaction whose connection was lost (and which the server rolled back) meanwhile.
  'Transaction query already complete, run with DEBUG=knex:tx for more info',
]);

/** The driver's own words: knex puts the statement in front of them, `<sql> - <message>`. */
function driverMessage(message: string): string {
  const at = message.lastIndexOf(' - ');
  return at < 0 ? message : message.slice(at + 3);
}

/**
 * The fault behind `err`, or null when it is no database fault. Driver errors are told apart by their codes
 * (SQLSTATE, SQLITE_*, errno), never by SQL text; GraphQL's, MikroORM's and knex's wrappers are looked through.
 */
export function databaseFault(err: unknown): DatabaseFault | null {
  for (const e of errorChain(err)) {
    const fault = faultOf(e);
    if (fault) return fault;
  }
  return null;
}

function faultOf(err: ErrorFacts): DatabaseFault | null {
  const code = typeof err.code === 'string' ? err.code : '';
  // better-sqlite3: SQLITE_BUSY (another connection holds the write lock past busy_timeout) and its extended codes.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return BUSY;
  if (SQLSTATES[code]) return SQLSTATES[code];
  if (/^(08|53)[0-9A-Z]{3}$/.test(code)) return UNREACHABLE;
  if (SOCKET_CODES.has(code)) return UNREACHABLE;
  // knex: no pooled connection became free within acquireConnectionTimeout.
  if (err.name === 'KnexTimeoutError') return BUSY;
  if (!code && typeof err.message === 'string' && PG_CONNECTION_LOST.has(driverMessage(err.message))) return UNREACHABLE;
  return null;
}

/** A fault as a GraphQL error's `extensions`: the code, and the seconds to wait when retrying helps. */
export const faultExtensions = (fault: DatabaseFault) => ({ code: fault.code, ...(fault.retryAfterSeconds !== null ? { retryAfter: fault.retryAfterSeconds } : {}) });

/**
 * Gives a GraphQL response that failed on the database the fault's HTTP status (503 or 504) and `Retry-After`,
 * so that clients and proxies can retry without reading the body. formatError gives each error its code.
 */
export function databaseFaultPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, response }) {
          const fault = errors.map(databaseFault).find((f) => f !== null);
          if (!fault) return;
          response.http.status = HTTP_STATUS[fault.code];
          if (fault.retryAfterSeconds !== null) response.http.headers.set('retry-after', String(fault.retryAfterSeconds));
        },
      };
    },
  };
}

/** Answers a request that failed on the database outside GraphQL execution (authentication, the response cache). */
export function replyWithFault(reply: FastifyReply, fault: DatabaseFault) {
  if (fault.retryAfterSeconds !== null) reply.header('retry-after', String(fault.retryAfterSeconds));
  return reply.code(HTTP_STATUS[fault.code]).send(errorBody(fault.code, fault.message, faultExtensions(fault)));
}
