import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../sdk/src';
import { CountriesDocument, NodeDocument, NodesDocument, SearchDocument, possibleTypes } from '../../sdk/src/documents';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let sdk: Client;
beforeAll(async () => {
  server = await startServer();
  sdk = createClient({ url: server.url });
});
afterAll(() => server?.close());

/** Apollo Client 4 as the README sets it up, talking HTTP to the real service. */
function apollo(options: { possibleTypes?: typeof possibleTypes } = { possibleTypes }) {
  return new ApolloClient({
    link: new HttpLink({ uri: server.url }),
    cache: new InMemoryCache({
      ...options,
      typePolicies: { Query: { fields: { countries: relayStylePagination(['filter', 'orderBy']) } } },
    }),
  });
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('possibleTypes: fragments on the Node interface and the SearchResult union keep their fields', () => {
  it('search("Japan") returns the Country with its code and name, as the API answers it', async () => {
    const { data } = await apollo().query({ query: SearchDocument, variables: { query: 'Japan' } });
    const raw = await sdk.search({ query: 'Japan' });
    expect(raw.search.length).toBeGreaterThan(0);
    expect(data?.search).toEqual(raw.search);
    expect(data?.search.find((hit) => hit.__typename === 'Country')).toMatchObject({ __typename: 'Country', countryCode: 'JP', name: 'Japan' });
  });

  it('node and nodes return every field of the summary', async () => {
    const client = apollo();
    const [country] = (await sdk.search({ query: 'Japan', types: ['COUNTRY'] })).search;
    const [program] = (await sdk.search({ query: 'GP2', types: ['PROGRAM'] })).search;
    const node = await client.query({ query: NodeDocument, variables: { id: country.id } });
    expect(node.data?.node).toEqual((await sdk.node({ id: country.id })).node);
    expect(node.data?.node).toMatchObject({ __typename: 'Country', countryCode: 'JP', name: 'Japan' });
    const ids = [program.id, country.id];
    const nodes = await client.query({ query: NodesDocument, variables: { ids } });
    expect(nodes.data?.nodes).toEqual((await sdk.nodes({ ids })).nodes);
    expect(nodes.data?.nodes.map((n) => n?.__typename)).toEqual(['Program', 'Country']);
    expect(nodes.data?.nodes[0]).toMatchObject({ programCode: 'GP2', title: expect.any(String) });
  });

  it('without possibleTypes the same search loses those fields (why the SDK exports it)', async () => {
    const { data } = await apollo({}).query({ query: SearchDocument, variables: { query: 'Japan' } });
    const hit = data?.search.find((h) => h.__typename === 'Country');
    expect(hit).toBeDefined();
    expect(hit).not.toHaveProperty('name');
  });
});

describe("relayStylePagination: the list documents' edges merge page by page", () => {
  it('fetchMore, 5 countries at a time until hasNextPage is false, leaves every country in the cached list', async () => {
    const client = apollo();
    const expected = (await all(sdk.paginate.countries())).map((c) => c.code);
    expect(expected.length).toBeGreaterThan(10);

    const watched = client.watchQuery({ query: CountriesDocument, variables: { first: 5 } });
    let page = (await watched.refetch()).data;
    expect(page?.countries.edges).toHaveLength(5);
    let requests = 1;
    while (page?.countries.pageInfo.hasNextPage) {
      page = (await watched.fetchMore({ variables: { after: page.countries.pageInfo.endCursor } })).data;
      requests++;
    }
    expect(requests).toBe(Math.ceil(expected.length / 5));
    const cached = client.readQuery({ query: CountriesDocument, variables: { first: 5 } });
    expect(cached?.countries.edges.map((e) => e.node.code)).toEqual(expected);
    expect(cached?.countries.pageInfo.hasNextPage).toBe(false);
    const current = watched.getCurrentResult();
    expect(current.dataState).toBe('complete');
    expect(current.data?.countries?.edges?.map((e) => e?.node?.code)).toEqual(expected);
  });

  it('a filtered list is cached apart from the whole list (keyArgs filter, orderBy)', async () => {
    const client = apollo();
    const filter = { membershipStatus: 'ACTIVE' as const };
    const expected = (await all(sdk.paginate.countries({ filter }))).map((c) => c.code);
    const whole = (await all(sdk.paginate.countries())).map((c) => c.code);
    expect(expected.length).toBeLessThan(whole.length);

    for (const variables of [{ first: 100 }, { first: 100, filter }]) await client.query({ query: CountriesDocument, variables });
    expect(client.readQuery({ query: CountriesDocument, variables: { first: 100 } })?.countries.edges.map((e) => e.node.code)).toEqual(whole);
    expect(client.readQuery({ query: CountriesDocument, variables: { first: 100, filter } })?.countries.edges.map((e) => e.node.code)).toEqual(expected);
  });
});
