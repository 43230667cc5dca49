// Builds the analysts' GraphiQL (server/ide/src) into server/dist/ide-bundle: hashed JS chunks and CSS
// under assets/ (with .br and .gz siblings), and manifest.json naming the entry files for the page.
// Everything the IDE needs is in the bundle; nothing is fetched from another host at run time.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const here = import.meta.dirname;
const out = join(here, '..', 'dist', 'ide-bundle');
const assets = join(out, 'assets');

rmSync(out, { recursive: true, force: true }); // stale hashed files would otherwise pile up
mkdirSync(assets, { recursive: true });
const result = await build({
  entryPoints: { ide: join(here, 'src', 'main.tsx') },
  bundle: true,
  format: 'esm',
  splitting: true, // CodeMirror's addons are loaded on demand by @graphiql/react
  minify: true,
  target: 'es2022',
  jsx: 'automatic',
  outdir: assets,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  define: { 'process.env.NODE_ENV': '"production"' },
  // csv-stringify's Node build uses Buffer; its browser build is the same API with what it needs bundled in.
  alias: { 'csv-stringify/sync': 'csv-stringify/browser/esm/sync' },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});

const [script, output] = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith('src/main.tsx'));
const manifest = { script: basename(script), stylesheet: basename(output.cssBundle) };
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

let raw = 0;
let brotli = 0;
for (const file of readdirSync(assets)) {
  const path = join(assets, file);
  const data = readFileSync(path);
  raw += statSync(path).size;
  const br = brotliCompressSync(data);
  brotli += br.length;
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
}
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`IDE bundle: ${readdirSync(assets).length / 3} files, ${kib(raw)} (${kib(brotli)} with brotli) in ${out}`);
