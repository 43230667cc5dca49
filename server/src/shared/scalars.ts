import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { GraphQLCountryCode, GraphQLCurrency, GraphQLDateTime } from 'graphql-scalars';
import { BadUserInputError } from '../errors';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function stringScalar(name: string, description: string, check: (v: string) => boolean, expected: string) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string' || !check(value)) {
      throw new BadUserInputError(`${name} must be ${expected}; got ${JSON.stringify(value)}.`);
    }
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (v) => parse(typeof v === 'number' ? String(v) : v),
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}

export const DateScalar = stringScalar(
  'Date',
  'A calendar date, ISO 8601 `YYYY-MM-DD`, with no time zone (e.g. `2021-06-09`).',
  isIsoDate,
  'a calendar date written YYYY-MM-DD',
);

/** At most 14 integer digits: stored times 10^4, the value must fit a signed 64-bit integer. */
const DECIMAL_RE = /^-?(0|[1-9]\d{0,13})(\.\d{1,4})?$/;

export const DecimalScalar = stringScalar(
  'Decimal',
  'An exact decimal number written as a string (e.g. `"1250000.50"`), at most 14 integer digits and 4 fraction digits. Never a float.',
  (v) => DECIMAL_RE.test(v),
  'an exact decimal string such as "1250000.50" (at most 4 fraction digits)',
);

export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTime.toConfig(),
  description: 'An instant, ISO 8601 with a UTC offset (e.g. `2021-06-10T13:18:00.000Z`).',
});

/** Upper case, and known to graphql-scalars' ISO lists. */
const isoCode = (length: number, known: GraphQLScalarType) => (v: string) => {
  if (!new RegExp(`^[A-Z]{${length}}$`).test(v)) return false;
  try {
    known.parseValue(v);
    return true;
  } catch {
    return false;
  }
};

export const CountryCodeScalar = stringScalar(
  'CountryCode',
  'An ISO 3166-1 alpha-2 country code in upper case (e.g. `JP`).',
  isoCode(2, GraphQLCountryCode),
  'an ISO 3166-1 alpha-2 code in upper case, such as "JP"',
);

export const CurrencyScalar = stringScalar(
  'Currency',
  'An ISO 4217 currency code in upper case (e.g. `JPY`, `USD`).',
  isoCode(3, GraphQLCurrency),
  'an ISO 4217 code in upper case, such as "USD"',
);
