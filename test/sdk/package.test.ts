import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, operations } from '../../sdk/src';
import { startServer, type TestServer } from '../helpers/server';
import { spawnToExit, type ScriptResult } from '../helpers/process';

const root = join(__dirname, '..', '..');
const sdk = join(root, 'sdk');
const dist = join(sdk, 'dist');
const ERROR_CLASSES = ['ApoDataError', 'NetworkError', 'TimeoutError', 'AbortError', 'HttpError', 'GraphQLRequestError'];
const GUARDS = ['isApoDataError', 'isNetworkError', 'isTimeoutError', 'isAbortError', 'isHttpError', 'isGraphQLError'];

let server: TestServer;
beforeAll(async () => {
  if (!existsSync(join(dist, 'index.cjs'))) execFileSync('npm', ['run', 'build', '-w', 'sdk'], { cwd: root, stdio: 'inherit' });
  server = await startServer();
});
afterAll(() => server?.close());

/** Runs a script in a plain Node process (no Vite, no TypeScript), as a user of the published package would. */
function node(args: string[]): Promise<ScriptResult> {
  return spawnToExit(process.execPath, args, { cwd: root, env: { ...process.env, APO_DATA_URL: server.url } });
}

/** The body both module formats run: exports, a query, a paginated walk and a typed error. */
const PROBE = `
  const url = process.env.APO_DATA_URL;
  const client = sdk.createClient({ url });
  const japan = await client.country({ code: 'JP' });
  const codes = [];
  for await (const c of client.paginate.countries({}, { pageSize: 7 })) codes.push(c.code);
  let err;
  try { await client.program({ code: 'NOPE' }); } catch (e) { err = e; }
  console.log(JSON.stringify({
    exports: Object.keys(sdk).filter((k) => k !== 'default' && k !== '__esModule').sort(),
    classes: ${JSON.stringify(ERROR_CLASSES)}.filter((k) => typeof sdk[k] === 'function' && sdk[k].prototype instanceof Error),
    japan: japan.country.name,
    codes,
    error: { graphql: sdk.isGraphQLError(err), instance: err instanceof sdk.GraphQLRequestError, base: err instanceof sdk.ApoDataError, code: err.code, path: err.path },
  }));
`;

async function expectProbe(result: { code: number | null; stdout: string; stderr: string }) {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const out = JSON.parse(result.stdout);
  const expectedCodes: string[] = [];
  for await (const c of createClient({ url: server.url }).paginate.countries()) expectedCodes.push(c.code);
  expect(out.exports).toEqual(expect.arrayContaining(['createClient', 'operations', ...ERROR_CLASSES, ...GUARDS]));
  expect(out.classes).toEqual(ERROR_CLASSES);
  expect(out.japan).toBe('Japan');
  expect(out.codes).toEqual(expectedCodes);
  expect(out.error).toEqual({ graphql: true, instance: true, base: true, code: 'NOT_FOUND', path: ['program'] });
  return out;
}

describe('the built package, loaded by plain Node', () => {
  it('require("@apo-data/sdk") resolves to dist/index.cjs and queries the real service', async () => {
    const script = `const sdk = require('@apo-data/sdk');
      if (require.resolve('@apo-data/sdk') !== ${JSON.stringify(join(dist, 'index.cjs'))}) throw new Error('resolved ' + require.resolve('@apo-data/sdk'));
      (async () => { ${PROBE} })().catch((e) => { console.error(e); process.exit(1); });`;
    await expectProbe(await node(['-e', script]));
  });

  it('require of sdk/dist/index.cjs by path', async () => {
    const script = `const sdk = require(${JSON.stringify(join(dist, 'index.cjs'))});
      (async () => { ${PROBE} })().catch((e) => { console.error(e); process.exit(1); });`;
    await expectProbe(await node(['-e', script]));
  });

  it('import("@apo-data/sdk") resolves to dist/index.mjs and queries the real service', async () => {
    const script = `const sdk = await import('@apo-data/sdk');
      if (import.meta.resolve('@apo-data/sdk') !== ${JSON.stringify(pathToFileURL(join(dist, 'index.mjs')).href)}) throw new Error('resolved ' + import.meta.resolve('@apo-data/sdk'));
      ${PROBE}`;
    await expectProbe(await node(['--input-type=module', '-e', script]));
  });

  it('dynamic import() of sdk/dist/index.mjs by URL', async () => {
    const script = `const sdk = await import(${JSON.stringify(pathToFileURL(join(dist, 'index.mjs')).href)}); ${PROBE}`;
    await expectProbe(await node(['--input-type=module', '-e', script]));
  });

  it('the ESM and CJS builds export the same names', async () => {
    const cjs = await node(['-e', `console.log(JSON.stringify(Object.keys(require('@apo-data/sdk')).sort()))`]);
    const esm = await node(['--input-type=module', '-e', `const m = await import('@apo-data/sdk'); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()))`]);
    expect(JSON.parse(esm.stdout)).toEqual(JSON.parse(cjs.stdout));
  });
});

describe('TypedDocumentNodes (sdk/dist/documents.*)', () => {
  it('documents.mjs exports one parsed Document per operation, named as the operation', async () => {
    const script = `const d = await import('@apo-data/sdk/documents');
      const { possibleTypes, ...documents } = d;
      console.log(JSON.stringify({ possibleTypes, documents: Object.fromEntries(Object.entries(documents).map(([k, v]) => [k, { kind: v.kind, defs: v.definitions.map((x) => [x.kind, x.operation ?? null, x.name?.value]) }])) }));`;
    const out = await node(['--input-type=module', '-e', script]);
    expect(out.stderr).toBe('');
    const parsed: { possibleTypes: Record<string, string[]>; documents: Record<string, { kind: string; defs: [string, string | null, string][] }> } = JSON.parse(out.stdout);
    const docs = parsed.documents;
    // Besides the documents, the types behind the Node interface and the SearchResult union, for Apollo's cache.
    expect(Object.keys(parsed.possibleTypes).sort()).toEqual(['Node', 'SearchResult']);
    expect(parsed.possibleTypes.SearchResult).toContain('Country');
    expect(parsed.possibleTypes.Node).toEqual(expect.arrayContaining(parsed.possibleTypes.SearchResult));
    expect(docs.GrantsDocument.kind).toBe('Document');
    for (const op of Object.values(operations)) {
      const doc = docs[`${op.name}Document`];
      expect(doc, `${op.name}Document`).toBeDefined();
      expect(doc.kind).toBe('Document');
      const [definition] = doc.defs.filter(([kind]) => kind === 'OperationDefinition');
      expect(definition).toEqual(['OperationDefinition', op.kind, op.name]);
    }
  });

  it('documents.cjs has the same exports', async () => {
    const cjs = await node(['-e', `const d = require('@apo-data/sdk/documents'); console.log(JSON.stringify({ keys: Object.keys(d).sort(), kind: d.GrantsDocument.kind }))`]);
    const esm = await node(['--input-type=module', '-e', `const d = await import('@apo-data/sdk/documents'); console.log(JSON.stringify(Object.keys(d).sort()))`]);
    expect(JSON.parse(cjs.stdout)).toEqual({ keys: JSON.parse(esm.stdout), kind: 'Document' });
  });
});

/** Every module specifier a bundle loads: static and dynamic imports, re-exports, require calls. */
function specifiers(code: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bimport\s+(?:[\w*{}\s,$]+\s+from\s+)?["']([^"']+)["']/g,
    /\bexport\s+(?:\*|\{[^}]*\})\s+from\s+["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]);
  return found;
}

describe('what the bundles contain', () => {
  const bundles = ['index.mjs', 'index.cjs', 'documents.mjs', 'documents.cjs'];

  it('the specifier scan finds imports (self-check)', () => {
    expect(specifiers(`import { a } from "graphql";\nconst x = require('node:fs');\nexport * from "./y";`)).toEqual(['graphql', './y', 'node:fs']);
  });

  for (const file of bundles) {
    it(`${file} loads no graphql-js and no other module at run time`, () => {
      const code = readFileSync(join(dist, file), 'utf8');
      expect(specifiers(code)).toEqual([]);
      expect(code).not.toMatch(/["']graphql\//);
      expect(code).not.toMatch(/require\(\s*["']graphql["']\s*\)/);
      expect(code).not.toMatch(/from\s*["']graphql["']/);
    });
  }

  it('cli.cjs carries the CSV rows code without graphql-js: it loads only Node built-ins', () => {
    const code = readFileSync(join(dist, 'cli.cjs'), 'utf8');
    expect(specifiers(code).filter((s) => !s.startsWith('node:'))).toEqual([]);
  });

  it('index.mjs is browser-safe: no node: import, no Node-only globals', () => {
    const code = readFileSync(join(dist, 'index.mjs'), 'utf8');
    expect(specifiers(code).filter((s) => s.startsWith('node:'))).toEqual([]);
    expect(code).not.toMatch(/\bBuffer\./);
    expect(code).not.toMatch(/\bprocess\.(env|argv|stdout|exit)\b/);
    expect(code).not.toMatch(/\b__dirname\b|\brequire\s*\(/);
  });

  it('index.mjs runs in a scope without require, process or Buffer', async () => {
    // A browser-like check: the bundle is evaluated with Node's globals hidden and still builds a client.
    const script = `
      const src = (await import('node:fs')).readFileSync(${JSON.stringify(join(dist, 'index.mjs'))}, 'utf8');
      const body = src.replace(/^export \\{[\\s\\S]*?\\};/m, '').replace(/\\/\\/# sourceMappingURL.*$/m, '');
      const f = new Function('process', 'Buffer', 'require', 'module', 'global', body + '; return { createClient, isGraphQLError };');
      const sdk = f(undefined, undefined, undefined, undefined, undefined);
      const client = sdk.createClient({ url: ${JSON.stringify(server.url)} });
      const r = await client.country({ code: 'JP' });
      console.log(r.country.name);`;
    const out = await node(['--input-type=module', '-e', script]);
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe('Japan');
  });

  it('the runtime (client, pagination, errors) is at most 4 KB gzipped, per sdk/dist/size.json', () => {
    const size: { minifiedBytes: number; gzippedBytes: number } = JSON.parse(readFileSync(join(dist, 'size.json'), 'utf8'));
    const whole = gzipSync(readFileSync(join(dist, 'index.mjs')), { level: 9 }).length;
    console.info(
      `@apo-data/sdk runtime: ${size.minifiedBytes} B minified, ${size.gzippedBytes} B gzipped (goal ≤ 4096); ` +
        `index.mjs with the operation table, unminified: ${whole} B gzipped`,
    );
    expect(size.gzippedBytes).toBeGreaterThan(0);
    expect(size.gzippedBytes).toBeLessThan(size.minifiedBytes);
    expect(size.gzippedBytes).toBeLessThanOrEqual(4096);
  });
});

describe('package.json as published', () => {
  const pkg = JSON.parse(readFileSync(join(sdk, 'package.json'), 'utf8'));

  it('every entry point it names exists in dist', () => {
    const paths = [pkg.main, pkg.module, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
    for (const entry of Object.values(pkg.exports as Record<string, string | Record<string, string>>)) {
      if (typeof entry === 'string') paths.push(entry);
      else paths.push(...Object.values(entry));
    }
    for (const p of paths) expect(existsSync(join(sdk, p)), p).toBe(true);
    expect(pkg.files).toEqual(['dist', 'bin', 'schema.graphql']);
  });

  it('the bin starts with a node shebang', () => {
    const bin = Object.values(pkg.bin as Record<string, string>)[0];
    expect(readFileSync(join(sdk, bin), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('the declarations type the client for a TypeScript consumer', () => {
    const types = readFileSync(join(sdk, pkg.types), 'utf8');
    expect(types).toMatch(/createClient/);
    expect(existsSync(join(dist, 'types', 'documents.d.ts'))).toBe(true);
  });
});
