import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const MAIN = join(ROOT, 'server', 'dist', 'main.js');

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** Resolves to the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Everything it has written to stdout and stderr so far. */
  log(): string;
}

/** Starts the built service exactly as `npm start` does and waits for its "ready" log line. */
export function startProcess(env: Record<string, string>): Promise<ServiceProcess> {
  if (!existsSync(MAIN)) throw new Error('server/dist/main.js is missing: `npm test` builds it first (npm run build).');
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Stops it with SIGTERM, as an orchestrator would, and resolves to its exit code. */
export async function stopProcess(service: ServiceProcess): Promise<number | null> {
  service.child.kill('SIGTERM');
  return service.exited;
}

/** POSTs a GraphQL query to `url`, with `headers` besides the content type (e.g. an authorization). */
export const post = (url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a built script (`server/dist/scripts/<name>.js`) as `npm run` would, and waits for it to exit. */
export function runScript(name: string, args: string[], env: Record<string, string> = {}): Promise<ScriptResult> {
  return runToExit(join(ROOT, 'server', 'dist', 'scripts', `${name}.js`), args, env);
}

/** Runs the service (`server/dist/main.js`) with `env` and waits for it to exit: for starts that must fail (killed after 20 s if it does not). */
export function runServiceToExit(env: Record<string, string>): Promise<ScriptResult> {
  return runToExit(MAIN, [], { PORT: '0', LOG_LEVEL: 'info', ...env }, 20_000);
}

function runToExit(script: string, args: string[], env: Record<string, string>, killAfterMs?: number): Promise<ScriptResult> {
  if (!existsSync(script)) throw new Error(`${script} is missing: \`npm test\` builds it first (npm run build).`);
  return spawnToExit(process.execPath, [script, ...args], { env: { ...process.env, ...env } }, killAfterMs);
}

/** Spawns a command, collects what it writes, and resolves with its exit code once it has closed (killed after `killAfterMs`). */
export function spawnToExit(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}, killAfterMs?: number): Promise<ScriptResult> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const timer = killAfterMs ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
