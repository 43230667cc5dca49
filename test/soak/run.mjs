// `npm run soak`: a mixed read/write load on the built service (server/dist, NODE_ENV=production, rate limits
// off, started as a child process) for a set time, measured with autocannon over 127.0.0.1. Each connection
// goes round the analysts' saved queries (server/ide/queries), pages of grants and programs, and an editor's
// create -> read -> update -> delete of a grant. Prints, per interval, requests, errors and p99 latency, and
// the service's resident memory after the warm-up and at the end (each the lowest of 1 s samples in the first and
// the last quarter of the run: the level the collector brings it back to); exits 1 on any error or when the
// memory at the end is more than --max-growth above its level after the warm-up (issue #12, item 9).
//
//   npm run soak                        10 minutes on SQLite (the bundled dataset and 10 000 synthetic grants)
//   npm run soak -- --minutes 1         a shorter run
//   npm run soak -- --postgres          the same on an embedded PostgreSQL
//   options: --minutes M --interval S --warmup S --connections N --grants N --max-growth 0.10 --heap-mib 256 (0: V8's
//            default heap) --out FILE --time-limit MINUTES
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sqliteDatabase, startPostgres } from '../bench/lib/datasets.mjs';
import { cleanUp, DIST, freePort, installExitHandlers, removeOnCleanup, ROOT, startChild, sweepStale } from '../bench/lib/processes.mjs';

const USAGE = 'Usage: npm run soak -- [--minutes M] [--postgres] [--interval S] [--warmup S] [--connections N] [--grants N] [--max-growth F] [--heap-mib N] [--out FILE] [--time-limit MINUTES]';

const args = (() => {
  try {
    return parseArgs({
      options: {
        minutes: { type: 'string', default: '10' },
        postgres: { type: 'boolean', default: false },
        interval: { type: 'string', default: '30' },
        warmup: { type: 'string' },
        connections: { type: 'string', default: '4' },
        grants: { type: 'string', default: '10000' },
        'max-growth': { type: 'string', default: '0.10' },
        'heap-mib': { type: 'string', default: '256' },
        out: { type: 'string' },
        'time-limit': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`soak: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
})();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const number = (name, { min = 0, integer = false } = {}) => {
  const x = Number(args[name]);
  if (!Number.isFinite(x) || x < min || (integer && !Number.isInteger(x))) {
    console.error(`soak: --${name} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}; got ${args[name]}\n${USAGE}`);
    process.exit(2);
  }
  return x;
};
const opts = {
  database: args.postgres ? 'postgresql' : 'sqlite',
  seconds: number('minutes', { min: 0.05 }) * 60,
  intervalS: number('interval', { min: 1 }),
  connections: number('connections', { min: 1, integer: true }),
  grants: number('grants', { integer: true }),
  // Below 0 no run can pass: the soak's own test uses that to see the verdict follow the figures.
  maxGrowth: number('max-growth', { min: -1 }),
  heapMiB: number('heap-mib', { integer: true }),
};
// The warm-up (JIT, pools, the response cache, the heap growing to its working size, which takes V8 a minute
// or two under this load) is not judged: a fifth of the run, at least 5 s, at most 120 s.
opts.warmupS = args.warmup === undefined ? Math.min(120, Math.max(5, opts.seconds / 5)) : number('warmup');
const timeLimitMs = (args['time-limit'] === undefined ? opts.seconds / 60 + 10 : number('time-limit', { min: 0.1 })) * 60_000;
const log = (line) => console.error(`soak: ${line}`);

/** The analysts' saved queries that only read (the two edits need records of their own: the grant cycle does that). */
function savedQueries() {
  const dir = join(ROOT, 'server', 'ide', 'queries');
  return readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort().flatMap((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    // The operation's keyword, after the header comments (a field may be called `mutation` too).
    if (/^\s*mutation\b/.test(text.replace(/^#.*$/gm, ''))) return [];
    const variables = /^#\s*variables:\s*(.*)$/m.exec(text)?.[1];
    return [{ name: file.replace(/\.graphql$/, ''), query: text.replace(/^#.*$/gm, '').trim(), variables: variables ? JSON.parse(variables) : undefined }];
  });
}

const GRANT = 'id version title mechanism status amount { amount currency } donor { name }';

/**
 * One connection's round: every saved query, two list pages, and a grant's whole life (created, read,
 * updated, deleted) as the editor. The grant's ID and version pass from answer to request in `context`.
 */
function round(editor, donorId) {
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${editor}` };
  const plain = { 'content-type': 'application/json' };
  const read = (name, query, variables) => ({ name, method: 'POST', path: '/graphql', headers: plain, body: JSON.stringify({ query, variables }) });
  const edit = (name, build, keep) => ({
    name,
    method: 'POST',
    path: '/graphql',
    headers: auth,
    // No grant to work on (its creation failed, already counted): start the round again.
    setupRequest: (req, context) => {
      const body = build(context);
      return body ? { ...req, body: JSON.stringify(body) } : null;
    },
    keep,
  });
  const payload = (field) => (json, context) => {
    const p = json.data?.[field];
    if (!p || p.userErrors?.length) return `${field}: ${JSON.stringify(p?.userErrors ?? json).slice(0, 300)}`;
    if (p.grant) Object.assign(context, { id: p.grant.id, version: p.grant.version });
    return null;
  };
  return [
    ...savedQueries().map((q) => read(q.name, q.query, q.variables)),
    read('grants page', `query ($first: Int) { grants(first: $first, orderBy: [{ field: AWARDED_ON, direction: DESC }]) { totalCount edges { cursor node { ${GRANT} program { code } } } pageInfo { endCursor hasNextPage } } }`, { first: 50 }),
    read('programs page', '{ programs(first: 20) { nodes { code title status startDate endDate grants(first: 5) { nodes { title amount { amount currency } } } } } }'),
    edit('createGrant', (c) => ({
      query: `mutation ($input: CreateGrantInput!) { createGrant(input: $input) { grant { ${GRANT} } userErrors { field message code } } }`,
      variables: { input: { title: `Soak grant ${c.round = (c.round ?? 0) + 1}`, donor: donorId, status: 'PLANNED', mechanism: 'Soak test', amount: { amount: '1000.00', currency: 'USD' } } },
    }), payload('createGrant')),
    edit('read the grant', (c) => c.id && { query: `query ($id: ID!) { grant(id: $id) { ${GRANT} } }`, variables: { id: c.id } }, (json) => (json.data?.grant?.id ? null : `grant: ${JSON.stringify(json).slice(0, 300)}`)),
    edit('updateGrant', (c) => c.id && {
      query: `mutation ($input: UpdateGrantInput!) { updateGrant(input: $input) { grant { ${GRANT} } userErrors { field message code } } }`,
      variables: { input: { id: c.id, version: c.version, status: 'ACTIVE', amount: { amount: '1250.50', currency: 'USD' } } },
    }, payload('updateGrant')),
    edit('deleteGrant', (c) => c.id && {
      query: 'mutation ($input: DeleteGrantInput!) { deleteGrant(input: $input) { deletedId userErrors { field message code } } }',
      variables: { input: { id: c.id, version: c.version } },
    }, (json, context) => {
      const p = json.data?.deleteGrant;
      context.id = undefined;
      return p?.deletedId ? null : `deleteGrant: ${JSON.stringify(p?.userErrors ?? json).slice(0, 300)}`;
    }),
  ];
}

/** Errors in answers, counted by the requests' onResponse: a status other than 200, GraphQL errors, user errors. */
const answerErrors = { count: 0, samples: [] };
/** Answers by request name, so the report shows the mix that ran. */
const answered = {};

function withChecks(requests) {
  return requests.map(({ name, keep, ...req }) => ({
    ...req,
    onResponse: (status, body, context) => {
      answered[name] = (answered[name] ?? 0) + 1;
      let problem = status === 200 ? null : `HTTP ${status}`;
      let json = null;
      try {
        json = JSON.parse(body);
      } catch {
        problem ??= `not JSON: ${String(body).slice(0, 200)}`;
      }
      if (!problem && json?.errors?.length) problem = JSON.stringify(json.errors).slice(0, 300);
      if (!problem && keep) problem = keep(json, context);
      if (problem) {
        answerErrors.count++;
        if (answerErrors.samples.length < 10) answerErrors.samples.push(`${name}: ${problem}`);
      }
    },
  }));
}

/** One stretch of load; resolves to autocannon's result. */
function load(url, requests, seconds) {
  const tracker = autocannon({ url, connections: opts.connections, duration: seconds, requests, timeout: 30 });
  return tracker;
}

/**
 * Resident memory sampled every second. The garbage collector makes it a sawtooth (100 MiB and more, a full
 * collection only every minute or two under this load), so a "level" is the lowest sample of a long window,
 * the memory left after the collections in it: the floor a leak would raise. The report gives the median beside it.
 */
function sampleRss(pid) {
  const samples = [];
  const started = performance.now();
  const timer = setInterval(() => samples.push({ s: (performance.now() - started) / 1000, mib: rssMiB(pid) }), 1000);
  return {
    now: () => (performance.now() - started) / 1000,
    /** The level (lowest) and median of the samples taken from `from` s to `to` s. */
    window(from, to) {
      const w = samples.filter((x) => x.s >= from && x.s <= to && Number.isFinite(x.mib)).map((x) => x.mib).sort((a, b) => a - b);
      return { levelMiB: round1(w[0] ?? rssMiB(pid)), medianMiB: round1(w[Math.floor(w.length / 2)] ?? rssMiB(pid)), samples: w.length };
    },
    stop: () => clearInterval(timer),
  };
}

/** Resident memory of a process in MiB (VmRSS). */
function rssMiB(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}

const round1 = (x) => Math.round(x * 10) / 10;

async function soak() {
  sweepStale(tmpdir(), 'apo-data-bench-');
  const runDir = mkdtempSync(join(tmpdir(), 'apo-data-bench-run-'));
  writeFileSync(join(runDir, 'owner'), String(process.pid));
  removeOnCleanup(runDir);
  const postgres = opts.database === 'postgresql' ? await startPostgres({ log }) : null;
  const databaseUrl = postgres ? await postgres.database({ grants: opts.grants, seed: 1 }) : await sqliteDatabase({ grants: opts.grants, seed: 1, runDir, log });
  const token = (name, role) => execFileSync(process.execPath, [join(DIST, 'scripts', 'token.js'), 'create', '--name', name, '--role', role], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' }).trimEnd().split('\n').at(-1);
  const editor = token(`soak-editor-${process.pid}`, 'editor');

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: databaseUrl, APO_DATA_DIR: runDir, RATE_LIMIT_ENABLED: 'false' };
  // A heap cap, as a production deployment sets one (--heap-mib 0: V8's default). Without one V8 grows its heap for
  // minutes before it settles (PostgreSQL, 10 minutes: +60% by minute 5, flat after), which reads as a leak.
  if (opts.heapMiB > 0) env.NODE_OPTIONS = `--max-old-space-size=${opts.heapMiB}`;
  const service = await startChild('service', join(DIST, 'main.js'), [], {
    env,
    supervised: true,
    timeoutMs: 180_000,
    ready: async () => ((await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) ? `${base}/graphql` : undefined),
  });
  const donor = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ organizations(first: 1, filter: { name: "Japan" }) { nodes { id name } } }' }) }).then((r) => r.json());
  const donorId = donor.data?.organizations?.nodes?.[0]?.id;
  if (!donorId) throw new Error(`no donor organization to create grants with: ${JSON.stringify(donor).slice(0, 500)}`);
  const requests = withChecks(round(editor, donorId));
  log(`${opts.database}, ${opts.grants} synthetic grants; ${requests.length} requests a round, ${opts.connections} connections; ${opts.warmupS} s warm-up, then ${opts.seconds} s in intervals of ${opts.intervalS} s`);

  const errorsOf = (r) => r.errors + r.non2xx;
  const rss = sampleRss(service.pid);
  const warm = await load(service.value, requests, opts.warmupS);
  const warmupErrors = errorsOf(warm) + answerErrors.count;
  const warmEnd = rss.now();
  log(`warm-up: ${warm.requests.total} requests, ${warmupErrors} errors`);

  const intervals = [];
  for (let elapsed = 0; elapsed < opts.seconds - 0.5; elapsed += opts.intervalS) {
    const seconds = Math.min(opts.intervalS, opts.seconds - elapsed);
    const before = answerErrors.count;
    const t0 = rss.now();
    const r = await load(service.value, requests, seconds);
    const row = {
      fromS: round1(elapsed),
      seconds: round1(seconds),
      requests: r.requests.total,
      requestsPerSecond: round1(r.requests.total / r.duration),
      errors: errorsOf(r) + (answerErrors.count - before),
      timeouts: r.timeouts,
      latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
      rssMiB: rss.window(t0, rss.now()).levelMiB,
    };
    intervals.push(row);
    log(`${row.fromS}-${round1(elapsed + seconds)} s: ${row.requests} requests, ${row.errors} errors, p99 ${row.latencyMs.p99} ms, RSS ${row.rssMiB} MiB`);
  }
  // The levels after the warm-up and at the end: the first and the last quarter of the measured time (at least
  // 30 s each when the run allows), long enough to hold several full collections, so a floor that rose is a leak.
  const end = rss.now();
  const span = Math.min((end - warmEnd) / 2, Math.max(30, (end - warmEnd) / 4));
  const afterWarmup = rss.window(warmEnd, warmEnd + span);
  const atEnd = rss.window(end - span, end);
  rss.stop();
  const alive = service.child.exitCode === null && service.child.signalCode === null;
  await service.stop();

  const errors = intervals.reduce((n, i) => n + i.errors, 0);
  const growth = atEnd.levelMiB / afterWarmup.levelMiB - 1;
  const report = {
    meta: { date: new Date().toISOString(), database: opts.database, grants: opts.grants, connections: opts.connections, heapMiB: opts.heapMiB, warmupS: opts.warmupS, seconds: opts.seconds, intervalS: opts.intervalS, maxGrowth: opts.maxGrowth, node: process.version },
    warmup: { requests: warm.requests.total, errors: warmupErrors },
    intervals,
    requests: intervals.reduce((n, i) => n + i.requests, 0),
    errors,
    errorSamples: answerErrors.samples,
    answered,
    rss: { afterWarmupMiB: afterWarmup.levelMiB, atEndMiB: atEnd.levelMiB, growth: Math.round(growth * 1000) / 1000, medianAfterWarmupMiB: afterWarmup.medianMiB, medianAtEndMiB: atEnd.medianMiB, windowS: Math.round(span) },
    serviceAlive: alive,
    passed: alive && errors === 0 && warmupErrors === 0 && growth <= opts.maxGrowth,
  };
  printReport(report);
  if (args.out) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

function printReport(r) {
  console.log(`\napo-data soak: ${r.meta.database}, ${r.meta.connections} connections, ${r.meta.seconds} s after a ${r.meta.warmupS} s warm-up\n`);
  console.log('| from s | requests | req/s | errors | p50 ms | p99 ms | max ms | RSS MiB |');
  console.log('|-------:|---------:|------:|-------:|-------:|-------:|-------:|--------:|');
  for (const i of r.intervals) console.log(`| ${i.fromS} | ${i.requests} | ${i.requestsPerSecond} | ${i.errors} | ${i.latencyMs.p50} | ${i.latencyMs.p99} | ${i.latencyMs.max} | ${i.rssMiB} |`);
  console.log(`\nerrors: ${r.errors} (warm-up: ${r.warmup.errors})${r.errorSamples.length ? `\n  ${r.errorSamples.join('\n  ')}` : ''}`);
  console.log(`RSS: ${r.rss.afterWarmupMiB} MiB after the warm-up, ${r.rss.atEndMiB} MiB at the end (${r.rss.growth >= 0 ? '+' : ''}${(r.rss.growth * 100).toFixed(1)}%, at most +${(r.meta.maxGrowth * 100).toFixed(0)}%; the lowest of 1 s samples in the first and the last ${r.rss.windowS} s; medians ${r.rss.medianAfterWarmupMiB} and ${r.rss.medianAtEndMiB} MiB)`);
  console.log(r.passed ? 'soak: passed' : `soak: FAILED${r.serviceAlive ? '' : ' (the service died)'}`);
}

const disarm = installExitHandlers(timeLimitMs);
try {
  readFileSync(join(DIST, 'main.js'));
} catch {
  console.error('soak: server/dist/main.js is missing; `npm run soak` builds it (npm run build).');
  process.exit(2);
}
try {
  const report = await soak();
  if (!report.passed) process.exitCode = 1;
} catch (err) {
  console.error(`soak: failed: ${err?.stack ?? err}`);
  process.exitCode = 1;
} finally {
  disarm();
  await cleanUp();
}
