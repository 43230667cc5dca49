// The bench's scenarios: one GraphQL request each, with the process that answers it.
// `params` come from the statement probe (a grant ID, the cursor deep in the list), see probe.mjs.

/** S2's query: a page of grants with donor, program and the program's participating countries. */
export const GRANT_PAGE = `query GrantPage($first: Int!) {
  grants(first: $first) {
    nodes {
      id title awardedOn
      amount { amount currency }
      donor { name country { code } }
      program { code title participatingCountries { code name } }
    }
  }
}`;

const GRANT = `query Grant($id: ID!) { grant(id: $id) { id title awardedOn amount { amount currency } donor { name } } }`;

const PLAIN_FIELDS = `query PlainFields { grants(first: 100) { nodes { id title description mechanism awardedOn startDate endDate status createdAt version } } }`;

const FILTERED = `query Filtered($filter: GrantFilter!) {
  grants(first: 20, filter: $filter) { totalCount nodes { id title awardedOn amount { amount currency } } }
}`;
export const S4_FILTER = { donorCountry: 'JP', currencies: ['JPY', 'USD'], awardedOnOrAfter: '2000-01-01', awardedOnOrBefore: '2009-12-31' };

const SEARCH = `query Search($query: String!) {
  search(query: $query, first: 10) { __typename ... on FundingGrant { id title } ... on Organization { id name } ... on Program { id title } }
}`;

const SUMMARY = `query Summary($groupBy: FundingGroupBy!) { fundingSummary(groupBy: $groupBy) { key label grantCount unknownAmountCount totals { amount currency } } }`;

const PAGE = `query Page($after: String) {
  grants(first: 20, after: $after) { nodes { id title awardedOn amount { amount currency } } pageInfo { endCursor hasNextPage } }
}`;

/** Page size of S6's pages, and the page it reaches for (capped by the dataset: see `deepPage`). */
export const S6_PAGE_SIZE = 20;
export const S6_PAGE = 10_000;
/** The deepest page S6 can ask for in a dataset of `grants` synthetic grants: page 10 000, or 90% down a small table. */
export const deepPage = (grants) => Math.max(2, Math.min(S6_PAGE, Math.floor((grants * 0.9) / S6_PAGE_SIZE)));

/**
 * target: which process answers: `raw` (S0a), `graphqljs` (S0b), `service` (cache off) or `cached` (cache on).
 * `params`: { grantId, deepCursor, deepPage } from the probe; absent while only the queries are needed.
 */
export function scenarios(params = {}) {
  const page = params.deepPage ?? S6_PAGE;
  return [
    { id: 'S0a', label: 'raw node:http, S2 answer bytes', target: 'raw', query: GRANT_PAGE, variables: { first: 50 } },
    { id: 'S0b', label: 'graphql-js, S2 answer in memory', target: 'graphqljs', query: GRANT_PAGE, variables: { first: 50 } },
    { id: 'S1', label: 'grant(id:) + donor', target: 'service', query: GRANT, variables: { id: params.grantId } },
    { id: 'S2', label: '50 grants + donor, program, countries', target: 'service', query: GRANT_PAGE, variables: { first: 50 } },
    { id: 'S2/5', label: 'S2 with 5 grants', target: 'service', query: GRANT_PAGE, variables: { first: 5 } },
    { id: 'S2/100', label: 'S2 with 100 grants', target: 'service', query: GRANT_PAGE, variables: { first: 100 } },
    { id: 'S2c', label: 'S2 from the response cache', target: 'cached', query: GRANT_PAGE, variables: { first: 50 } },
    { id: 'S3', label: '100 grants x 10 plain fields', target: 'service', query: PLAIN_FIELDS, variables: {} },
    // Compression: the same answer to a client that accepts gzip, or brotli (bytes on the wire in `answerBytes`).
    { id: 'S3gz', label: 'S3, accept-encoding: gzip', target: 'service', query: PLAIN_FIELDS, variables: {}, encoding: 'gzip' },
    { id: 'S3br', label: 'S3, accept-encoding: br', target: 'service', query: PLAIN_FIELDS, variables: {}, encoding: 'br' },
    { id: 'S4a', label: 'filtered grants + totalCount', target: 'service', query: FILTERED, variables: { filter: S4_FILTER } },
    { id: 'S4b', label: 'search(query: "energy efficiency")', target: 'service', query: SEARCH, variables: { query: 'energy efficiency' } },
    { id: 'S5a', label: 'fundingSummary(groupBy: DONOR)', target: 'service', query: SUMMARY, variables: { groupBy: 'DONOR' } },
    { id: 'S5b', label: 'fundingSummary(groupBy: YEAR)', target: 'service', query: SUMMARY, variables: { groupBy: 'YEAR' } },
    { id: 'S6/1', label: `grants page 1 (${S6_PAGE_SIZE} a page)`, target: 'service', query: PAGE, variables: { after: null } },
    { id: 'S6', label: `grants page ${page.toLocaleString('en-US').replace(/,/g, ' ')} by cursor`, target: 'service', query: PAGE, variables: { after: params.deepCursor } },
  ];
}

/** The scaling matrix's request: S2's query at one page size. */
export const scalingRequest = (first) => ({ query: GRANT_PAGE, variables: { first } });
