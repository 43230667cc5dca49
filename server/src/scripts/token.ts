import { parseArgs } from 'node:util';
import { UniqueConstraintViolationException, type MikroORM } from '@mikro-orm/core';
import { prepareDatabase } from '../db/prepare';
import { ScriptError } from '../errors';
import type { ApiToken } from '../modules/auth/api-token.entity';
import { ApiRole, parseRole } from '../modules/auth/auth.types';
import { findTokenByName, issueToken, listTokens, revokeToken, tokenNameProblem } from '../modules/auth/token.service';
import { openDatabase, run } from './cli';

const ROLES = Object.values(ApiRole).map((r) => r.toLowerCase());
const USAGE = `npm run token -- create --name NAME --role ${ROLES.join('|')} | list | revoke NAME [--database-url URL]`;

/** A usage error: one line, with the usage on it. */
const badArguments = (message: string) => new ScriptError('BAD_ARGUMENTS', `${message} Usage: ${USAGE}`);

/**
 * `npm run token`: creates, lists and revokes API tokens in the service's database (DATABASE_URL, APO_DATA_DIR or
 * --database-url), also while the service runs: it looks tokens up on every request. `create` prints the new
 * token alone on its last line of output, for scripts to read; the token is never stored or shown again.
 */
run('token', async () => {
  const { values, positionals } = parseCommand();
  const [command, ...operands] = positionals;
  if (command === 'create') {
    if (operands.length) throw badArguments(`create takes no operand; got ${operands.join(' ')}.`);
    const name = checkedName(values.name);
    const role = checkedRole(values.role);
    await withDatabase(values['database-url'], true, (orm) => create(orm, name, role));
  } else if (command === 'list') {
    if (operands.length || values.name !== undefined || values.role !== undefined) throw badArguments('list takes no operand or option but --database-url.');
    await withDatabase(values['database-url'], false, list);
  } else if (command === 'revoke') {
    if (operands.length !== 1 || values.role !== undefined || values.name !== undefined) throw badArguments('revoke takes the name of one token.');
    await withDatabase(values['database-url'], false, (orm) => revoke(orm, operands[0]));
  } else {
    throw badArguments(command ? `Unknown command ${JSON.stringify(command)}.` : 'Give a command: create, list or revoke.');
  }
});

function parseCommand() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: { name: { type: 'string' }, role: { type: 'string' }, 'database-url': { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw badArguments((err as Error).message);
  }
}

function checkedName(raw: string | undefined): string {
  if (raw === undefined) throw badArguments('--name is required.');
  const name = raw.trim();
  const problem = tokenNameProblem(name);
  if (problem) throw new ScriptError('BAD_ARGUMENTS', problem);
  return name;
}

function checkedRole(raw: string | undefined): ApiRole {
  if (raw === undefined) throw badArguments('--role is required.');
  const role = parseRole(raw);
  if (!role) throw new ScriptError('BAD_ARGUMENTS', `Unknown role ${JSON.stringify(raw)}: use ${ROLES.slice(0, -1).join(', ')} or ${ROLES.at(-1)}.`);
  return role;
}

/**
 * Opens and migrates the database, runs `work`, closes it. `create` may start a database the service has not yet
 * (a first token before the first start); `list` and `revoke` refuse a SQLite file that does not exist.
 */
async function withDatabase(databaseUrl: string | undefined, mayCreate: boolean, work: (orm: MikroORM) => Promise<void>) {
  const orm = await openDatabase(databaseUrl, { mustExist: !mayCreate });
  try {
    await prepareDatabase(orm, { seed: false });
    await work(orm);
  } finally {
    await orm.close();
  }
}

async function create(orm: MikroORM, name: string, role: ApiRole) {
  const em = orm.em.fork();
  const taken = await findTokenByName(em, name);
  if (taken) throw nameTaken(taken);
  const { token, record } = await issueToken(em, name, role).catch(async (err: unknown) => {
    // Another `create` of the same name got in between the check and the insert.
    if (err instanceof UniqueConstraintViolationException) throw nameTaken((await findTokenByName(orm.em.fork(), name))!);
    throw err;
  });
  console.log(`token: created the ${record.role} token "${record.name}". It is shown only this once, on the next line: keep it now.`);
  console.log(token);
}

const nameTaken = (token: ApiToken) =>
  new ScriptError('NAME_TAKEN', `A token named "${token.name}" already exists${token.revokedAt ? ` (revoked at ${token.revokedAt.toISOString()})` : ''}: choose another name.`);

async function list(orm: MikroORM) {
  const tokens = await listTokens(orm.em.fork());
  if (!tokens.length) {
    console.log('token: no API tokens yet.');
    return;
  }
  const rows = [['name', 'role', 'created', 'revoked'], ...tokens.map((t) => [t.name, t.role, t.createdAt.toISOString(), t.revokedAt?.toISOString() ?? '-'])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

async function revoke(orm: MikroORM, name: string) {
  const em = orm.em.fork();
  const token = await findTokenByName(em, name.trim());
  if (!token) throw new ScriptError('TOKEN_NOT_FOUND', `No token named ${JSON.stringify(name)}: \`npm run token -- list\` lists them.`);
  if (token.revokedAt) {
    console.log(`token: "${token.name}" was already revoked at ${token.revokedAt.toISOString()}.`);
    return;
  }
  await revokeToken(em, token);
  console.log(`token: revoked the ${token.role} token "${token.name}": every request with it is refused from now on.`);
}
