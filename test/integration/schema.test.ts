import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildClientSchema, getIntrospectionQuery, isEnumType, isInputObjectType, isInterfaceType, isObjectType,
  type GraphQLSchema, type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printApiSchema } from '../../server/src/schema';
import { databases, startServer, type TestServer } from '../helpers/server';

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  let live: GraphQLSchema;

  beforeAll(async () => {
    server = await startServer(db);
    const introspection = await server.data<IntrospectionQuery>(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true }));
    live = buildClientSchema(introspection);
  });
  afterAll(() => server?.close());

  describe('the published contract, schema/schema.graphql', () => {
    it('is exactly what the running service serves (run `npm run schema` after changing the API)', () => {
      const committed = readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
      expect(committed).toBe(printApiSchema(live));
    });

    it('describes every type, field, argument and enum value', () => {
      const missing: string[] = [];
      for (const type of Object.values(live.getTypeMap())) {
        if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
        if (!type.description) missing.push(type.name);
        if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
          for (const field of Object.values(type.getFields())) {
            if (!field.description) missing.push(`${type.name}.${field.name}`);
            for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
        if (isEnumType(type)) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
      }
      expect(missing).toEqual([]);
    });

    it("keeps every name of the README's core contract table", () => {
      const fields = (name: string) => {
        const type = live.getType(name);
        return isObjectType(type) ? Object.keys(type.getFields()) : [];
      };
      const contract = readmeContract();
      expect(Object.keys(contract)).toEqual(expect.arrayContaining(['Query', 'Country', 'Program', 'FundingGrant', 'Citation']));
      for (const [type, names] of Object.entries(contract)) expect(fields(type), type).toEqual(expect.arrayContaining(names));
      for (const type of ['Country', 'Organization', 'Person', 'Meeting', 'Decision', 'Program', 'FundingGrant', 'Source', 'Citation']) {
        expect(fields(type), type).toEqual(expect.arrayContaining(['version', 'createdAt', 'updatedAt']));
        const t = live.getType(type);
        expect(isObjectType(t) ? t.getInterfaces().map((i) => i.name) : [], type).toContain('Node');
      }
    });
  });
});

/** The README's "core contract, by name" table: type name to field names (list markers dropped). */
function readmeContract(): Record<string, string[]> {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('<!-- contract:start -->'), readme.indexOf('<!-- contract:end -->'));
  const rows = [...table.matchAll(/^\| (\w+) \| `([^`]+)` \|$/gm)];
  return Object.fromEntries(rows.map(([, type, names]) => [type, names.split(' ').map((n) => n.replace('[...]', ''))]));
}
