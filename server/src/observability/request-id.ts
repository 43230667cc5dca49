import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from '../config';

/** What a proxy's request id may look like: short, and harmless in a log line or a header. */
const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/**
 * Fastify's `genReqId`: the `x-request-id` a trusted proxy sent (TRUST_PROXY), so one id follows the request
 * from the proxy's logs to ours; otherwise, or when it is malformed, a fresh UUID. A client cannot choose
 * the id its requests are logged under unless it is a proxy the operator trusts.
 */
export function requestIdGenerator(trust: TrustProxy): (req: IncomingMessage) => string {
  const trusted = trustedPeer(trust);
  return (req) => {
    const given = req.headers['x-request-id'];
    if (typeof given === 'string' && REQUEST_ID.test(given) && trusted(req.socket.remoteAddress)) return given;
    return randomUUID();
  };
}

/** Whether the connection's peer is a trusted proxy, with Fastify's semantics for `trustProxy` (proxy-addr). */
function trustedPeer(trust: TrustProxy): (address: string | undefined) => boolean {
  if (typeof trust === 'boolean') return () => trust;
  const check = proxyAddr.compile(trust);
  return (address) => address !== undefined && check(address, 0);
}
