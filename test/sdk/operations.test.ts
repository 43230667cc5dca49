import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, Kind, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client, type GrantsQuery, type NodeOf, type Paginators } from '../../sdk/src';
import { ApiRole } from '../../server/src/modules/auth/auth.types';
import { issueToken } from '../../server/src/modules/auth/token.service';
import { gid, startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let client: Client;
beforeAll(async () => {
  server = await startServer();
  // An ADMIN token: the client may then call every operation, the audit log and the mutations included.
  client = createClient({ url: server.url, token: (await issueToken(server.em(), 'sdk-operations-test', ApiRole.ADMIN)).token });
});
afterAll(() => server?.close());

/** Every operation of the `.query.graphql` and `.mutation.graphql` files under sdk/operations, with the method name the SDK gives it. */
const OPERATIONS_DIR = join(__dirname, '..', '..', 'sdk', 'operations');
const SCHEMA = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));
const FILE_OPERATIONS = readdirSync(OPERATIONS_DIR, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.query.graphql') || file.endsWith('.mutation.graphql'))
  .flatMap((file) => parse(readFileSync(join(OPERATIONS_DIR, file), 'utf8')).definitions.map((def) => ({ file, def })))
  .filter((o): o is { file: string; def: OperationDefinitionNode } => o.def.kind === Kind.OPERATION_DEFINITION)
  .map(({ file, def }) => {
    const root = def.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD)!;
    const rootType = getNamedType((def.operation === 'mutation' ? SCHEMA.getMutationType()! : SCHEMA.getQueryType()!).getFields()[root.name.value].type);
    return {
      file,
      // The SDK names a method after its operation, first letter lower-cased (`FundingSummary` -> `fundingSummary`).
      method: def.name!.value[0].toLowerCase() + def.name!.value.slice(1),
      /** The answer's key of a Relay connection, which a paginator follows; null for other operations. */
      connection: rootType.name.endsWith('Connection') ? (root.alias ?? root.name).value : null,
    };
  });

describe('one typed method per operation, each answering from the real service', () => {
  it('has a method for every operation file, and a paginator for every list operation', () => {
    expect(FILE_OPERATIONS.length, 'operations found in sdk/operations').toBeGreaterThan(10);
    const members = new Map<string, unknown>(Object.entries(client));
    for (const { file, method } of FILE_OPERATIONS) expect(typeof members.get(method), `client.${method} for ${file}`).toBe('function');
    // No method without an operation file either: besides them the client has only `request`, `paginate` and `cost` (a dry run of any query).
    expect([...members.keys()].sort()).toEqual([...FILE_OPERATIONS.map((o) => o.method), 'cost', 'paginate', 'request'].sort());
    const lists = FILE_OPERATIONS.filter((o) => o.connection).map((o) => o.method);
    expect(lists).toEqual(expect.arrayContaining(['countries', 'grants', 'memberships']));
    expect(Object.keys(client.paginate).sort()).toEqual(lists.sort());
  });

  it('each paginator yields the nodes its list method answers, page by page', async () => {
    // Two changes, so that the change feed and the audit log have pages to walk.
    const { createGrant } = await client.createGrant({ input: { title: 'SDK grant', donor: gid('Organization', 'apo'), status: 'PLANNED' } });
    expect(createGrant.userErrors).toEqual([]);
    const { updateGrant } = await client.updateGrant({ input: { id: createGrant.grant!.id, version: 1, title: 'SDK grant, renamed' } });
    expect(updateGrant.grant).toMatchObject({ title: 'SDK grant, renamed', version: 2 });
    const isList = (method: string): method is keyof Paginators => Object.hasOwn(client.paginate, method);
    for (const { method, connection } of FILE_OPERATIONS) {
      if (!connection) continue;
      expect(isList(method), `client.paginate.${method}`).toBe(true);
      if (!isList(method)) continue;
      const walked: unknown[] = [];
      for await (const node of client.paginate[method](undefined, { pageSize: 1, maxPages: 2 })) walked.push(node);
      expect(walked.length, method).toBeGreaterThan(0);
      expect(await client[method]({ first: 2 }), method).toMatchObject({ [connection]: { edges: walked.map((node) => ({ node })) } });
    }
    // The grant goes again, so that the other tests see the bundled dataset as it is.
    const { deleteGrant } = await client.deleteGrant({ input: { id: createGrant.grant!.id, version: 2 } });
    expect(deleteGrant).toEqual({ deletedId: createGrant.grant!.id, userErrors: [] });
  });

  it('countries and country', async () => {
    const { countries } = await client.countries({ filter: { name: 'Jepang' } });
    expect(countries.edges.map((e) => e.node.code)).toEqual(['JP']);
    const { country } = await client.country({ code: 'TW' });
    expect(country.citations.some((c) => c.status === 'DISPUTED' && c.correctedValue?.includes('Republic of China'))).toBe(true);
    expect(country.memberships[0].organization.acronym).toBe('APO');
  });

  it('memberships, by join date', async () => {
    const { memberships } = await client.memberships({ first: 100, orderBy: [{ field: 'JOINED_ON', direction: 'ASC' }] });
    expect(memberships.totalCount).toBe(21);
    const years = memberships.edges.map((e) => Number(e.node.joinedOn?.slice(0, 4)));
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(memberships.edges.find((e) => e.node.country.code === 'HK')?.node.status).toBe('SUSPENDED');
  });

  it('organizations and organization', async () => {
    const { organizations } = await client.organizations({ filter: { name: 'Kemnaker' } });
    const kemnaker = organizations.edges[0].node;
    const { organization } = await client.organization({ id: kemnaker.id });
    expect(organization.children.map((c) => c.acronym)).toContain('Binalavotas');
    expect(organization.country?.code).toBe('ID');
  });

  it('people and person', async () => {
    const { people } = await client.people({ filter: { name: 'Zakia' } });
    const { person } = await client.person({ id: people.edges[0].node.id });
    expect(person.roles.map((r) => r.country?.code)).toEqual(['BD', 'BD']);
    expect(person.citations.length).toBeGreaterThan(0);
  });

  it('meetings and meeting', async () => {
    const { meetings } = await client.meetings({ filter: { sessionNumber: 63 } });
    const { meeting } = await client.meeting({ id: meetings.edges[0].node.id });
    expect(meeting.attendingCountries).toHaveLength(20);
    expect(meeting.chair?.name).toBe('Zakia Sultana');
    expect(meeting.decisions).toHaveLength(2);
  });

  it('decisions and decision', async () => {
    const { decisions } = await client.decisions({ filter: { kinds: ['EXTENSION'] } });
    const { decision } = await client.decision({ id: decisions.edges[0].node.id });
    expect(decision.amendments[0]).toMatchObject({ field: 'endDate', previousValue: '2021-12-01', newValue: '2022-07-01' });
  });

  it('programs and program, with endDate as of a day', async () => {
    const { programs } = await client.programs({ filter: { activeOn: '2021-06-09' } });
    expect(programs.edges.map((e) => e.node.code)).toEqual(['COVID19-DIGITAL']);
    const { program } = await client.program({ code: 'COVID19-DIGITAL', asOf: '2021-06-01' });
    expect(program.endDate).toBe('2022-07-01');
    expect(program.endDateAsOf).toBe('2021-12-01');
    const gp2 = await client.program({ code: 'GP2' });
    expect(gp2.program.grants.nodes[0].mechanism).toBe('Special Cash Grant');
  });

  it('grants, grant and fundingSummary', async () => {
    const { grants } = await client.grants();
    const { grant } = await client.grant({ id: grants.edges[0].node.id });
    expect(grant.amount).toBeNull();
    expect(grant.donor.name).toBe('Government of Japan');
    expect(grant.citations.some((c) => c.excerpt.includes('Special Cash Grant'))).toBe(true);
    const { fundingSummary } = await client.fundingSummary({ groupBy: 'DONOR' });
    expect(fundingSummary).toEqual([{ key: grant.donor.id, label: 'Government of Japan', grantCount: 1, unknownAmountCount: 1, totals: [] }]);
  });

  it('sources and source', async () => {
    const { sources } = await client.sources({ filter: { publisher: 'Republika' } });
    const { source } = await client.source({ id: sources.edges[0].node.id });
    expect(source.citations.length).toBeGreaterThan(20);
    expect(source.citations.every((c) => c.subject?.id)).toBe(true);
  });

  it('search, node and nodes', async () => {
    const { search } = await client.search({ query: 'jepang', types: ['COUNTRY'] });
    expect(search[0]).toMatchObject({ __typename: 'Country', countryCode: 'JP', name: 'Japan' });
    const { node } = await client.node({ id: search[0].id });
    expect(node).toMatchObject({ __typename: 'Country', countryCode: 'JP' });
    const { nodes } = await client.nodes({ ids: [search[0].id, Buffer.from('Country:FR').toString('base64url')] });
    expect(nodes.map((n) => n?.__typename ?? null)).toEqual(['Country', null]);
  });
});

describe('types catch mistakes before the request is sent', () => {
  it('rejects a misspelt variable or a wrong enum at compile time (checked by `npm test`\'s type-check)', async () => {
    const compileOnly = async () => {
      // @ts-expect-error: `cod` is not a variable of Country
      await client.country({ cod: 'JP' });
      // @ts-expect-error: groupBy must be a FundingGroupBy
      await client.fundingSummary({ groupBy: 'DONORS' });
      // @ts-expect-error: code is required
      await client.country();
    };
    expect(compileOnly).toBeTypeOf('function');
  });
});

describe('pagination', () => {
  it('walks every page with a typed iterator, and stops at maxPages', async () => {
    const { countries } = await client.countries({ first: 100 });
    const walked: string[] = [];
    for await (const country of client.paginate.countries({}, { pageSize: 4 })) walked.push(country.code);
    expect(walked).toEqual(countries.edges.map((e) => e.node.code));
    const firstTwo: string[] = [];
    for await (const country of client.paginate.countries({}, { pageSize: 4, maxPages: 2 })) firstTwo.push(country.code);
    expect(firstTwo).toEqual(walked.slice(0, 8));
  });

  it('keeps filters and ordering across pages', async () => {
    const codes: string[] = [];
    for await (const c of client.paginate.countries({ orderBy: [{ field: 'CODE', direction: 'DESC' }], filter: { membershipStatus: 'ACTIVE' } }, { pageSize: 3 })) codes.push(c.code);
    expect(codes).toHaveLength(20);
    expect(codes).toEqual([...codes].sort().reverse());
  });

  it('yields the node type of the list', async () => {
    const grants: Array<NodeOf<'grants'>> = [];
    for await (const g of client.paginate.grants({ filter: { mechanism: 'Special Cash Grant' } })) grants.push(g);
    const sameShape: GrantsQuery['grants']['edges'][number]['node'] | undefined = grants[0];
    expect(sameShape?.donor.name).toBe('Government of Japan');
  });

  it('limit stops after that many nodes, asking for no more than are still wanted', async () => {
    const sent: Array<{ operationName?: string; query?: string; variables: Record<string, unknown> }> = [];
    const recording = createClient({ url: server.url, fetch: (input, init) => (sent.push(JSON.parse(String(init?.body))), fetch(input, init)) });
    const codes: string[] = [];
    for await (const c of recording.paginate.countries({}, { pageSize: 4, limit: 10 })) codes.push(c.code);
    const { countries } = await client.countries({ first: 10 });
    expect(codes).toEqual(countries.edges.map((e) => e.node.code));
    // Persisted-query probes repeat a request with its text; the sizes asked are what matter.
    const firsts = sent.filter((b) => b.query === undefined).map((b) => b.variables.first);
    expect(firsts).toEqual([4, 4, 2]);
  });

  it('its pages do not ask for totalCount (one COUNT per list, not one per page)', async () => {
    const sent: Array<{ operationName?: string; query?: string }> = [];
    const recording = createClient({ url: server.url, persistedQueries: false, fetch: (input, init) => (sent.push(JSON.parse(String(init?.body))), fetch(input, init)) });
    const counts = (from: number) => server.statements.slice(from).filter((sql) => /\bcount\(/i.test(sql)).length;
    const start = server.statements.length;
    for await (const _ of recording.paginate.countries({}, { pageSize: 10, maxPages: 2 })) void _;
    expect(sent).toHaveLength(2);
    for (const body of sent) {
      expect(body.operationName).toBe('CountriesPage');
      expect(body.query).toMatch(/edges\s*\{\s*cursor\s*node/);
      expect(body.query).not.toMatch(/totalCount/);
    }
    expect(counts(start)).toBe(0);
    const one = server.statements.length;
    expect((await recording.countries({ first: 1 })).countries.totalCount).toBeGreaterThan(10);
    expect(sent[2].query).toMatch(/totalCount/);
    expect(counts(one)).toBe(1);
  });

  it('backward walks from the end (or from before) and yields the last node first', async () => {
    const forward: string[] = [];
    for await (const c of client.paginate.countries()) forward.push(c.code);
    const backward: string[] = [];
    for await (const c of client.paginate.countries({}, { backward: true, pageSize: 4 })) backward.push(c.code);
    expect(backward).toEqual([...forward].reverse());
    const { countries } = await client.countries({ first: 10 });
    const before: string[] = [];
    for await (const c of client.paginate.countries({ before: countries.edges[9].cursor }, { backward: true, pageSize: 2, limit: 5 })) before.push(c.code);
    expect(before).toEqual(forward.slice(4, 9).reverse());
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(async () => {
      for await (const c of client.paginate.countries({}, { pageSize: 2, signal: controller.signal })) {
        seen.push(c.code);
        if (seen.length === 3) controller.abort();
      }
    }).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen.length).toBeLessThanOrEqual(4);
  });
});
