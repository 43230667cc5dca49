import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

const root = join(__dirname, '..', '..');
const sdk = join(root, 'sdk');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const exec = promisify(execFile);

let work: string;
let project: string;
let packed: { filename: string; files: Array<{ path: string }> };
let server: TestServer;

/** A consumer's script: the client, its paginator and the documents, typed from the installed declarations. */
const GOOD = `import { createClient, isGraphQLError, type NodeOf } from '@apo-data/sdk';
import { CountriesDocument, possibleTypes, type CountriesQuery } from '@apo-data/sdk/documents';

export async function main(url: string): Promise<string> {
  const client = createClient({ url });
  const { country } = await client.country({ code: 'JP' });
  const codes: string[] = [];
  for await (const c of client.paginate.countries({}, { pageSize: 2, limit: 3 })) codes.push(c.code);
  const first: NodeOf<'countries'> | undefined = (await client.countries({ first: 1 })).countries.edges[0]?.node;
  const more: CountriesQuery['countries']['pageInfo']['hasNextPage'] = (await client.countries({ first: 1 })).countries.pageInfo.hasNextPage;
  const err = await client.program({ code: 'NOPE' }).catch((e: unknown) => e);
  return [country.name, codes.join(','), first?.alpha3, more, isGraphQLError(err) ? err.code : 'none', CountriesDocument.kind, possibleTypes.Node.length].join(' ');
}
`;
/** The same import, with a misspelt variable a consumer must be told about. */
const BAD = `import { createClient } from '@apo-data/sdk';
export const call = () => createClient({ url: 'http://localhost:4000/graphql' }).country({ cod: 'JP' });
`;

function tsconfig(resolution: 'node16' | 'node10', files: string[], emit = false) {
  const compilerOptions =
    resolution === 'node16'
      ? { module: 'node16', moduleResolution: 'node16' }
      : { module: 'commonjs', moduleResolution: 'node10' };
  const output = emit ? { outDir: 'out' } : { noEmit: true };
  return JSON.stringify({ compilerOptions: { ...compilerOptions, ...output, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], strict: true, skipLibCheck: false }, files });
}

/** tsc's exit code and the diagnostics it prints, for one tsconfig in the consumer project. */
async function typecheck(config: string): Promise<{ code: number; output: string }> {
  try {
    await exec(process.execPath, [tsc, '-p', join(project, config)], { cwd: project });
    return { code: 0, output: '' };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  if (!existsSync(join(sdk, 'dist', 'types', 'documents.d.ts')) || !existsSync(join(sdk, 'schema.graphql'))) {
    execFileSync('npm', ['run', 'build', '-w', 'sdk'], { cwd: root, stdio: 'inherit' });
  }
  server = await startServer();
  work = mkdtempSync(join(tmpdir(), 'apo-data-sdk-'));
  project = join(work, 'consumer');
  // The build is fresh (above); --ignore-scripts keeps prepack from rebuilding dist/ under other tests' feet.
  const out = execFileSync('npm', ['pack', '-w', 'sdk', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  [packed] = JSON.parse(out);
  // Offline: the SDK's one dependency comes from this repository's install, packed, in place of the registry's copy.
  const dependency = JSON.parse(execFileSync('npm', ['pack', join(root, 'node_modules', '@graphql-typed-document-node', 'core'), '--json', '--pack-destination', work], { cwd: work, encoding: 'utf8' }))[0];
  execFileSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({
    name: 'consumer',
    private: true,
    // An override only replaces a dependency someone declares: if the SDK stopped declaring it, it would be missing.
    overrides: { '@graphql-typed-document-node/core': `file:${join(work, dependency.filename)}` },
  }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, packed.filename)], { cwd: project, stdio: 'pipe' });
  writeFileSync(join(project, 'good.ts'), GOOD);
  writeFileSync(join(project, 'bad.ts'), BAD);
  for (const resolution of ['node16', 'node10'] as const) {
    writeFileSync(join(project, `tsconfig.${resolution}.json`), tsconfig(resolution, ['good.ts']));
    writeFileSync(join(project, `tsconfig.${resolution}.bad.json`), tsconfig(resolution, ['good.ts', 'bad.ts']));
  }
  writeFileSync(join(project, 'tsconfig.emit.json'), tsconfig('node16', ['good.ts'], true));
}, 120_000);
afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed SDK (npm pack -w sdk)', () => {
  it('carries README.md, LICENSE, schema.graphql, the bin, the builds and declarations', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of ['README.md', 'LICENSE', 'schema.graphql', 'package.json', 'bin/apo-data.cjs', 'dist/cli.cjs', 'dist/index.mjs', 'dist/index.cjs', 'dist/documents.mjs', 'dist/types/index.d.ts', 'dist/types/documents.d.ts']) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('operations/'))).toBe(false);
  });

  it("declares what its declarations import: @graphql-typed-document-node/core, pinned", () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules', '@apo-data', 'sdk', 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ '@graphql-typed-document-node/core': '3.2.0' });
    expect(existsSync(join(project, 'node_modules', '@graphql-typed-document-node', 'core', 'package.json'))).toBe(true);
  });

  it("ships this repository's schema, resolvable as @apo-data/sdk/schema.graphql", () => {
    const resolved = execFileSync(process.execPath, ['-p', "require.resolve('@apo-data/sdk/schema.graphql')"], { cwd: project, encoding: 'utf8' }).trim();
    expect(resolved).toBe(join(project, 'node_modules', '@apo-data', 'sdk', 'schema.graphql'));
    expect(readFileSync(resolved, 'utf8')).toBe(readFileSync(join(root, 'schema', 'schema.graphql'), 'utf8'));
  });

  for (const resolution of ['node16', 'node10'] as const) {
    it(`type-checks a script importing @apo-data/sdk and @apo-data/sdk/documents (moduleResolution ${resolution}, skipLibCheck false)`, async () => {
      const good = await typecheck(`tsconfig.${resolution}.json`);
      expect(good.output).toBe('');
      expect(good.code).toBe(0);
    }, 60_000);

    it(`reports a misspelt variable as a type error (moduleResolution ${resolution})`, async () => {
      const bad = await typecheck(`tsconfig.${resolution}.bad.json`);
      expect(bad.code).not.toBe(0);
      const errors = bad.output.split('\n').filter((l) => /error TS\d+/.test(l));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^bad\.ts\(2,\d+\): error TS\d+: .*'cod'/);
    }, 60_000);
  }

  it('runs from the consumer: the compiled script against the real service, and the installed apo-data bin', async () => {
    expect(await typecheck('tsconfig.emit.json')).toEqual({ code: 0, output: '' });
    const run = `require('./out/good.js').main(process.argv[1]).then(console.log, (e) => { console.error(e); process.exit(1); })`;
    const script = await exec(process.execPath, ['-e', run, server.url], { cwd: project, encoding: 'utf8' });
    expect(script.stdout).toMatch(/^Japan [A-Z]{2},[A-Z]{2},[A-Z]{2} [A-Z]{3} true NOT_FOUND Document \d+\n$/);
    const cli = await exec(join(project, 'node_modules', '.bin', 'apo-data'), ['countries', '--limit', '2', '--format', 'ndjson'], { cwd: project, env: { ...process.env, APO_DATA_URL: server.url }, encoding: 'utf8' });
    expect(cli.stdout.trim().split('\n').map((l) => JSON.parse(l).code)).toHaveLength(2);
  });
});
