// Builds @apo-data/sdk: ESM + CJS bundles, the CLI, the CSV-rows helpers, type declarations, the shipped schema, and measures the runtime's size.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const sdk = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(sdk, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = { bundle: true, target: 'es2020', sourcemap: true, logLevel: 'warning' };
for (const entry of ['index', 'documents']) {
  await build({ ...common, entryPoints: [join(sdk, 'src', `${entry}.ts`)], platform: 'neutral', format: 'esm', outfile: join(dist, `${entry}.mjs`) });
  await build({ ...common, entryPoints: [join(sdk, 'src', `${entry}.ts`)], platform: 'neutral', format: 'cjs', outfile: join(dist, `${entry}.cjs`) });
}
await build({
  ...common,
  entryPoints: [join(sdk, 'src', 'cli.ts')],
  platform: 'node',
  format: 'cjs',
  outfile: join(dist, 'cli.cjs'),
  banner: { js: '#!/usr/bin/env node' },
});
// `@apo-data/sdk/rows` (CSV columns and cells), for the server's export: CommonJS only, with graphql-js left to the caller's one copy.
await build({ ...common, entryPoints: [join(sdk, 'src', 'rows', 'index.ts')], platform: 'node', format: 'cjs', packages: 'external', outfile: join(dist, 'rows.cjs') });
const tsc = join(sdk, '..', 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', join(sdk, 'tsconfig.json')], { stdio: 'inherit' });
// The CLI and the codegen plugins run on Node and esbuild/tsx do not type-check: they have a tsconfig of their own (Node types).
execFileSync(process.execPath, [tsc, '-p', join(sdk, 'tsconfig.cli.json')], { stdio: 'inherit' });

// The package ships the schema so that other teams can run graphql-codegen against node_modules/@apo-data/sdk/schema.graphql.
const schemaCopy = join(sdk, 'schema.graphql.tmp');
copyFileSync(join(sdk, '..', 'schema', 'schema.graphql'), schemaCopy);
renameSync(schemaCopy, join(sdk, 'schema.graphql')); // atomic: a concurrent reader never sees half a file

// The runtime alone (client, pagination, errors), without the generated operation table.
const stub = { name: 'no-generated', setup: (b) => b.onResolve({ filter: /generated\/operations$/ }, () => ({ path: 'stub', namespace: 'stub' })) };
const stubLoad = { name: 'stub-load', setup: (b) => b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export const operations = {};', loader: 'js' })) };
const runtime = await build({
  entryPoints: [join(sdk, 'src', 'index.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2020',
  write: false,
  plugins: [stub, stubLoad],
});
const code = runtime.outputFiles[0].contents;
const size = { minifiedBytes: code.length, gzippedBytes: gzipSync(code, { level: 9 }).length };
writeFileSync(join(dist, 'size.json'), `${JSON.stringify(size, null, 2)}\n`);
console.log(`@apo-data/sdk runtime (client, pagination, errors): ${size.minifiedBytes} B minified, ${size.gzippedBytes} B gzipped`);
