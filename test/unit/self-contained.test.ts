import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// A newcomer clones only this repository: nothing in it may read, or send a reader to, a folder beside it.
const ROOT = join(__dirname, '..', '..');
const SKIP = new Set(['node_modules', '.git', 'dist', 'data', 'test-results', 'coverage', '.tmp']);
const TEXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|json|md|graphql|ya?ml|css|html)$|^run$|^\.gitignore$/;
// Built from parts, so this file does not match itself.
const OUTSIDE = ['shared/' + 'seeds', "'shared'" + ", 'seeds'", 'DESIGN' + '.md', 'STYLE' + '.md'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name) && dir === ROOT) return [];
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return TEXT.test(entry.name) && entry.name !== 'package-lock.json' ? [path] : [];
  });
}

describe('the repository stands alone', () => {
  it('no file names a path outside the repository or a document it does not hold', () => {
    const all = files(ROOT);
    expect(all.length).toBeGreaterThan(100);
    const offenders = all.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return OUTSIDE.filter((needle) => text.includes(needle)).map((needle) => `${relative(ROOT, file)}: ${needle}`);
    });
    expect(offenders).toEqual([]);
  });
});
