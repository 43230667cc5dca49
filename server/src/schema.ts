import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { CountryResolver, MembershipResolver } from './modules/country/country.resolver';
import { GrantResolver } from './modules/grant/grant.resolver';
import { DecisionResolver } from './modules/meeting/decision.resolver';
import { MeetingParticipantResolver, MeetingResolver } from './modules/meeting/meeting.resolver';
import { NodeResolver } from './modules/node/node.resolver';
import { OrganizationResolver } from './modules/organization/organization.resolver';
import { PersonResolver, RoleResolver } from './modules/person/person.resolver';
import { ProgramAmendmentResolver, ProgramResolver } from './modules/program/program.resolver';
import { SearchResolver } from './modules/search/search.resolver';
import { CitationResolver, SourceResolver } from './modules/source/source.resolver';

export const RESOLVERS = [
  NodeResolver, SearchResolver, CountryResolver, MembershipResolver, OrganizationResolver, PersonResolver, RoleResolver,
  MeetingResolver, MeetingParticipantResolver, DecisionResolver, ProgramResolver, ProgramAmendmentResolver,
  GrantResolver, SourceResolver, CitationResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process (type-graphql's metadata is global). */
export function apiSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: RESOLVERS, validate: false }).then((schema) => {
    schema.getQueryType()!.description =
      'The apo-data read API: APO member economies, organizations, people, meetings and decisions, programs, grants, and the sources behind every fact.';
    return schema;
  });
  return built;
}

export const SCHEMA_HEADER = '# GENERATED FILE - do not edit. Emitted from the code by `npm run schema`;\n# a test fails when it differs from the live schema.\n\n';

/** The published SDL: sorted, so the file only changes when the API does. */
export function printApiSchema(schema: GraphQLSchema): string {
  return SCHEMA_HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}
