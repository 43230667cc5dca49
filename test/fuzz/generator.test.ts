import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { problemsOf } from './checks';
import { nearlyValid, MUTATIONS } from './mutate';
import { randomOperation } from './operations';
import { parseSeed, Random } from './random';
import { HOSTILE_KINDS, RequestGenerator, type FuzzRequest } from './requests';
import { EnumName, HUGE_NUMBERS, RawNumber, toJson, toLiteral, type ValuePool } from './values';

// The fuzzer's own parts, without a server: that a seed replays, that the mix is what it claims to be
// (valid requests are valid, nearly valid ones are not), and that the answer checks catch what they must.

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));
const POOL: ValuePool = {
  ids: { Country: [Buffer.from('Country:JP').toString('base64url')], FundingGrant: [Buffer.from('FundingGrant:g1').toString('base64url')] },
  cursors: [Buffer.from(JSON.stringify({ o: 'name:ASC,id:ASC', v: ['Japan', 'JP'] })).toString('base64url')],
  words: ['JP', 'Japan', 'GP2'],
};
const generate = (seed: number, n: number) => {
  const g = new RequestGenerator(seed, schema, POOL);
  return Array.from({ length: n }, (_, i) => g.at(i));
};
const bodyText = (r: FuzzRequest) => (r.body === undefined ? '' : r.body.toString());
/** The errors graphql-js finds in a JSON body's query (a parse error counts as one). */
function documentErrors(body: string): number {
  try {
    return validate(schema, parse((JSON.parse(body) as { query: string }).query)).length;
  } catch {
    return 1;
  }
}

describe('the seeded random source', () => {
  it('gives the same stream for the same seed, and another for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, ((r) => () => r.uint32())(new Random(seed)));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('reads decimal seeds as numbers and hashes any other text', () => {
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed('abc')).toBe(parseSeed('abc'));
    expect(parseSeed('abc')).not.toBe(parseSeed('abd'));
  });

  it('keeps to its ranges', () => {
    const r = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const x = r.int(-3, 3);
      expect(x).toBeGreaterThanOrEqual(-3);
      expect(x).toBeLessThanOrEqual(3);
    }
  });
});

describe('the request generator', () => {
  it('replays: the same seed gives the same requests, and request i does not depend on those before it', () => {
    const a = generate(123, 200).map(bodyText);
    expect(generate(123, 200).map(bodyText)).toEqual(a);
    expect(bodyText(new RequestGenerator(123, schema, POOL).at(150))).toBe(a[150]);
    expect(new Set(a).size).toBeGreaterThan(150);
    expect(generate(124, 200).map(bodyText)).not.toEqual(a);
  });

  const requests = generate(20261201, 3000);
  const ofKind = (prefix: string) => requests.filter((r) => r.kind === prefix || r.kind.startsWith(`${prefix}/`));

  it('mixes valid, nearly valid, hostile requests and mutations, every hostile kind and every token change among them', () => {
    for (const [kind, atLeast] of [['valid', 0.2], ['near', 0.12], ['hostile', 0.3], ['mutation', 0.07]] as const) {
      expect(ofKind(kind).length / requests.length, kind).toBeGreaterThan(atLeast);
    }
    for (const kind of HOSTILE_KINDS) expect(ofKind(`hostile/${kind}`).length, kind).toBeGreaterThan(0);
    for (const change of MUTATIONS) expect(ofKind(`near/${change}`).length, change).toBeGreaterThan(0);
    expect(ofKind('mutation').filter((r) => r.caller === 'editor').length / ofKind('mutation').length).toBeGreaterThan(0.8);
  });

  it('makes valid requests that graphql-js accepts against the schema, nearly all of them', () => {
    const valid = ofKind('valid');
    const ok = valid.filter((r) => documentErrors(bodyText(r)) === 0).length;
    expect(ok / valid.length).toBeGreaterThan(0.9);
  });

  it('makes nearly valid requests that graphql-js refuses, most of them', () => {
    const near = ofKind('near');
    const refused = near.filter((r) => documentErrors(bodyText(r)) > 0).length;
    expect(refused / near.length).toBeGreaterThan(0.75);
  });

  it('sends the hostile values it promises: huge numbers, odd Unicode, long strings, forged IDs, GETs and odd bodies', () => {
    const all = requests.map(bodyText).join('\n');
    for (const n of ['9007199254740992', '1e308', '-0']) expect(all).toContain(n);
    for (const s of ['\\u0000', '\\ud800', '\u202e', '👩‍👩‍👧‍👦']) expect(all).toContain(s);
    expect(requests.some((r) => Buffer.byteLength(bodyText(r)) > 100 * 1024)).toBe(true);
    expect(requests.some((r) => r.method === 'GET' && /mutation/.test(decodeURIComponent(r.search ?? '')))).toBe(true);
    expect(requests.some((r) => r.contentType === 'application/x-www-form-urlencoded')).toBe(true);
    expect(requests.some((r) => bodyText(r).startsWith('['))).toBe(true);
  });

  it('keeps every body under the 1 MB limit', () => {
    expect(Math.max(...requests.map((r) => (r.body === undefined ? 0 : Buffer.byteLength(r.body))))).toBeLessThanOrEqual(1_000_000);
  });

  it('takes IDs and cursors from the pool for valid requests', () => {
    const valid = ofKind('valid').map(bodyText).join('\n');
    expect(valid).toContain(POOL.ids.Country[0]);
  });
});

describe('operations and their values', () => {
  it('writes raw numbers and enum names as they are, in JSON and in GraphQL literals', () => {
    expect(toJson({ a: new RawNumber('1e309'), b: new EnumName('ASC'), c: [1, 'x'] })).toBe('{"a":1e309,"b":"ASC","c":[1,"x"]}');
    expect(toLiteral({ a: new RawNumber('-0'), b: new EnumName('ASC'), c: 'x' })).toBe('{a: -0, b: ASC, c: "x"}');
    expect(HUGE_NUMBERS.map((n) => n.text)).toEqual(expect.arrayContaining(['9007199254740992', '1e308', '-0']));
  });

  it('declares every variable it uses, with its argument\'s type', () => {
    for (let i = 0; i < 200; i++) {
      const op = randomOperation(new Random(i), schema, POOL, 'query', { variableRate: 1 });
      for (const name of Object.keys(op.variables ?? {})) expect(op.query).toMatch(new RegExp(`\\$${name}: `));
    }
  });

  it('changes exactly the kind of token it says', () => {
    const q = 'query Q { countries(first: 2) { nodes { name } } }';
    expect(nearlyValid(new Random(1), q, 'missing-brace').query.split('{').length + nearlyValid(new Random(1), q, 'missing-brace').query.split('}').length).toBe(q.split('{').length + q.split('}').length - 1);
    expect(nearlyValid(new Random(1), q, 'unknown-argument').query).toContain('notAnArgument: 1');
    expect(nearlyValid(new Random(1), q, 'truncated').query.length).toBeLessThan(q.length);
  });
});

describe('the answer checks', () => {
  const answer = (status: number, body: unknown) => ({ status, text: JSON.stringify(body) });

  it('pass coded errors and data', () => {
    expect(problemsOf(answer(200, { data: { a: 1 } }))).toEqual([]);
    expect(problemsOf(answer(400, { errors: [{ message: 'x', extensions: { code: 'BAD_USER_INPUT' } }] }))).toEqual([]);
    expect(problemsOf(answer(200, { data: null, errors: [{ message: 'No Country found for XX.', extensions: { code: 'NOT_FOUND' } }] }))).toEqual([]);
    // The persisted-query protocol's own code, which Apollo clients act on.
    expect(problemsOf(answer(200, { errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] }))).toEqual([]);
  });

  it('catch a 5xx, an uncoded or unexpected error, a body that is not JSON, and internals in a message', () => {
    expect(problemsOf(answer(500, { errors: [{ message: 'x', extensions: { code: 'BAD_USER_INPUT' } }] }))).toContain('HTTP 500');
    expect(problemsOf(answer(200, { errors: [{ message: 'x' }] })).join()).toMatch(/without a documented code/);
    expect(problemsOf(answer(200, { errors: [{ message: 'x', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] })).join()).toMatch(/without a documented code/);
    expect(problemsOf(answer(200, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] })).join()).toMatch(/unexpected/);
    expect(problemsOf({ status: 200, text: '<html>' }).join()).toMatch(/not JSON/);
    const leak = (message: string) => problemsOf(answer(400, { errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] })).join();
    expect(leak('boom\n    at run (/srv/app/dist/x.js:1:2)')).toMatch(/stack trace/);
    expect(leak('select * from "country" where id = 1')).toMatch(/SQL/);
    expect(leak('SQLITE_ERROR: unrecognized token')).toMatch(/driver/);
    expect(leak('Maximum call stack size exceeded')).toMatch(/JavaScript error/);
  });
});
