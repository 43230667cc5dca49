// Argument and variable values for the fuzzer: plausible ones (from the dataset, when the pool has them) and
// hostile ones (wrong types, huge numbers, odd Unicode, long strings, forged IDs and cursors).
import type { Random } from './random';

/** An enum value: a bare name in a GraphQL literal, a string in JSON variables. */
export class EnumName {
  constructor(readonly name: string) {}
}

/**
 * A JSON number written exactly as given (`1e309`, `-0`, `9007199254740993`): JSON.stringify would turn
 * some into `null` or round them, and the point is to send the server what a hostile client would.
 */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** What a generated value may be: plain JSON, plus the two wrappers above. */
export type FuzzValue = null | boolean | number | string | EnumName | RawNumber | FuzzValue[] | { [key: string]: FuzzValue };

/** Real values read from the running service before fuzzing, so valid queries find records. */
export interface ValuePool {
  /** Global IDs of records, by type name (`Country`, `FundingGrant`, …). */
  ids: Record<string, string[]>;
  /** Cursors the service handed out, for any connection. */
  cursors: string[];
  /** Country codes, program codes and other strings that exist. */
  words: string[];
}

export const EMPTY_POOL: ValuePool = { ids: {}, cursors: [], words: [] };

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** 100 KB and more of one thing: the body limit is 1 MB, so these still reach the GraphQL layer. */
export const LONG = {
  ascii: () => 'a'.repeat(100 * 1024),
  emoji: () => '😀'.repeat(25 * 1024),
  nul: () => '\u0000'.repeat(100 * 1024),
  surrogates: () => '\ud800'.repeat(50 * 1024),
};

/** Strings no field expects: control characters, lone surrogates, bidi marks, combining marks, emoji, wildcards. */
export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'Japan\u0000',
  '\u0000JP',
  '\ud800',
  '\udfff',
  '\udc00\ud800',
  'a\ud83dz',
  '\u202eJP',
  'Indo\u200fnesia',
  '\u200b',
  '\ufeffJapan',
  '\u2028\u2029',
  '\u0085',
  '\r\n\t\b\f\v',
  '👩‍👩‍👧‍👦',
  '🇯🇵',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  'ﷺ',
  '𝕁𝕒𝕡𝕒𝕟',
  'İstanbul',
  'ß',
  'Ⅻ',
  '١٢٣',
  '%',
  '_',
  '%_%',
  '\\',
  '\\%',
  "'",
  "' OR '1'='1",
  '"; --',
  '*',
  '(',
  '[',
  '$1',
  '?',
  '{{x}}',
  '${x}',
  '__proto__',
  'constructor',
  'toString',
  'null',
  'undefined',
  'true',
  'NaN',
  '-0',
];

/** Numbers at and past every edge: 32-bit Int, IEEE-754 safe integers, overflow, underflow, signed zero. */
export const HUGE_NUMBERS: readonly RawNumber[] = [
  '2147483647', '2147483648', '-2147483648', '-2147483649', '4294967296',
  '9007199254740991', '9007199254740992', '9007199254740993', '-9007199254740993',
  '1e308', '1.7976931348623157e308', '1e309', '-1e309', '5e-324', '1e-400',
  '-0', '0.0', '-0.0', '0.5', '1.0', '1e2', '100.000001', '99999999999999999999999999999',
].map((t) => new RawNumber(t));

/** Numbers sent as strings, which a scalar must not take for a number. */
export const NUMBER_STRINGS: readonly string[] = ['NaN', 'Infinity', '-Infinity', '-0', '2^53', '9007199254740993', '1e308', '0x10', '1_000', ' 1', '١'];

/** Values of the wrong JSON type for any scalar. */
export function wrongType(r: Random): FuzzValue {
  return r.pick<() => FuzzValue>([
    () => null,
    () => true,
    () => r.pick(HUGE_NUMBERS),
    () => r.int(-5, 5),
    () => r.pick(ODD_STRINGS),
    () => [],
    () => [r.int(0, 9), 'x', null],
    () => ({}),
    () => ({ amount: '1', currency: 'USD', __proto__x: 1 }),
    () => ({ constructor: { prototype: { polluted: true } } }),
    () => deepArray(r.int(50, 2000)),
    () => deepObject(r.int(50, 2000)),
  ])();
}

export function deepArray(depth: number): FuzzValue {
  let v: FuzzValue = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

export function deepObject(depth: number): FuzzValue {
  let v: FuzzValue = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** A string that is odd in one of several ways, long ones rarely (each is 100 KB). */
export function oddString(r: Random): string {
  if (r.chance(0.01)) return r.pick(Object.values(LONG))();
  if (r.chance(0.15)) return r.pick(ODD_STRINGS) + r.pick(ODD_STRINGS);
  if (r.chance(0.1)) return r.pick(ODD_STRINGS).repeat(r.int(2, 300));
  return r.pick(ODD_STRINGS);
}

/** IDs that decode to nothing the service made: junk, other types, empty keys, valid-looking prefixes. */
export function forgedId(r: Random, pool: ValuePool): string {
  const types = ['Country', 'Organization', 'Person', 'Meeting', 'Decision', 'Program', 'FundingGrant', 'Source', 'Membership', 'Citation', 'ApiToken', 'AuditEvent'];
  const real = Object.values(pool.ids).flat();
  return r.pick<() => string>([
    () => b64(`${r.pick(types)}:`),
    () => b64(`${r.pick(types)}:${r.pick(ODD_STRINGS)}`),
    () => b64(`${r.pick(types)}:${r.int(-1, 10 ** 6)}`),
    () => b64(`${r.pick(types)}:${'9'.repeat(r.int(10, 400))}`),
    () => b64(`Nope:${r.int(0, 99)}`),
    () => b64(`:${r.int(0, 99)}`),
    () => b64(`${r.pick(types)}:${r.pick(types)}:1`),
    () => b64(r.pick(ODD_STRINGS)),
    () => b64(String.fromCharCode(...Array.from({ length: r.int(1, 40) }, () => r.int(0, 255)))),
    () => Buffer.from(`${r.pick(types)}:JP`).toString('base64'), // standard base64 with padding
    () => `${b64(`${r.pick(types)}:1`)}===`,
    () => `${r.pick(types)}:1`, // not encoded at all
    () => r.pick(ODD_STRINGS),
    () => b64(b64(`${r.pick(types)}:JP`)),
    () => (real.length ? r.pick(real).slice(0, -1) : 'Q291bnRyeTpK'), // one character short
    () => (real.length ? `${r.pick(real)}${r.pick(['A', '-', '_', '='])}` : 'Q291bnRyeTpKUA'),
  ])();
}

/** Cursors the service never handed out: junk, JSON of the wrong shape, real cursors edited. */
export function forgedCursor(r: Random, pool: ValuePool): string {
  const real = pool.cursors.length ? r.pick(pool.cursors) : b64('{"o":"id:asc","v":["x"]}');
  const decoded = (() => {
    try {
      return JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as { o?: unknown; v?: unknown };
    } catch {
      return { o: 'id:asc', v: ['x'] };
    }
  })();
  const values = Array.isArray(decoded.v) ? decoded.v : [];
  return r.pick<() => string>([
    () => b64(r.pick(ODD_STRINGS)),
    () => b64('null'),
    () => b64('[]'),
    () => b64('{}'),
    () => b64('"o"'),
    () => b64(JSON.stringify({ o: decoded.o })),
    () => b64(JSON.stringify({ o: decoded.o, v: values.map(() => ({ d: r.pick(['nope', '', '-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:01Z']) })) })),
    () => b64(JSON.stringify({ o: decoded.o, v: values.map(() => r.pick<unknown>([1e308, -0, true, null, '', [], {}, { d: 1 }, 'x'.repeat(10_000)])) })),
    () => b64(JSON.stringify({ o: decoded.o, v: [...values, 1] })),
    () => b64(JSON.stringify({ o: `${String(decoded.o)},extra`, v: [...values, 1] })),
    () => b64(JSON.stringify({ o: 'name:asc', v: [r.pick(ODD_STRINGS)] })),
    () => b64(JSON.stringify({ o: decoded.o, v: Array.from({ length: 10_000 }, () => 1) })),
    () => b64(`{"__proto__":{"polluted":true},"o":${JSON.stringify(decoded.o)},"v":${JSON.stringify(values)}}`),
    () => b64(`${'['.repeat(5000)}${']'.repeat(5000)}`),
    () => b64(JSON.stringify({ o: decoded.o, v: values })).slice(0, -2),
    () => `${real}!`,
    () => real.toUpperCase(),
    () => Buffer.from(JSON.stringify(decoded)).toString('base64'),
    () => b64(String.fromCharCode(...Array.from({ length: r.int(1, 60) }, () => r.int(0, 255)))),
  ])();
}

/** A page size: mostly in range, sometimes at or past the documented edges. */
export function pageSize(r: Random): FuzzValue {
  if (r.chance(0.75)) return r.pick([0, 1, 2, 5, 20, 50, 100]);
  return r.pick<FuzzValue>([-1, 101, 1000, 100_000, 2 ** 31 - 1, -(2 ** 31), r.pick(HUGE_NUMBERS)]);
}

/** A text for `search(query:)` and name filters: words that exist, fragments of them, odd strings. */
export function searchText(r: Random, pool: ValuePool): string {
  if (pool.words.length && r.chance(0.5)) {
    const w = r.pick(pool.words);
    return r.chance(0.5) ? w : w.slice(0, r.int(1, Math.max(1, w.length)));
  }
  return r.chance(0.3) ? r.pick(['Jepang', 'green', 'APO', 'Indonesia', 'productivity', 'GBM', 'japan', 'Korea']) : oddString(r);
}

/** A value for a scalar: well-formed with probability `validP`, otherwise of the right JSON type but malformed, or hostile. */
export function scalarValue(r: Random, scalar: string, pool: ValuePool, validP = 0.7): FuzzValue {
  const valid = r.chance(validP);
  switch (scalar) {
    case 'Int':
      return valid ? r.int(-3, 120) : r.pick<FuzzValue>([...HUGE_NUMBERS, r.pick(NUMBER_STRINGS), 1.5]);
    case 'Float':
      return valid ? r.int(-1000, 1000) / 8 : r.pick(HUGE_NUMBERS);
    case 'Boolean':
      return valid ? r.chance(0.5) : r.pick<FuzzValue>([0, 1, 'true', 'false', null]);
    case 'Date':
      return valid
        ? `${r.int(1950, 2030)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`
        : r.pick(['2021-02-29', '2020-02-30', '2021-13-01', '0000-00-00', '9999-12-31', '+002021-06-10', '2021-6-1', '20210610', '2021-06-10T00:00:00Z', '-0001-01-01', '2021-06-10\u0000']);
    case 'DateTime':
      return valid
        ? new Date(Date.UTC(r.int(1960, 2030), r.int(0, 11), r.int(1, 28), r.int(0, 23))).toISOString()
        : r.pick(['2021-06-10T25:00:00Z', '2021-06-10T13:18:00+99:00', '2021-06-10', '275760-09-13T00:00:00.000Z', '+275760-09-13T00:00:00.001Z', 'yesterday', '2021-06-10T13:18:00.0000000000001Z', '1623331080']);
    case 'Decimal':
      return valid
        ? `${r.int(0, 10 ** 6)}.${String(r.int(0, 99)).padStart(2, '0')}`
        : r.pick(['1e5', '0x10', '-0', '1'.repeat(15), '1.23456', 'NaN', 'Infinity', ' 1', '1.', '.5', '-', '99999999999999.9999', '100000000000000', '١٢٣']);
    case 'CountryCode':
      return valid && pool.words.length ? r.pick(pool.words.filter((w) => /^[A-Z]{2}$/.test(w)).concat('JP')) : r.pick(['XX', 'jp', 'J', 'JPN', 'ZZ', 'ÄÖ', '\u0000P', 'JP ']);
    case 'Currency':
      return valid ? r.pick(['USD', 'JPY', 'EUR', 'TWD']) : r.pick(['usd', 'XXX', 'ZZZ', 'US', 'USDD', '$', '']);
    case 'ID':
      return valid ? anyId(r, pool) : forgedId(r, pool);
    default:
      return valid ? r.pick(['Japan', 'Green Productivity', 'x', 'Jepang', 'APO']) : oddString(r);
  }
}

function anyId(r: Random, pool: ValuePool): string {
  const all = Object.values(pool.ids).flat();
  return all.length ? r.pick(all) : forgedId(r, pool);
}

/** A JSON text of `value`, with raw numbers written as they are. */
export function toJson(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  if (value instanceof EnumName) return JSON.stringify(value.name);
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${v === undefined ? 'null' : toJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value) ?? 'null';
}

/** The same value as a GraphQL literal (strings as JSON strings, which GraphQL's string syntax accepts). */
export function toLiteral(value: FuzzValue): string {
  if (value instanceof RawNumber) return value.text;
  if (value instanceof EnumName) return value.name;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${toLiteral(v)}`).join(', ')}}`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NaN';
  return JSON.stringify(value);
}
