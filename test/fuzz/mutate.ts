// Nearly valid documents: a valid operation with one token changed, as a typo or a confused client would:
// a misspelt field, a missing or extra brace, an argument of the wrong type, a truncated text.
import type { Random } from './random';

/** The ways `nearlyValid` changes a document, by name (the name goes into the case's kind). */
export const MUTATIONS = [
  'misspelt-field',
  'missing-brace',
  'extra-brace',
  'missing-paren',
  'wrong-argument-type',
  'unknown-argument',
  'truncated',
  'junk-token',
  'wrong-keyword',
  'undeclared-variable',
  'duplicated-chunk',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

const NAME = /[_A-Za-z][_0-9A-Za-z]*/g;

/** Positions of every match of `re` in `text`. */
function positions(text: string, re: RegExp): Array<{ index: number; text: string }> {
  return [...text.matchAll(new RegExp(re.source, 'g'))].map((m) => ({ index: m.index!, text: m[0] }));
}

function replaceAt(text: string, index: number, length: number, by: string): string {
  return text.slice(0, index) + by + text.slice(index + length);
}

/** `query` with one change of the given kind (or a random one); the same Random gives the same change. */
export function nearlyValid(r: Random, query: string, kind: Mutation = r.pick(MUTATIONS)): { kind: Mutation; query: string } {
  const at = (re: RegExp) => {
    const all = positions(query, re);
    return all.length ? r.pick(all) : null;
  };
  const change = (): string | null => {
    switch (kind) {
      case 'misspelt-field': {
        // Skip the keyword and operation name; a field name loses, doubles or swaps a letter.
        const names = positions(query, NAME).filter((m) => !/^(query|mutation|fragment|on|true|false|null|Fuzz\d+)$/.test(m.text));
        if (!names.length) return null;
        const m = r.pick(names);
        const i = r.int(0, m.text.length - 1);
        const typo = r.pick([m.text.slice(0, i) + m.text.slice(i + 1), m.text.slice(0, i) + m.text[i] + m.text.slice(i), m.text.toUpperCase(), `${m.text}s`, `${m.text}_`]);
        return replaceAt(query, m.index, m.text.length, typo || 'x');
      }
      case 'missing-brace': {
        const m = at(r.chance(0.5) ? /\{/ : /\}/);
        return m && replaceAt(query, m.index, 1, '');
      }
      case 'extra-brace': {
        const m = at(/[{}]/);
        return m && replaceAt(query, m.index, 0, r.pick(['{', '}', '{ }']));
      }
      case 'missing-paren': {
        const m = at(/[()]/);
        return m && replaceAt(query, m.index, 1, '');
      }
      case 'wrong-argument-type': {
        // The value after `name:` inside an argument list becomes a literal of another kind.
        const m = at(/\b[a-zA-Z]+: (?:"(?:[^"\\]|\\.)*"|\$?[\w.+-]+|\[[^\]]*\]|\{[^}]*\})/);
        if (!m) return null;
        const colon = m.text.indexOf(':');
        return replaceAt(query, m.index + colon + 2, m.text.length - colon - 2, r.pick(['"x"', '1.5', '-1', '{ a: 1 }', '[1, 2]', 'NOT_AN_ENUM', 'true', 'null', '"2021-02-30"', '9007199254740993', '$nope']));
      }
      case 'unknown-argument': {
        const m = at(/\(/);
        return m ? replaceAt(query, m.index + 1, 0, 'notAnArgument: 1, ') : null;
      }
      case 'truncated':
        return query.slice(0, r.int(0, Math.max(0, query.length - 1)));
      case 'junk-token': {
        const m = at(/ /);
        return m && replaceAt(query, m.index, 1, ` ${r.pick(['!', '@skip', '@include(if: "yes")', '@nope', '...', '$', '&', '#', '"""', '|', '=', ':', '@', '0x1F', '\u00a0', '\u0000'])} `);
      }
      case 'wrong-keyword':
        return query.replace(/^(query|mutation)\b/, r.pick(['subscription', 'mutation', 'query', 'fragment', 'schema', 'Query', 'extend type']));
      case 'undeclared-variable': {
        const m = at(/\(/);
        return m ? replaceAt(query, m.index + 1, 0, 'first: $undeclared, ') : null;
      }
      case 'duplicated-chunk': {
        const start = r.int(0, Math.max(0, query.length - 1));
        return replaceAt(query, start, 0, query.slice(start, start + r.int(1, 40)));
      }
    }
  };
  return { kind, query: change() ?? `${query}}` };
}
