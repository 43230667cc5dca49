import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// The README says which Node versions are supported and which installed packages warn about theirs;
// this keeps that list true as the lockfile changes.
const ROOT = join(__dirname, '..', '..');
const SUPPORTED = '20.19.0';

describe('the Node.js support the README claims', () => {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('package.json declares the version the README names', () => {
    expect(pkg.engines.node).toBe('>=20.19');
    expect(readme).toContain('You need Node.js 20.19 or later');
  });

  it('names every installed package whose engines exclude Node 20.19 (npm install warns about each)', () => {
    const warned = new Set<string>();
    for (const [path, info] of Object.entries(lock.packages)) {
      const range = !Array.isArray(info.engines) ? info.engines?.node : undefined;
      if (path && range && !semver.satisfies(SUPPORTED, range)) warned.add(path.replace(/^.*node_modules\//, ''));
    }
    expect(warned.size).toBeGreaterThan(0);
    const listed = readme.slice(readme.indexOf('<!-- engines:start -->'), readme.indexOf('<!-- engines:end -->'));
    expect([...warned].filter((name) => !listed.includes(`\`${name}\``))).toEqual([]);
  });
});
