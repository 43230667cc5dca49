// `npm run bench`: load figures for the built service on a SQLite file with 2 000 extra grants.
// Prints requests/s and latency per query, the 100-vs-5 list ratio and memory; bounded in time,
// loopback only. Figures vary with the machine: compare ratios from one run, not across runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'apo-data-bench-'));
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;

function start() {
  const child = spawn(process.execPath, [join(root, 'server', 'dist', 'main.js')], {
    env: { ...process.env, APO_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /ready at (http:\S+?\/graphql)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

function addGrants(count) {
  const db = new Database(join(dir, 'apo-data.sqlite'));
  const insert = db.prepare(`insert into funding_grant (id, version, created_at, updated_at, title, donor_id, program_id, amount_e4, currency, awarded_on, status, search_text)
    values (?, 1, ?, ?, ?, ?, ?, ?, 'USD', ?, 'COMMITTED', ?)`);
  const donors = ['government-of-japan', 'kemnaker', 'apo'];
  const programs = ['covid19-digital', 'green-productivity', 'green-productivity-2'];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const now = Date.now();
      insert.run(`bench-${i}`, now, now, `Bench grant ${i}`, donors[i % 3], programs[i % 3], String((1000 + i) * 10000), `20${10 + (i % 15)}-0${1 + (i % 9)}-15`, `|bench grant ${i}|`);
    }
  })();
  db.close();
}

async function load(url, name, query, variables = {}, encoding = null) {
  const headers = { 'content-type': 'application/json', ...(encoding ? { 'accept-encoding': encoding } : {}) };
  const body = JSON.stringify({ query, variables });
  const result = await autocannon({ url, method: 'POST', connections: CONNECTIONS, duration: DURATION_S, headers, body });
  const bytes = await responseBytes(url, headers, body);
  const row = { query: name, 'req/s': Math.round(result.requests.average), 'p50 ms': result.latency.p50, 'p99 ms': result.latency.p99, 'bytes/answer': bytes, errors: result.errors + result.non2xx };
  console.table([row]);
  return row;
}

const GRANTS = `query ($first: Int!) { grants(first: $first) { nodes { title amount { amount currency } donor { name country { code } } program { title participatingCountries { code } } } } }`;

let server;
try {
  // First start migrates and seeds; then the extra rows go in while it is stopped.
  server = await start();
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.on('exit', r));
  addGrants(2000);
  server = await start();
  console.log(`apo-data bench: ${CONNECTIONS} connections, ${DURATION_S} s per query, SQLite, 2 001 grants\n`);
  const rows = [
    await load(server.url, 'country(code:)', '{ country(code: "JP") { name names { name } citations { excerpt } } }'),
    await load(server.url, 'grants(first: 5) + relations', GRANTS, { first: 5 }),
    await load(server.url, 'grants(first: 100) + relations', GRANTS, { first: 100 }),
    await load(server.url, '  same, accept-encoding: gzip', GRANTS, { first: 100 }, 'gzip'),
    await load(server.url, '  same, accept-encoding: br', GRANTS, { first: 100 }, 'br'),
    await load(server.url, '{ __typename }', '{ __typename }'),
    await load(server.url, '  same, accept-encoding: gzip, br (not compressed: under 1 KB)', '{ __typename }', {}, 'gzip, br'),
    await load(server.url, 'search("jepang")', '{ search(query: "jepang") { __typename } }'),
    await load(server.url, 'fundingSummary(YEAR)', '{ fundingSummary(groupBy: YEAR) { key grantCount totals { amount currency } } }'),
  ];
  const [, five, hundred, gzip, br, small, smallAccepting] = rows;
  console.log(`\n100-grant page vs 5-grant page: ${(five['req/s'] / hundred['req/s']).toFixed(1)}x fewer requests/s for 20x the rows`);
  console.log(`compression of the 100-grant page: gzip ${(gzip['bytes/answer'] / hundred['bytes/answer']).toFixed(2)}, br ${(br['bytes/answer'] / hundred['bytes/answer']).toFixed(2)} of the bytes, at ${(gzip['req/s'] / hundred['req/s']).toFixed(2)} and ${(br['req/s'] / hundred['req/s']).toFixed(2)} of the requests/s`);
  console.log(`a small answer with accept-encoding: ${(smallAccepting['req/s'] / small['req/s']).toFixed(2)} of the requests/s without it`);
  console.log(`server resident memory after the run: ${Math.round(rssKiB(server.child.pid) / 1024)} MiB`);
  if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
} finally {
  server?.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dir, { recursive: true, force: true });
}

/** Size on the wire of one answer (after any content-encoding). */
function responseBytes(url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let n = 0;
      res.on('data', (c) => (n += c.length));
      res.on('end', () => resolve(n));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** VmRSS from /proc (Linux), in KiB. */
function rssKiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}
