// The built service (server/dist/main.js) as a child process in production mode, for the fuzz, soak and
// security tests: started on a free port, ready when /readyz says so, its resident memory read from /proc,
// and the real values (IDs, cursors, codes) that the fuzzer draws on.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { freePort } from '../helpers/ports';
import { MAIN, runScript } from '../helpers/process';
import type { TestDatabase } from '../helpers/server';
import type { ValuePool } from './values';

/**
 * Production mode as an operator runs it, minus the rate limits: the fuzzer and the soak are one client
 * sending thousands of requests, which a rate limit would rightly refuse. The response cache stays on
 * (its production default), so the memory checks include it.
 */
export const PRODUCTION_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
  RATE_LIMIT_ENABLED: 'false',
};

export interface RunningService {
  url: string;
  /** The endpoint without /graphql. */
  base: string;
  child: ChildProcess;
  pid: number;
  /** Resolves to the exit code (or signal) once it exited. */
  exited: Promise<number | string | null>;
  alive(): boolean;
  /** Resident memory now, in KiB (VmRSS). */
  rssKiB(): number;
  /** The last 200 KB of what it wrote. */
  log(): string;
  stop(): Promise<number | string | null>;
}

/** Starts server/dist/main.js on `database` with PRODUCTION_ENV and `env`; resolves once /readyz answers 200. */
export async function startService(database: TestDatabase, dataDir: string, env: Record<string, string> = {}): Promise<RunningService> {
  if (!existsSync(MAIN)) throw new Error('server/dist/main.js is missing: `npm test` builds it first (npm run build).');
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...database.env, ...PRODUCTION_ENV, APO_DATA_DIR: dataDir, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 400_000) out = out.slice(-200_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${base}/readyz`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the service exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${out.slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service was not ready within 60 s:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url: `${base}/graphql`,
    base,
    child,
    pid: child.pid!,
    exited,
    alive,
    rssKiB: () => rssKiB(child.pid!),
    log: () => out,
    async stop() {
      if (!alive()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Resident memory of a process, in KiB, from /proc/<pid>/status (Linux); NaN when it cannot be read. */
export function rssKiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** A new API token of `role` on `database`, made with `npm run token` as an operator would. */
export async function createToken(database: TestDatabase, name: string, role: 'reader' | 'editor' | 'admin'): Promise<string> {
  const result = await runScript('token', ['create', '--name', name, '--role', role], database.env);
  const token = result.stdout.trimEnd().split('\n').at(-1) ?? '';
  if (result.code !== 0 || !/^apo_\w+$/.test(token)) throw new Error(`npm run token failed (${result.code}): ${result.stderr}${result.stdout}`);
  return token;
}

/** Lists whose IDs and cursors the pool collects, with the Node type of their records. */
const LISTS: Array<[string, string, string]> = [
  ['countries', 'Country', 'code name alpha3'],
  ['organizations', 'Organization', 'name acronym'],
  ['people', 'Person', 'name'],
  ['meetings', 'Meeting', 'title'],
  ['decisions', 'Decision', 'title'],
  ['programs', 'Program', 'code title'],
  ['grants', 'FundingGrant', 'title mechanism'],
  ['sources', 'Source', 'title'],
];

/** Real IDs, cursors and words from the service, read once before fuzzing (before any mutation changes them). */
export async function collectPool(url: string): Promise<ValuePool> {
  const query = `{ ${LISTS.map(([list, , fields]) => `${list}(first: 100) { edges { cursor node { id ${fields} } } }`).join(' ')} }`;
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data?: Record<string, { edges: Array<{ cursor: string; node: Record<string, string | null> }> }>; errors?: unknown };
  if (!body.data) throw new Error(`could not read the value pool: ${JSON.stringify(body.errors).slice(0, 1000)}`);
  const pool: ValuePool = { ids: {}, cursors: [], words: [] };
  for (const [list, type] of LISTS) {
    const edges = body.data[list].edges;
    pool.ids[type] = edges.map((e) => e.node.id!);
    pool.cursors.push(...edges.slice(0, 10).map((e) => e.cursor));
    for (const e of edges.slice(0, 30)) pool.words.push(...Object.entries(e.node).filter(([k, v]) => k !== 'id' && v).map(([, v]) => v!));
  }
  return pool;
}

