import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient } from '../../sdk/src';
import { startServer, type TestServer } from '../helpers/server';

const root = join(__dirname, '..', '..');
const dir = join(root, 'test', '.tmp', 'readme');

/** The TypeScript examples of README.md and sdk/README.md: fenced ```ts blocks whose first line names the file, e.g. `// grants.mts`. */
function examples(): Array<{ file: string; code: string }> {
  const readmes = ['README.md', join('sdk', 'README.md')].map((f) => readFileSync(join(root, f), 'utf8')).join('\n');
  return [...readmes.matchAll(/```ts\n\/\/ ([\w-]+\.mts)\n([\s\S]*?)```/g)].map((m) => ({ file: m[1], code: m[2] }));
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const { file, code } of examples()) writeFileSync(join(dir, file), code);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'Node16', moduleResolution: 'Node16', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], lib: ['ES2023', 'DOM'] },
    include: ['*.mts'],
  }));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('has the examples for scripts and frontend teams', () => {
  expect(examples().map((e) => e.file)).toEqual(['grants.mts', 'apollo.mts', 'urql.mts', 'sdk-client.mts', 'sdk-documents.mts']);
});

it('type-checks every example against the built package, as a user would import it', () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  } catch (err) {
    throw new Error(`README examples do not compile:\n${(err as { stdout?: string }).stdout}`);
  }
});

it('runs every example against the service (in a child process: the server runs in this one)', async () => {
  const outputs: Record<string, string> = {};
  for (const { file, code } of examples()) {
    const js = join(dir, file.replace(/\.mts$/, '.mjs'));
    writeFileSync(js, transformSync(code, { loader: 'ts', format: 'esm' }).code);
    const run = await promisify(execFile)(process.execPath, [js], { encoding: 'utf8', env: { ...process.env, APO_DATA_URL: server.url }, cwd: root });
    outputs[file] = run.stdout;
  }
  expect(outputs['grants.mts']).toContain('Government of Japan Special Cash Grant for Green Productivity 2.0 | Special Cash Grant | amount unknown');
  expect(outputs['grants.mts']).toContain('Green Productivity 2.0 is funded by Government of Japan');
  expect(outputs['grants.mts']).toMatch(/not found: No Program found for code NO-SUCH-PROGRAM/);
  expect(outputs['apollo.mts']).toContain('Government of Japan');
  expect(outputs['apollo.mts']).toContain('id: Jepang');
  // possibleTypes: the search hit keeps the fields its fragment on the Node interface selects.
  expect(outputs['apollo.mts']).toContain('search: JP Japan');
  // fetchMore: the watched list holds every country, in the API's order.
  const codes: string[] = [];
  for await (const c of createClient({ url: server.url }).paginate.countries()) codes.push(c.code);
  expect(codes.length).toBeGreaterThan(5);
  expect(outputs['apollo.mts']).toContain(`${codes.length} countries: ${codes.join(' ')}\n`);
  const korea = (await createClient({ url: server.url }).country({ code: 'KR' })).country;
  expect(outputs['urql.mts']).toBe(`urql: ${korea.name} ${korea.alpha3}\n`);
  expect(outputs['sdk-client.mts']).toContain(`Japan JPN\n${codes.length} countries; first: ${codes.slice(0, 5).join(' ')}\n`);
  expect(outputs['sdk-client.mts'].match(/^member: /gm)).toHaveLength(3);
  expect(outputs['sdk-client.mts']).toMatch(/not found: No Program found for code NO-SUCH-PROGRAM/);
  expect(outputs['sdk-documents.mts']).toBe('apollo: 10 countries cached\nurql: Japan\n');
});
