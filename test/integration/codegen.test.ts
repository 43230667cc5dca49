import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { parse } from 'yaml';
import { expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

it('sdk/src/generated/ is what codegen makes of schema/schema.graphql and sdk/operations (run `npm run codegen`)', async () => {
  const config = parse(readFileSync(join(root, 'codegen.yml'), 'utf8'));
  const files: Array<{ filename: string; content: string }> = await generate({ ...config, cwd: root, silent: true }, false);
  expect(files.map((f) => f.filename).sort()).toEqual(Object.keys(config.generates).sort());
  for (const file of files) {
    expect(readFileSync(join(root, file.filename), 'utf8'), file.filename).toBe(file.content);
  }
}, 60_000);
