import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, gid, startServer, type GraphQLResponse, type TestServer } from '../helpers/server';

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  beforeAll(async () => { server = await startServer(db); });
  afterAll(() => server?.close());

  /** Sends a bad request; whatever else its test checks, the answer must leak no SQL and carry only documented codes. */
  async function bad(query: string, variables?: Record<string, unknown>, on: TestServer = server) {
    const res = await on.gql(query, variables);
    const request = `${query} ${JSON.stringify(variables ?? {})}`;
    expect(JSON.stringify(res.body), `SQL in the answer to ${request}`).not.toMatch(SQL);
    for (const e of res.body.errors ?? []) expect(DOCUMENTED_CODES.has(e.extensions?.code), `${request}: ${String(e.extensions?.code)}`).toBe(true);
    return res;
  }

  /** The request failed with exactly one error carrying `code`; returns that error. */
  function expectCode(res: GraphQLResponse, code: string) {
    expect(res.body.errors, JSON.stringify(res.body)).toBeDefined();
    expect(res.body.errors!.length).toBeGreaterThan(0);
    const err = res.body.errors![0];
    expect(err.extensions?.code, JSON.stringify(err)).toBe(code);
    expect(err.message.length).toBeGreaterThan(0);
    return err;
  }

  const DOCUMENTED_CODES = new Set<unknown>(['BAD_USER_INPUT', 'NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT', 'QUERY_TOO_COMPLEX', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR']);
  const SQL = /\bselect\s[\s\S]*?\sfrom\s|\binsert\s+into\b|\bdelete\s+from\b|\bupdate\s+`|`\w+`\.`\w+`|SQLITE_|DriverException|better-sqlite|row value misused|no such column/i;
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

  type CountriesPage = { countries: { totalCount: number; nodes: Array<{ code: string }>; pageInfo: { startCursor: string | null; endCursor: string | null } } };
  const COUNTRIES = `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: [CountryOrder!]) {
    countries(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
      totalCount nodes { code } pageInfo { startCursor endCursor }
    }
  }`;

  // Cursors are opaque, but a client can still send a damaged or hand-made one: it must be
  // refused as bad input, never reach the database as an operator, an array or an invalid date.
  // Each is made from a real cursor of the same ordering, with its first value replaced.
  const forged: Array<[string, Record<string, unknown>, unknown]> = [
    ['a value that is an object', {}, { x: 1 }],
    ['a value that is an array', {}, [1, 2]],
    ['an invalid date value', { orderBy: [{ field: 'CREATED_AT' }] }, { d: 'garbage' }],
  ];

  async function forgedVariables(on: TestServer, vars: Record<string, unknown>, value: unknown) {
    const real = (await on.data<CountriesPage>(COUNTRIES, { ...vars, first: 2 })).countries.pageInfo.endCursor;
    expect(real, 'a first page of two has an end cursor').toEqual(expect.any(String));
    const decoded = JSON.parse(Buffer.from(real!, 'base64url').toString('utf8')) as { v: unknown[] };
    expect(Array.isArray(decoded.v), `cursor format changed: ${real}`).toBe(true);
    decoded.v[0] = value;
    return { ...vars, first: 2, after: b64(decoded) };
  }

  describe('variables and documents', () => {
    it('a variable of the wrong type is HTTP 400 and BAD_USER_INPUT', async () => {
      const res = await bad(`query ($n: Int) { countries(first: $n) { totalCount } }`, { n: 'ten' });
      expect(res.status).toBe(400);
      const err = expectCode(res, 'BAD_USER_INPUT');
      expect(err.message).toContain('$n');
      expect(res.body.data).toBeUndefined();
    });

    it('a missing required variable is HTTP 400 and BAD_USER_INPUT', async () => {
      const res = await bad(`query ($c: CountryCode!) { country(code: $c) { name } }`, {});
      expect(res.status).toBe(400);
      expectCode(res, 'BAD_USER_INPUT');
    });

    it('a syntax error is BAD_USER_INPUT; extensions.reason keeps Apollo\'s code', async () => {
      const res = await bad(`{ countries(first: 1 { totalCount } }`);
      expect(res.status).toBe(400);
      const err = expectCode(res, 'BAD_USER_INPUT');
      expect(err.extensions?.reason).toBe('GRAPHQL_PARSE_FAILED');
      expect(err.message).toMatch(/Syntax Error/);
    });

    it('an unknown field is BAD_USER_INPUT; extensions.reason keeps Apollo\'s code', async () => {
      const res = await bad(`{ countries(first: 1) { totalCount nope } }`);
      expect(res.status).toBe(400);
      const err = expectCode(res, 'BAD_USER_INPUT');
      expect(err.extensions?.reason).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(err.message).toContain('nope');
    });

    it('an unknown argument is BAD_USER_INPUT', async () => {
      const res = await bad(`{ countries(size: 1) { totalCount } }`);
      expect(res.status).toBe(400);
      expect(expectCode(res, 'BAD_USER_INPUT').extensions?.reason).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('page sizes', () => {
    it('first: 100 is allowed', async () => {
      const data = await server.data<CountriesPage>(COUNTRIES, { first: 100 });
      expect(data.countries.nodes.length).toBe(data.countries.totalCount);
    });

    for (const arg of ['first', 'last']) {
      it(`${arg}: 101 is BAD_USER_INPUT naming \`${arg}\``, async () => {
        const err = expectCode(await bad(COUNTRIES, { [arg]: 101 }), 'BAD_USER_INPUT');
        expect(err.extensions?.argument).toBe(arg);
        expect(err.message).toContain(arg);
        expect(err.message).toContain('100');
      });

      it(`negative ${arg} is BAD_USER_INPUT naming \`${arg}\``, async () => {
        const err = expectCode(await bad(COUNTRIES, { [arg]: -1 }), 'BAD_USER_INPUT');
        expect(err.extensions?.argument).toBe(arg);
        expect(err.message).toContain(arg);
      });
    }

    it('first and last together is BAD_USER_INPUT', async () => {
      const err = expectCode(await bad(COUNTRIES, { first: 5, last: 5 }), 'BAD_USER_INPUT');
      expect(err.message).toMatch(/first/);
      expect(err.message).toMatch(/last/);
    });

    it('the nested Program.grants connection checks its sizes too', async () => {
      const err = expectCode(await bad(`{ program(code: "GP2") { grants(first: 101) { totalCount } } }`), 'BAD_USER_INPUT');
      expect(err.extensions?.argument).toBe('first');
    });

    it('nodes(ids:) takes at most 100 IDs', async () => {
      const ids = Array.from({ length: 101 }, (_, i) => gid('Country', `Z${i}`));
      const err = expectCode(await bad(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }), 'BAD_USER_INPUT');
      expect(err.extensions?.argument).toBe('ids');
    });
  });

  describe('cursors', () => {
    for (const arg of ['after', 'before']) {
      it(`a malformed \`${arg}\` cursor is BAD_USER_INPUT naming \`${arg}\``, async () => {
        for (const cursor of ['garbage', '!!!', b64('null'), b64([1, 2])]) {
          const err = expectCode(await bad(COUNTRIES, { first: 5, [arg]: cursor }), 'BAD_USER_INPUT');
          expect(err.extensions?.argument, `cursor ${JSON.stringify(cursor)}`).toBe(arg);
        }
      });
    }

    it('a truncated real cursor is BAD_USER_INPUT', async () => {
      const page = await server.data<CountriesPage>(COUNTRIES, { first: 5 });
      const cursor = page.countries.pageInfo.endCursor!;
      const err = expectCode(await bad(COUNTRIES, { first: 5, after: cursor.slice(0, cursor.length - 6) }), 'BAD_USER_INPUT');
      expect(err.extensions?.argument).toBe('after');
    });

    it('a cursor from one ordering used with another is BAD_USER_INPUT', async () => {
      const byName = await server.data<CountriesPage>(COUNTRIES, { first: 5 });
      const cursor = byName.countries.pageInfo.endCursor;
      // It works with its own ordering...
      expect((await server.data<CountriesPage>(COUNTRIES, { first: 5, after: cursor })).countries.nodes).toHaveLength(5);
      // ...and not with another one, nor the same field in the other direction.
      for (const orderBy of [[{ field: 'CODE', direction: 'DESC' }], [{ field: 'NAME', direction: 'DESC' }], [{ field: 'NAME' }, { field: 'CODE' }]]) {
        const err = expectCode(await bad(COUNTRIES, { first: 5, after: cursor, orderBy }), 'BAD_USER_INPUT');
        expect(err.extensions?.argument).toBe('after');
      }
      const err = expectCode(await bad(COUNTRIES, { last: 5, before: cursor, orderBy: [{ field: 'CODE' }] }), 'BAD_USER_INPUT');
      expect(err.extensions?.argument).toBe('before');
    });

    for (const [what, vars, value] of forged) {
      it(`a forged cursor with ${what} is BAD_USER_INPUT, with no SQL in the response`, async () => {
        const res = await bad(COUNTRIES, await forgedVariables(server, vars, value));
        expect(JSON.stringify(res.body)).not.toMatch(SQL);
        expect(expectCode(res, 'BAD_USER_INPUT').extensions?.argument).toBe('after');
      });
    }
  });

  describe('scalars and arguments', () => {
    it('an invalid Date literal is BAD_USER_INPUT', async () => {
      for (const day of ['2021-02-30', '2021-13-01', '2021-6-9', '09/06/2021', '2021-06-09T00:00:00Z']) {
        const res = await bad(`{ programs(filter: { activeOn: "${day}" }) { totalCount } }`);
        expect(res.status, day).toBe(400);
        expectCode(res, 'BAD_USER_INPUT');
      }
      // The same check applies to variables.
      const res = await bad(`query ($d: Date) { programs(filter: { activeOn: $d }) { totalCount } }`, { d: '2021-02-30' });
      expect(res.status).toBe(400);
      expectCode(res, 'BAD_USER_INPUT');
      // A real leap day is fine.
      await server.data(`{ programs(filter: { activeOn: "2020-02-29" }) { totalCount } }`);
    });

    it('a country code that is not ISO 3166-1 is BAD_USER_INPUT', async () => {
      for (const code of ['ZZ', 'JPN', 'J', '12']) {
        const res = await bad(`query ($c: CountryCode!) { country(code: $c) { name } }`, { c: code });
        expect(res.status, code).toBe(400);
        expectCode(res, 'BAD_USER_INPUT');
      }
    });

    it('a lower-case country code is BAD_USER_INPUT (codes are upper case)', async () => {
      const literal = await bad(`{ country(code: "jp") { name } }`);
      expectCode(literal, 'BAD_USER_INPUT');
      const variable = await bad(`query ($c: CountryCode!) { country(code: $c) { name } }`, { c: 'jp' });
      expectCode(variable, 'BAD_USER_INPUT');
      const filter = await bad(`{ countries(filter: { codes: ["jp"] }) { totalCount } }`);
      expectCode(filter, 'BAD_USER_INPUT');
    });

    it('an unknown enum value is BAD_USER_INPUT', async () => {
      const res = await bad(`{ organizations(filter: { kinds: [CLUB] }) { totalCount } }`);
      expect(res.status).toBe(400);
      expectCode(res, 'BAD_USER_INPUT');
    });

    it('search with an empty or punctuation-only query is BAD_USER_INPUT naming `query`', async () => {
      for (const query of ['', '   ', '!!!', '%', '_', '-- ;']) {
        const err = expectCode(await bad(`query ($q: String!) { search(query: $q) { __typename } }`, { q: query }), 'BAD_USER_INPUT');
        expect(err.extensions?.argument, JSON.stringify(query)).toBe('query');
      }
      // Quotes and SQL comment marks are plain punctuation, ignored like any other.
      const plain = await server.data<{ search: unknown[] }>(`{ search(query: "Jepang") { __typename ... on Country { code } } }`);
      const quoted = await server.data<{ search: unknown[] }>(`{ search(query: "Jepang'; --") { __typename ... on Country { code } } }`);
      expect(plain.search.length).toBeGreaterThan(0);
      expect(quoted.search).toEqual(plain.search);
    });

    it('a name or title filter with no letter or digit is BAD_USER_INPUT, not "match everything"', async () => {
      const lists = [['countries', 'name'], ['organizations', 'name'], ['people', 'name'], ['meetings', 'title'], ['programs', 'title']];
      for (const [list, field] of lists) {
        const err = expectCode(await bad(`query ($t: String) { ${list}(filter: { ${field}: $t }) { totalCount } }`, { t: '%' }), 'BAD_USER_INPUT');
        expect(err.extensions?.argument, list).toBe(`filter.${field}`);
      }
    });

    it('search with first out of range is BAD_USER_INPUT', async () => {
      for (const first of [0, 101]) {
        const err = expectCode(await bad(`query ($n: Int!) { search(query: "APO", first: $n) { __typename } }`, { n: first }), 'BAD_USER_INPUT');
        expect(err.extensions?.argument).toBe('first');
      }
    });

    it('a filter ID of the wrong type or malformed is BAD_USER_INPUT naming the filter field', async () => {
      const { program } = await server.data<{ program: { id: string } }>(`{ program(code: "GP2") { id } }`);
      const wrongType = expectCode(await bad(`query ($d: ID) { grants(filter: { donor: $d }) { totalCount } }`, { d: program.id }), 'BAD_USER_INPUT');
      expect(wrongType.extensions?.argument).toBe('filter.donor');
      const malformed = expectCode(await bad(`{ decisions(filter: { program: "not-an-id!!" }) { totalCount } }`), 'BAD_USER_INPUT');
      expect(malformed.message).toContain('not-an-id!!');
    });
  });

  describe('what error responses reveal', () => {
    it('bad-input responses never contain SQL text, and carry only documented codes', async () => {
      // One of each kind of bad input above, sent here so that this test stands alone.
      const requests: Array<[string, Record<string, unknown>?]> = [
        [`query ($n: Int) { countries(first: $n) { totalCount } }`, { n: 'ten' }],
        [`query ($c: CountryCode!) { country(code: $c) { name } }`, {}],
        [`{ countries(first: 1 { totalCount } }`],
        [`{ countries(first: 1) { totalCount nope } }`],
        [`{ countries(size: 1) { totalCount } }`],
        [COUNTRIES, { first: 101 }],
        [COUNTRIES, { last: -1 }],
        [COUNTRIES, { first: 5, last: 5 }],
        [`{ program(code: "GP2") { grants(first: 101) { totalCount } } }`],
        [COUNTRIES, { first: 5, after: 'garbage' }],
        [COUNTRIES, { last: 5, before: b64([1, 2]) }],
        ...(await Promise.all(forged.map(async ([, vars, value]) => [COUNTRIES, await forgedVariables(server, vars, value)] as [string, Record<string, unknown>]))),
        [`{ programs(filter: { activeOn: "2021-02-30" }) { totalCount } }`],
        [`query ($c: CountryCode!) { country(code: $c) { name } }`, { c: 'ZZ' }],
        [`{ countries(filter: { codes: ["jp"] }) { totalCount } }`],
        [`{ organizations(filter: { kinds: [CLUB] }) { totalCount } }`],
        [`query ($q: String!) { search(query: $q) { __typename } }`, { q: '-- ;' }],
        [`query ($t: String) { people(filter: { name: $t }) { totalCount } }`, { t: '%' }],
        [`{ search(query: "APO", first: 0) { __typename } }`],
        [`{ decisions(filter: { program: "not-an-id!!" }) { totalCount } }`],
        [`{ node(id: "not-an-id!!") { id } }`],
        [`{ country(code: "US") { name } }`],
      ];
      expect(requests.length).toBeGreaterThan(20);
      for (const [query, variables] of requests) {
        const res = await server.gql(query, variables);
        const request = `${query} ${JSON.stringify(variables ?? {})}`;
        expect(res.body.errors?.length, request).toBeGreaterThan(0);
        expect(JSON.stringify(res.body), request).not.toMatch(SQL);
        for (const e of res.body.errors ?? []) expect(DOCUMENTED_CODES.has(e.extensions?.code), `${request}: ${String(e.extensions?.code)}`).toBe(true);
      }
    });

    it('by default (development mode, as `npm start` runs) errors carry no stack trace', async () => {
      const res = await server.gql(COUNTRIES, { first: 101 });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|\.ts:\d+|node_modules/);
    });

    it('with APO_DATA_DEBUG_ERRORS=true, and only then, errors carry a stack trace (so the checks of its absence mean something)', async () => {
      const debug = await startServer(db, { APO_DATA_DEBUG_ERRORS: 'true' });
      try {
        const res = await debug.gql(COUNTRIES, { first: 101 });
        expect(res.body.errors?.[0]?.extensions?.stacktrace).toEqual(expect.arrayContaining([expect.any(String)]));
      } finally {
        await debug.close();
      }
    });

    describe('a production server', () => {
      let prod: TestServer;
      beforeAll(async () => { prod = await startServer(db, { NODE_ENV: 'production' }); });
      afterAll(() => prod?.close());

      it('hides stack traces for bad input, keeping the code and a useful message', async () => {
        const res = await bad(COUNTRIES, { first: 101 }, prod);
        const err = expectCode(res, 'BAD_USER_INPUT');
        expect(err.extensions?.stacktrace).toBeUndefined();
        expect(err.extensions?.argument).toBe('first');
        expect(err.message).toContain('first');
        expect(JSON.stringify(res.body)).not.toMatch(/\.ts:\d+|node_modules|at [\w.]+ \(/);
      });

      it('hides stack traces and SQL for every kind of failing request', async () => {
        const requests: Array<[string, Record<string, unknown>?]> = [
          [`query ($n: Int) { countries(first: $n) { totalCount } }`, { n: 'ten' }],
          [`{ countries(first: 1 { totalCount } }`],
          [`{ countries(first: 1) { nope } }`],
          [`{ programs(filter: { activeOn: "2021-02-30" }) { totalCount } }`],
          [`{ node(id: "not-an-id!!") { id } }`],
          [`{ country(code: "US") { name } }`],
          [`query ($a: String) { countries(first: 2, after: $a) { totalCount } }`, { a: 'garbage' }],
          ...(await Promise.all(forged.map(async ([, vars, value]) => [COUNTRIES, await forgedVariables(prod, vars, value)] as [string, Record<string, unknown>]))),
          [`query ($id: ID!) { node(id: $id) { id ... on Country { name } } }`, { id: gid('Country', 'ZZ') }],
        ];
        for (const [query, variables] of requests) {
          const res = await bad(query, variables, prod);
          const text = JSON.stringify(res.body);
          expect(text, query).not.toMatch(SQL);
          expect(text, query).not.toContain('stacktrace');
          expect(text, query).not.toMatch(/\.ts:\d+|node_modules/);
        }
      });
    });
  });
});
