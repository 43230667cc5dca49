// Runs `node <script> <args>` (the service, which is not ours to change) so that it cannot outlive the
// bench: when our stdin closes (the bench exited, even by SIGKILL) or we get SIGTERM/SIGINT, the child gets
// SIGTERM, then SIGKILL after 5 s. With --print-pid it first prints "pid <child pid>", so the bench can read
// the service's own memory. Usage: node supervise.mjs [--print-pid] <script> [args...]
import { spawn } from 'node:child_process';

const printPid = process.argv[2] === '--print-pid';
const [script, ...args] = process.argv.slice(printPid ? 3 : 2);
const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
if (printPid) process.stdout.write(`pid ${child.pid}\n`);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
const stop = () => {
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
};
process.stdin.on('end', stop).on('error', stop).resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
