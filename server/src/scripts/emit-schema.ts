import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiSchema, printApiSchema } from '../schema';

/** Writes schema/schema.graphql, the published contract, from the code. */
async function main() {
  const target = join(__dirname, '..', '..', '..', 'schema', 'schema.graphql');
  writeFileSync(target, printApiSchema(await apiSchema()));
  console.log(`wrote ${target}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
