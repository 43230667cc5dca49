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

    it('keeps the core contract names of DESIGN.md', () => {
      const fields = (name: string) => Object.keys((live.getType(name) as any).getFields());
      expect(fields('Query')).toEqual(expect.arrayContaining([
        'node', 'nodes', 'country', 'countries', 'organization', 'organizations', 'person', 'people', 'meeting', 'meetings',
        'decision', 'decisions', 'program', 'programs', 'grant', 'grants', 'source', 'sources', 'search', 'fundingSummary',
      ]));
      const contract: Record<string, string> = {
        Country: 'id code alpha3 name names memberships citations',
        LocalizedName: 'lang name note',
        Organization: 'id name acronym kind country parent children memberships citations',
        Membership: 'id organization country joinedOn leftOn status',
        Person: 'id name otherNames roles citations',
        Role: 'id title organization country acting startDate endDate',
        Meeting: 'id organization kind sessionNumber title startDate endDate timezone modality platform durationMinutes hostCountry chair parent children participants attendingCountries decisions citations',
        MeetingParticipant: 'role person organization country',
        Decision: 'id meeting kind title text decidedOn requirement result programs amendments citations',
        Program: 'id code title description themes status startDate endDate amendments implementingOrganization participatingCountries predecessor successors grants citations',
        ProgramAmendment: 'id program field previousValue newValue effectiveOn decision',
        FundingGrant: 'id title description donor recipient program mechanism amount awardedOn startDate endDate status citations',
        Source: 'id title publisher url language publishedAt author citations',
        Citation: 'id source field excerpt status correctedValue note',
        FundingSummaryRow: 'key label grantCount totals',
        Money: 'amount currency',
      };
      for (const [type, names] of Object.entries(contract)) expect(fields(type), type).toEqual(expect.arrayContaining(names.split(' ')));
      for (const type of ['Country', 'Organization', 'Person', 'Meeting', 'Decision', 'Program', 'FundingGrant', 'Source', 'Citation']) {
        expect(fields(type), type).toEqual(expect.arrayContaining(['version', 'createdAt', 'updatedAt']));
        expect((live.getType(type) as any).getInterfaces().map((i: any) => i.name)).toContain('Node');
      }
    });
  });
});
