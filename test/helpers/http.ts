import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';

/** An answer as it came over the wire, body undecoded. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request with exactly these headers (fetch would add its own and decompress on its own). */
export function raw(url: string, method: string, headers: Record<string, string>, body?: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const jsonOf = (r: RawResponse): unknown => JSON.parse(r.body.toString('utf8'));

/** The documented error body, `{ errors: [{ message, extensions: { code } }] }`, with this status and code; returns the error. */
export function expectCodedError(r: RawResponse, status: number, code: string) {
  const text = r.body.toString('utf8');
  expect(r.status, text).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/(graphql-response\+)?json/);
  const body = JSON.parse(text) as { errors: Array<{ message: string; extensions: { code: string; reason?: string } }> };
  expect(body.errors?.[0]?.extensions?.code, text).toBe(code);
  expect(body.errors[0].message).toMatch(/\w{3}/);
  return body.errors[0];
}
