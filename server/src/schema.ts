import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ErrorCodeEnum } from './errors';
import { RESOLVERS } from './modules';
import { assertMutationsNeedEditor, authChecker } from './modules/auth';

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process (type-graphql's metadata is global); `@Authorized` fields go through `authChecker`. */
export function apiSchema(): Promise<GraphQLSchema> {
  built ??= Promise.resolve().then(assertMutationsNeedEditor).then(() => buildSchema({ resolvers: RESOLVERS, validate: false, authChecker, authMode: 'error' })).then((typed) => {
    // No field returns ErrorCode, and a schema keeps only the types it reaches unless they are listed.
    const config = typed.toConfig();
    const schema = new GraphQLSchema({ ...config, types: [...config.types, ErrorCodeEnum] });
    const mutations = schema.getMutationType();
    if (mutations) {
      mutations.description =
        'Changes to the data, for EDITOR and ADMIN tokens. Each mutation runs in one transaction and answers a payload: the record, and `userErrors` (nothing is written when there are any).';
    }
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
