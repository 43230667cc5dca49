import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startProcess } from '../helpers/process';

describe('the service process (server/dist/main.js, as `npm start` runs it)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'apo-data-proc-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates, migrates and seeds its SQLite file in APO_DATA_DIR, then serves it', async () => {
    const { child, url, exited } = await startProcess({ APO_DATA_DIR: dir });
    try {
      expect(existsSync(join(dir, 'apo-data.sqlite'))).toBe(true);
      const res = await post(url, '{ countries { totalCount } }');
      expect((await res.json()).data).toEqual({ countries: { totalCount: 21 } });
      const health = await fetch(url.replace('/graphql', '/readyz'));
      expect(health.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('finishes requests in flight on SIGTERM, then exits 0 and refuses new connections', async () => {
    const { child, url, exited, log } = await startProcess({ APO_DATA_DIR: dir });
    const inFlight = Promise.all(Array.from({ length: 20 }, () => post(url, '{ meetings { nodes { participants { country { name } } } } }')));
    // Signal once the server has received every request (Fastify logs each one as it arrives).
    while ((log().match(/incoming request/g) ?? []).length < 20) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGTERM');
    const responses = await inFlight;
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(await exited).toBe(0);
    await expect(post(url, '{ countries { totalCount } }')).rejects.toThrow();
  });

  it('refuses to start on a bad configuration, saying which variable is wrong', async () => {
    await expect(startProcess({ APO_DATA_DIR: dir, PORT: 'eighty' })).rejects.toThrow(/PORT/);
  });
});
