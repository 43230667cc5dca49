// `npm run bench`: what the built service (server/dist, NODE_ENV=production, LOG_LEVEL=warn, started as a
// child process) does over a database filled by data:synth, measured with autocannon over 127.0.0.1 against
// two ceilings of this same machine in the same run:
//   S0a  a bare node:http server answering with the bytes of S2's answer (the transport limit), and
//   S0b  plain graphql-js executing S2's query over that answer held in memory (the execution limit).
// Prints one table (markdown) and, with --out FILE, the same figures as JSON. See README "Performance".
//
//   npm run bench                       1 000 000 grants, SQLite, concurrency 1 and 16, 10 s a scenario
//   npm run bench -- --postgres         the same on an embedded PostgreSQL
//   npm run bench -- --quick            a smoke run: 10 000 grants, 2 s a scenario, one concurrency
//   npm run bench -- --scaling          only latency against page size (5/20/50/100) and table size
//   options: --grants N --seed S --concurrency 1,16 --duration S --warmup S --repeats N --out FILE
//            --sizes 10000,100000,1000000 --page-sizes 5,20,50,100 --time-limit MINUTES
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sqliteDatabase, startPostgres } from './lib/datasets.mjs';
import { cleanUp, DIST, freePort, installExitHandlers, peakRssKiB, removeOnCleanup, resetPeakRss, ROOT, runToExit, startChild, sweepStale } from './lib/processes.mjs';
import { GRANT_PAGE, scalingRequest, scenarios } from './lib/scenarios.mjs';

const USAGE = 'Usage: npm run bench -- [--quick] [--postgres] [--scaling] [--grants N] [--seed S] [--concurrency 1,16] [--duration S] [--warmup S] [--repeats N] [--out FILE] [--sizes N,N] [--page-sizes N,N] [--time-limit MINUTES]';

const { values: args } = (() => {
  try {
    return parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        postgres: { type: 'boolean', default: false },
        scaling: { type: 'boolean', default: false },
        grants: { type: 'string' },
        seed: { type: 'string', default: '1' },
        concurrency: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        repeats: { type: 'string' },
        out: { type: 'string' },
        sizes: { type: 'string' },
        'page-sizes': { type: 'string', default: '5,20,50,100' },
        'time-limit': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (err) {
    console.error(`bench: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
})();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const numbers = (s, name) => {
  const list = s.split(',').map(Number);
  if (!list.length || list.some((n) => !Number.isFinite(n) || n <= 0)) {
    console.error(`bench: --${name} must be positive numbers separated by commas; got ${s}\n${USAGE}`);
    process.exit(2);
  }
  return list;
};
const quick = args.quick;
const opts = {
  database: args.postgres ? 'postgresql' : 'sqlite',
  grants: numbers(args.grants ?? (quick ? '10000' : '1000000'), 'grants')[0],
  seed: Number(args.seed),
  concurrencies: numbers(args.concurrency ?? (args.scaling ? '1' : quick ? '4' : '1,16'), 'concurrency'),
  durationS: numbers(args.duration ?? (quick ? '2' : args.scaling ? '5' : '10'), 'duration')[0],
  warmupS: Number(args.warmup ?? (quick ? '0.5' : '2')),
  repeats: numbers(args.repeats ?? (quick ? '3' : '5'), 'repeats')[0],
  sizes: numbers(args.sizes ?? (quick ? '2000,10000' : '10000,100000,1000000'), 'sizes'),
  pageSizes: numbers(args['page-sizes'], 'page-sizes'),
};
const timeLimitMs = numbers(args['time-limit'] ?? (quick ? '5' : '90'), 'time-limit')[0] * 60_000;
function log(line) {
  console.error(`bench: ${line}`);
}

const disarm = installExitHandlers(timeLimitMs);
try {
  readFileSync(join(DIST, 'main.js'));
} catch {
  console.error('bench: server/dist/main.js is missing; `npm run bench` builds it (npm run build).');
  process.exit(2);
}
sweepStale(tmpdir(), 'apo-data-bench-');
const runDir = mkdtempSync(join(tmpdir(), 'apo-data-bench-run-'));
writeFileSync(join(runDir, 'owner'), String(process.pid));
removeOnCleanup(runDir);
const loadBefore = loadavg();

try {
  const postgres = opts.database === 'postgresql' ? await startPostgres({ log }) : null;
  const database = (grants) => (postgres ? postgres.database({ grants, seed: opts.seed }) : sqliteDatabase({ grants, seed: opts.seed, runDir, log }));
  const report = args.scaling ? await scaling(database) : await bench(database);
  if (args.out) {
    writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${args.out}`);
  }
  const failed = (report.results ?? report.cells).filter((r) => r.errors.total > 0);
  if (failed.length) {
    log(`errors in ${failed.map((r) => `${r.scenario ?? `page ${r.pageSize}`} (c=${r.concurrency})`).join(', ')}`);
    process.exitCode = 1;
  }
} catch (err) {
  console.error(`bench: failed: ${err?.stack ?? err}`);
  process.exitCode = 1;
} finally {
  disarm();
  await cleanUp();
}

/** The main run: every scenario at every concurrency, against the two ceilings measured alongside. */
async function bench(database) {
  const url = await database(opts.grants);
  log(`probe: SQL statements per request (${opts.repeats} requests each, in-process, not under load)`);
  const probe = await runProbe(url, opts.grants, ['service'], false);
  const probeCached = await runProbe(url, opts.grants, ['cached'], true);
  const sql = { ...probe.statements, ...probeCached.statements };
  const list = scenarios(probe.params);

  const service = await startService('service', url, false);
  const cached = await startService('service with APO_DATA_RESPONSE_CACHE=true', url, true);
  const s2 = await post(service.value, JSON.stringify({ query: GRANT_PAGE, variables: { first: 50 } }));
  if (s2.status !== 200 || s2.json.errors || s2.json.data?.grants?.nodes?.length !== 50) throw new Error(`S2's answer is not 50 grants: ${s2.text.slice(0, 500)}`);
  const answerFile = join(runDir, 's2-answer.json');
  writeFileSync(answerFile, s2.bytes);
  const listening = (out) => {
    const m = /listening (\d+)/.exec(out);
    return m ? `http://127.0.0.1:${m[1]}/graphql` : undefined;
  };
  const raw = await startChild('S0a (raw node:http)', join(import.meta.dirname, 'children', 'raw-http.mjs'), [answerFile], { ready: listening });
  const graphqljs = await startChild('S0b (graphql-js)', join(import.meta.dirname, 'children', 'graphql-js.mjs'), [join(ROOT, 'schema', 'schema.graphql'), answerFile], { ready: listening });
  // S0b must give the very answer it stands in for.
  const s0b = await post(graphqljs.value, JSON.stringify({ query: GRANT_PAGE, variables: { first: 50 } }));
  if (JSON.stringify(s0b.json) !== JSON.stringify(s2.json)) throw new Error(`S0b's answer differs from the service's: ${s0b.text.slice(0, 500)}`);
  const targets = { raw, graphqljs, service, cached };

  const total = list.length * opts.concurrencies.length;
  log(`${opts.database}, ${opts.grants.toLocaleString('en-US')} grants, ${total} runs of ${opts.warmupS} s warm-up + ${opts.durationS} s: about ${Math.ceil((total * (opts.warmupS + opts.durationS + 0.5)) / 60)} min`);
  const results = [];
  for (const c of opts.concurrencies) {
    for (const s of list) {
      const r = await measure(s, targets[s.target], c);
      r.sqlStatementsPerRequest = s.target === 'raw' || s.target === 'graphqljs' ? 0 : sql[s.id] ?? null;
      results.push(r);
      log(`${s.id} c=${c}: ${r.requestsPerSecond} req/s, p50 ${r.latencyMs.p50} ms, errors ${r.errors.total}`);
    }
  }
  for (const r of results) {
    const at = (id) => results.find((x) => x.scenario === id && x.concurrency === r.concurrency)?.requestsPerSecond;
    r.ratio = { toS0a: round(r.requestsPerSecond / at('S0a'), 6), toS0b: round(r.requestsPerSecond / at('S0b'), 6) };
  }
  const derived = derive(results, sql, probe.params);
  const report = { meta: meta(probe.params), results, derived, probeErrors: { ...probe.errors, ...probeCached.errors } };
  printTable(report);
  return report;
}

function derive(results, sql, params) {
  const by = (id, c) => results.find((r) => r.scenario === id && r.concurrency === c);
  return {
    s2PageSizes: {
      sqlStatementsPerRequest: { 5: sql['S2/5'] ?? null, 50: sql.S2 ?? null, 100: sql['S2/100'] ?? null },
      latency100vs5: opts.concurrencies.map((c) => ({
        concurrency: c,
        p50Ms: { 5: by('S2/5', c).latencyMs.p50, 100: by('S2/100', c).latencyMs.p50 },
        p50Ratio: round(by('S2/100', c).latencyMs.p50 / by('S2/5', c).latencyMs.p50, 2),
        meanRatio: round(by('S2/100', c).latencyMs.mean / by('S2/5', c).latencyMs.mean, 2),
      })),
    },
    s6DeepPage: {
      page: params.deepPage,
      latencyVsPage1: opts.concurrencies.map((c) => ({
        concurrency: c,
        p50Ms: { page1: by('S6/1', c).latencyMs.p50, deep: by('S6', c).latencyMs.p50 },
        p50Ratio: round(by('S6', c).latencyMs.p50 / by('S6/1', c).latencyMs.p50, 2),
        meanRatio: round(by('S6', c).latencyMs.mean / by('S6/1', c).latencyMs.mean, 2),
      })),
    },
  };
}

/** Latency against page size (S2's query, 5/20/50/100) and table size, one service per table size. */
async function scaling(database) {
  const cells = [];
  const c = opts.concurrencies[0];
  for (const grants of opts.sizes) {
    const url = await database(grants);
    const service = await startService(`service (${grants} grants)`, url, false);
    for (const first of opts.pageSizes) {
      const { query, variables } = scalingRequest(first);
      const r = await measure({ id: `S2/${first}`, label: `S2 with ${first} grants`, query, variables }, service, c);
      cells.push({ grants, pageSize: first, ...r });
      log(`${grants} grants, page size ${first}: p50 ${r.latencyMs.p50} ms, ${r.requestsPerSecond} req/s`);
    }
    await service.stop();
  }
  const report = { meta: meta({}), cells };
  const header = ['page size', ...opts.sizes.map((n) => `${fmtInt(n)} grants: p50 / p99 ms (req/s)`)];
  const rows = opts.pageSizes.map((first) => [
    String(first),
    ...opts.sizes.map((grants) => {
      const cell = cells.find((x) => x.grants === grants && x.pageSize === first);
      return `${ms(cell.latencyMs.p50)} / ${ms(cell.latencyMs.p99)} (${fmt(cell.requestsPerSecond)})${cell.errors.total ? ` ${cell.errors.total} errors` : ''}`;
    }),
  ]);
  console.log(`\napo-data bench --scaling: ${describe(report.meta)}, concurrency ${c}, ${opts.durationS} s per cell\n`);
  console.log(markdown(header, rows));
  return report;
}

/**
 * One scenario at one concurrency: a sampled answer (timed), a warm-up, the measured run, a sampled answer
 * again. A run for a fixed time counts only the requests that finished in it; when one request takes so long
 * that the connections would finish fewer than 4 rounds in that time (a scan of a million rows at c=16),
 * the run is a fixed count instead, 2 requests per connection, so the queue is measured rather than cut
 * off (bounded all the same: stopped after max(60 s, 6 x duration, 3 x 2c x one request), the unfinished
 * counted as timeouts).
 */
async function measure(s, target, c) {
  const body = JSON.stringify({ query: s.query, variables: s.variables });
  let capS = Math.max(60, opts.durationS * 6);
  const load = (run) => {
    const tracker = autocannon({
      url: target.value,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(s.encoding ? { 'accept-encoding': s.encoding } : {}) },
      body,
      connections: c,
      ...run,
      // A slow scenario at high concurrency queues; a timeout is an error, so allow for the queue.
      timeout: capS,
    });
    const timer = setTimeout(() => tracker.stop(), (capS + 5) * 1000);
    // autocannon ends a fixed-count run on its next 1 s tick: time it up to the last answer instead.
    const start = performance.now();
    let last = start;
    if (run.amount) tracker.on('response', () => (last = performance.now()));
    return tracker.then((r) => {
      clearTimeout(timer);
      if (run.amount && r.requests.total > 0) r.duration = (last - start) / 1000;
      return r;
    });
  };
  const started = performance.now();
  const before = await post(target.value, body, s.encoding);
  const singleMs = performance.now() - started;
  const counted = (opts.durationS * 1000) / Math.max(singleMs, 0.01) < 4 * c;
  // 2c requests served one after another take 2c x one request; allow three times that before calling it a timeout.
  if (counted) capS = Math.max(capS, Math.ceil((3 * 2 * c * singleMs) / 1000));
  if (opts.warmupS > 0 && !counted) await load({ duration: opts.warmupS });
  const peakResettable = resetPeakRss(target.pid);
  const r = await load(counted ? { amount: 2 * c } : { duration: opts.durationS });
  const peak = peakRssKiB(target.pid);
  const after = await post(target.value, body, s.encoding);
  const graphql = [before, after].filter((x) => x.status !== 200 || !x.json || x.json.errors || !x.json.data).length;
  if (graphql) log(`${s.id}: sampled answer with errors: ${(before.json?.errors ? before : after).text.slice(0, 300)}`);
  const unfinished = counted ? Math.max(0, 2 * c - r.requests.total - r.errors) : 0;
  return {
    scenario: s.id,
    label: s.label,
    concurrency: c,
    requestsPerSecond: round(r.requests.total / r.duration, 1),
    requests: r.requests.total,
    durationS: round(r.duration, 2),
    run: counted ? { kind: 'fixed count', requests: 2 * c, singleRequestMs: round(singleMs, 1) } : { kind: 'fixed time', seconds: opts.durationS },
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, mean: round(r.latency.mean, 2), max: r.latency.max },
    answerBytes: before.bytes.length,
    errors: {
      total: r.errors + r.non2xx + graphql + unfinished,
      non2xx: r.non2xx,
      transport: r.errors - r.timeouts,
      timeouts: r.timeouts + unfinished,
      graphqlInSample: graphql,
    },
    peakRssMiB: round(peak / 1024, 1),
    peakRssScope: peakResettable ? 'this run' : 'since the process started',
  };
}

function printTable(report) {
  const header = ['scenario', 'what', 'c', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'SQL/req', 'peak RSS MiB', 'vs S0a', 'vs S0b'];
  const rows = report.results.map((r) => [
    r.scenario, r.label, String(r.concurrency), fmt(r.requestsPerSecond), ms(r.latencyMs.p50), ms(r.latencyMs.p99), `${fmtInt(r.requests)}${r.run.kind === 'fixed count' ? '*' : ''}`,
    String(r.errors.total), r.sqlStatementsPerRequest == null ? '?' : fmt(r.sqlStatementsPerRequest), fmt(r.peakRssMiB), ratio(r.ratio.toS0a), ratio(r.ratio.toS0b),
  ]);
  console.log(`\napo-data bench: ${describe(report.meta)}, ${opts.durationS} s per scenario after ${opts.warmupS} s warm-up\n`);
  console.log(markdown(header, rows));
  if (report.results.some((r) => r.run.kind === 'fixed count')) {
    console.log('\n* a fixed count of 2 requests per connection instead of a fixed time: one request takes too long for the time given');
  }
  const d = report.derived;
  const sql = d.s2PageSizes.sqlStatementsPerRequest;
  console.log(`\nS2 at page size 5 / 50 / 100: ${fmt(sql[5])} / ${fmt(sql[50])} / ${fmt(sql[100])} SQL statements per request; ` +
    `latency of 100 vs 5: ${d.s2PageSizes.latency100vs5.map((x) => `${times(x.p50Ratio)} p50, ${times(x.meanRatio)} mean (c=${x.concurrency})`).join('; ')}`);
  console.log(`S6 page ${fmtInt(d.s6DeepPage.page)} vs page 1: ` +
    d.s6DeepPage.latencyVsPage1.map((x) => `p50 ${fmt(x.p50Ms.deep)} vs ${fmt(x.p50Ms.page1)} ms = ${times(x.p50Ratio)}, ${times(x.meanRatio)} mean (c=${x.concurrency})`).join('; '));
  for (const c of [...new Set(report.results.map((r) => r.concurrency))]) {
    const at = (id) => report.results.find((r) => r.scenario === id && r.concurrency === c);
    const [plain, gz, br] = ['S3', 'S3gz', 'S3br'].map(at);
    if (plain && gz && br) {
      console.log(`compression of S3's answer (c=${c}): gzip ${(gz.answerBytes / plain.answerBytes).toFixed(2)} and br ${(br.answerBytes / plain.answerBytes).toFixed(2)} of the bytes, ` +
        `at ${(gz.requestsPerSecond / plain.requestsPerSecond).toFixed(2)} and ${(br.requestsPerSecond / plain.requestsPerSecond).toFixed(2)} of the requests/s`);
    }
  }
  console.log(`load average ${report.meta.loadAverage.before.map((x) => x.toFixed(1)).join(' ')} before, ${report.meta.loadAverage.after.map((x) => x.toFixed(1)).join(' ')} after (${report.meta.cpus} CPUs)`);
}

function meta(params) {
  return {
    date: new Date().toISOString(),
    database: opts.database,
    grants: args.scaling ? opts.sizes : opts.grants,
    seed: opts.seed,
    concurrencies: opts.concurrencies,
    durationS: opts.durationS,
    warmupS: opts.warmupS,
    statementRepeats: opts.repeats,
    quick,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    loadAverage: { before: loadBefore, after: loadavg() },
    deepPage: params.deepPage ?? null,
  };
}

function describe(m) {
  return `${m.database}, ${Array.isArray(m.grants) ? m.grants.map(fmtInt).join(' / ') : fmtInt(m.grants)} synthetic grants (seed ${m.seed}), Node ${m.node}, ${m.cpus} CPUs`;
}

/** The statement probe, in its own process (children/probe.mjs); resolves to its report. */
async function runProbe(url, grants, targets, cache) {
  const name = cache ? 'cached' : 'plain';
  const input = join(runDir, `probe-${name}-in.json`);
  const output = join(runDir, `probe-${name}-out.json`);
  writeFileSync(input, JSON.stringify({ grants, targets, repeats: opts.repeats }));
  await runToExit(`statement probe (${name})`, join(import.meta.dirname, 'children', 'probe.mjs'), [input, output], {
    env: serviceEnv(url, cache),
    timeoutMs: 600_000,
    quiet: true,
  });
  return JSON.parse(readFileSync(output, 'utf8'));
}

function serviceEnv(url, cache) {
  return { NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', DATABASE_URL: url, APO_DATA_DIR: runDir, APO_DATA_RESPONSE_CACHE: String(cache) };
}

/** The built service as `npm start` runs it, in production mode; ready when /readyz answers 200. */
async function startService(name, url, cache) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  return startChild(name, join(DIST, 'main.js'), [], {
    env: { ...serviceEnv(url, cache), PORT: String(port) },
    supervised: true,
    timeoutMs: 180_000,
    ready: async () => {
      const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
      return ok ? `${base}/graphql` : undefined;
    },
  });
}

/** One POST as autocannon sends it (with `accept-encoding` only when given): status, bytes on the wire, parsed JSON. */
function post(url, body, encoding) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(encoding ? { 'accept-encoding': encoding } : {}) };
    const req = request(url, { method: 'POST', headers, timeout: 120_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const decoded = { gzip: gunzipSync, br: brotliDecompressSync }[res.headers['content-encoding']]?.(bytes) ?? bytes;
        const text = decoded.toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode, bytes, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in 120 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

function markdown(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = header.map((_, i) => rows.every((r) => /^[\d\s.?x<*-]*$/.test(r[i])));
  const cell = (v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]));
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** A ratio as `1.2x`; `n/a` when it has no value (both latencies under a millisecond, say). */
function times(x) {
  return x == null ? 'n/a' : `${x}x`;
}

function round(x, digits) {
  if (x == null || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
/** Thousands with a thin space-like separator, as the README writes them: 1 000 000. */
function fmtInt(n) {
  return n == null ? '?' : Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');
}
function fmt(x) {
  if (x == null || !Number.isFinite(x)) return '?';
  if (Math.abs(x) >= 100) return fmtInt(x);
  if (Math.abs(x) >= 10) return String(Math.round(x * 10) / 10);
  return String(Math.round(x * 100) / 100);
}
/** autocannon's latencies are whole milliseconds: 0 means under 1 ms. */
function ms(x) {
  return x === 0 ? '<1' : fmt(x);
}
function ratio(x) {
  if (x == null) return '?';
  return x >= 0.1 ? x.toFixed(2) : x >= 0.01 ? x.toFixed(3) : x.toPrecision(2);
}
