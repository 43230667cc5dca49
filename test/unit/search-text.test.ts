import { expect, it } from 'vitest';
import { buildSearchText, normalizeForSearch } from '../../server/src/shared/search-text';

it('ignores case, accents and punctuation', () => {
  expect(normalizeForSearch('  Türkiye ')).toBe('turkiye');
  expect(normalizeForSearch('Viet Nam — Hà Nội')).toBe('viet nam ha noi');
  expect(normalizeForSearch('100%_done')).toBe('100 done');
});

it('keeps each name whole between separators, once', () => {
  expect(buildSearchText(['Japan', 'JAPAN', 'Jepang', null])).toBe('|japan|jepang|');
});
