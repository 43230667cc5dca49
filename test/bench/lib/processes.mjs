// Child processes of the bench: started on 127.0.0.1 only, bounded in time, and always cleaned up
// (children, temp dirs, the embedded PostgreSQL) on exit, on failure and on SIGINT/SIGTERM/SIGHUP.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const DIST = join(ROOT, 'server', 'dist');
const SUPERVISE = join(import.meta.dirname, '..', 'children', 'supervise.mjs');

/** Cleanups run last-registered first; each at most once. */
const cleanups = [];
let cleaning = null;

export function onCleanup(fn) {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export function cleanUp() {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop();
      try {
        await fn();
      } catch (err) {
        console.error(`bench: cleanup failed: ${err?.message ?? err}`);
      }
    }
  })();
  return cleaning;
}

export function removeOnCleanup(dir) {
  return onCleanup(() => rmSync(dir, { recursive: true, force: true }));
}

/** Signals and a hard time limit end the run through the same cleanup. */
export function installExitHandlers(limitMs) {
  let stopping = false;
  const stop = (code, why) => {
    if (why) console.error(`bench: ${why}`);
    // A second signal, or a cleanup that hangs, ends the process anyway.
    if (stopping) process.exit(code);
    stopping = true;
    setTimeout(() => process.exit(code), 30_000).unref();
    cleanUp().finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(130, `${signal}: stopping`));
  process.on('uncaughtException', (err) => stop(1, `unexpected error: ${err?.stack ?? err}`));
  const timer = setTimeout(() => stop(3, `time limit of ${Math.round(limitMs / 1000)} s reached; stopping`), limitMs);
  return () => clearTimeout(timer);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The bench sends far more requests per minute, from one address, than the service's rate limits allow a caller. */
const UNLIMITED = { RATE_LIMIT_REQUESTS_PER_MINUTE: '0', RATE_LIMIT_COST_PER_MINUTE: '0' };

/**
 * Spawns `node script args` with stdin piped (our own children exit when it closes, so they do not outlive
 * a killed bench) and registers its termination. Resolves once `ready(output)` returns a value.
 */
export function startChild(name, script, args, { env = {}, ready, timeoutMs = 60_000, supervised = false } = {}) {
  // A script that does not watch its stdin runs under children/supervise.mjs, which does it for it.
  const argv = supervised ? [SUPERVISE, '--print-pid', script, ...args] : [script, ...args];
  const child = spawn(process.execPath, argv, { env: { ...process.env, ...UNLIMITED, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const release = onCleanup(() => stopChild(child, exited));
  const collect = (chunk) => {
    out += chunk;
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${out.slice(-2000)}`)), timeoutMs);
    const fail = (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopChild(child, exited).finally(() => reject(err));
    };
    child.on('exit', (code, signal) => {
      if (!settled) fail(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${out.slice(-2000)}`));
      else if (!child.stopping) console.error(`bench: ${name} exited unexpectedly (${code ?? signal}):\n${out.slice(-2000)}`);
    });
    const check = async () => {
      if (settled) return;
      try {
        const pid = supervised ? Number(/^pid (\d+)/.exec(out)?.[1] ?? NaN) : child.pid;
        const value = Number.isNaN(pid) ? undefined : await ready(out);
        if (settled) return;
        if (value === undefined) return void setTimeout(check, 100);
        settled = true;
        clearTimeout(timer);
        resolve({ name, child, pid, value, log: () => out, stop: async () => { release(); await stopChild(child, exited); } });
      } catch (err) {
        fail(err);
      }
    };
    check();
  });
}

async function stopChild(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stopping = true;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Runs `node script args` to completion (bounded), with stdout/stderr passed through; rejects on a non-zero exit. */
export function runToExit(name, script, args, { env = {}, timeoutMs, quiet = false, supervised = false } = {}) {
  const child = spawn(process.execPath, supervised ? [SUPERVISE, script, ...args] : [script, ...args], { env: { ...process.env, ...UNLIMITED, ...env }, stdio: ['pipe', quiet ? 'pipe' : 'inherit', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
    if (!quiet) process.stderr.write(d);
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const release = onCleanup(() => stopChild(child, exited));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stopChild(child, exited);
      reject(new Error(`${name} did not finish within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    exited.then((code) => {
      clearTimeout(timer);
      release();
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (${code}):\n${err.slice(-3000)}`));
    });
  });
}

/** Peak resident memory (VmHWM) of a process, in KiB. */
export function peakRssKiB(pid) {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** Resets VmHWM to the current RSS (Linux `clear_refs` 5), so each scenario gets its own peak; false if refused. */
export function resetPeakRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes what a bench killed outright (SIGKILL, a crash of the machine) left in `dir`: run directories and
 * half-built caches whose owner process is gone. Each records its owner: `<dir>/owner` or `.building-<pid>`.
 */
export function sweepStale(dir, prefix) {
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return err.code === 'EPERM';
    }
  };
  for (const name of readdirSync(dir).filter((n) => n.startsWith(prefix))) {
    const path = join(dir, name);
    let owner = Number(/\.building-(\d+)$/.exec(name)?.[1] ?? NaN);
    if (name.startsWith(`${prefix}run-`)) {
      try {
        owner = Number(readFileSync(join(path, 'owner'), 'utf8'));
      } catch {
        continue; // no owner file yet: a run that is just starting
      }
    }
    if (Number.isInteger(owner) && owner !== process.pid && !alive(owner)) rmSync(path, { recursive: true, force: true });
  }
}
