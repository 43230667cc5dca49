import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const main = join(root, 'server', 'dist', 'main.js');

/** Starts the built service exactly as `npm start` does and waits for its "ready" log line. */
function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null>; log: () => string }> {
  const child = spawn(process.execPath, [main], { env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ready line in 30 s:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready at (http:\/\/\S+?\/graphql)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], exited, log: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before ready:\n${out}`)));
  });
}

const post = (url: string, query: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

describe('the service process (server/dist/main.js, as `npm start` runs it)', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(main)) throw new Error('server/dist/main.js is missing: `npm test` builds it first (npm run build).');
    dir = mkdtempSync(join(tmpdir(), 'apo-data-proc-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates, migrates and seeds its SQLite file in APO_DATA_DIR, then serves it', async () => {
    const { child, url, exited } = await startProcess({ APO_DATA_DIR: dir });
    try {
      expect(existsSync(join(dir, 'apo-data.sqlite'))).toBe(true);
      const res = await post(url, '{ countries { totalCount } }');
      expect(await res.json()).toEqual({ data: { countries: { totalCount: 21 } } });
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
