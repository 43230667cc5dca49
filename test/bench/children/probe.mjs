// The statement probe: a short, separate run (not under load) of the built service in-process, through
// `createApp(config, { onQuery })` and Fastify's `inject`. It works out the scenarios' parameters (a grant
// ID, the cursor of a row deep in the list, read with SQL and encoded with the server's own encoder) and
// counts the SQL statements per request: each scenario once to warm up, then `repeats` times, divided.
// Usage: node probe.mjs <input.json> <output.json>; configuration from the environment, like the service.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { deepPage, scenarios, S6_PAGE_SIZE } from '../lib/scenarios.mjs';

const dist = join(import.meta.dirname, '..', '..', '..', 'server', 'dist');
const require = createRequire(join(dist, 'main.js'));
const { createApp } = require(join(dist, 'app.js'));
const { loadConfig } = require(join(dist, 'config.js'));
const { encodeCursor } = require(join(dist, 'shared', 'connection', 'cursor.js'));
const { planPage } = require(join(dist, 'shared', 'connection', 'page-plan.js'));
const { toGlobalId } = require(join(dist, 'shared', 'global-id.js'));
const { GrantOrder } = require(join(dist, 'modules', 'grant', 'grant.inputs.js'));

const [inputFile, outputFile] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputFile, 'utf8'));
process.stdin.on('end', () => process.exit(70)).resume();

const config = loadConfig();
let statements = 0;
const app = await createApp(config, { onQuery: () => statements++ });
try {
  const params = await parameters();
  const counted = {};
  const errors = {};
  for (const s of scenarios(params).filter((x) => input.targets.includes(x.target))) {
    const first = await ask(s.query, s.variables);
    if (first.errors) errors[s.id] = first.errors;
    if (s.id === 'S6') checkDeepPage(first, params);
    const before = statements;
    for (let i = 0; i < input.repeats; i++) await ask(s.query, s.variables);
    counted[s.id] = (statements - before) / input.repeats;
  }
  writeFileSync(outputFile, JSON.stringify({ params, statements: counted, errors, repeats: input.repeats }));
} finally {
  await app.close();
}
process.exit(0);

async function ask(query, variables) {
  const res = await app.http.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query, variables }) });
  const body = JSON.parse(res.body);
  if (res.statusCode !== 200 && !body.errors) body.errors = [{ message: `HTTP ${res.statusCode}` }];
  return body;
}

/** A grant in the middle of the synthetic ones, and the cursor after which page `deepPage` of the default order starts. */
async function parameters() {
  const page = deepPage(input.grants);
  const plan = planPage({ first: S6_PAGE_SIZE }, null, GrantOrder.defaultOrder);
  // The default order (awardedOn DESC, id DESC; nulls first descending), written out as SQL: the test
  // below checks that the server's page after this row starts where this SQL says it does.
  if (plan.signature !== 'awardedOn:DESC,id:DESC') throw new Error(`the grants' default order changed to ${plan.signature}; update probe.mjs`);
  const day = config.database.kind === 'postgresql' ? "to_char(awarded_on, 'YYYY-MM-DD')" : 'awarded_on';
  const sql = `select id, ${day} as "awardedOn" from funding_grant order by awarded_on desc nulls first, id desc limit 2 offset ?`;
  const rows = await app.orm.em.getConnection().execute(sql, [(page - 1) * S6_PAGE_SIZE - 1]);
  if (rows.length < 2) throw new Error(`the table has fewer than ${(page - 1) * S6_PAGE_SIZE + 1} grants`);
  const middle = `synth-grant-${String(Math.floor(input.grants / 2)).padStart(7, '0')}`;
  return {
    grantId: toGlobalId('FundingGrant', middle),
    deepPage: page,
    deepCursor: encodeCursor(plan.keys, rows[0], plan.signature),
    deepFirstId: toGlobalId('FundingGrant', rows[1].id),
  };
}

function checkDeepPage(answer, params) {
  const got = answer.data?.grants?.nodes?.[0]?.id;
  if (got !== params.deepFirstId) throw new Error(`S6's page ${params.deepPage} starts at ${got}, not at ${params.deepFirstId} as the SQL says`);
}
