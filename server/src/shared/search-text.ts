import { BadUserInputError } from '../errors';

/**
 * Search matching is done on a normalised copy of every name, kept in a `search_text` column,
 * so that case- and accent-insensitive matching is plain LIKE on every database.
 */
const SEPARATOR = '|';

/** Lower case, accents removed, anything but letters and digits turned into single spaces. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `|name|other name|acronym|`: the separators let SQL tell exact, prefix and inner matches apart. */
export function buildSearchText(names: ReadonlyArray<string | null | undefined>): string {
  const terms = new Set(names.filter((n): n is string => !!n).map(normalizeForSearch).filter(Boolean));
  return SEPARATOR + [...terms].join(SEPARATOR) + SEPARATOR;
}

/**
 * Longest search text taken, in characters: well past any name, and far under SQLite's limit on a LIKE
 * pattern (50 000 bytes), past which the query would fail inside the database instead of being refused here.
 */
export const MAX_SEARCH_TEXT = 500;

/** LIKE patterns for a normalised query: whole name, start of a name, anywhere. BAD_USER_INPUT past MAX_SEARCH_TEXT. */
export function searchPatterns(query: string, argument = 'query') {
  if (query.length > MAX_SEARCH_TEXT) throw new BadUserInputError(`\`${argument}\` is longer than ${MAX_SEARCH_TEXT} characters.`, argument);
  const q = normalizeForSearch(query);
  return {
    normalized: q,
    exact: `%${SEPARATOR}${q}${SEPARATOR}%`,
    prefix: `%${SEPARATOR}${q}%`,
    anywhere: `%${q}%`,
  };
}

/**
 * The filter for "any of the record's names contains `text`" (the `name`/`title` filters).
 * Text with no letter or digit would match everything, so it is refused like `search` refuses it.
 */
export function nameContains(text: string, argument: string): { searchText: { $like: string } } {
  const p = searchPatterns(text, argument);
  if (!p.normalized) throw new BadUserInputError(`\`${argument}\` must contain at least one letter or digit.`, argument);
  return { searchText: { $like: p.anywhere } };
}
