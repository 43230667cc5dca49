import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, gid, mutationPayload, roleHeaders, startServer, type GraphQLResponse, type TestServer } from '../helpers/server';

// Editing sources and citing them over HTTP: the mutations, each validation rule, roles, lost-update protection,
// the deletes refused while citations depend on a record, and what the records' history says afterwards.

interface UserError { field: string[] | null; message: string; code: string }
interface SourceOut { id: string; version: number; title: string; publisher: string | null; url: string | null; language: string | null; publishedAt: string | null; author: string | null; note: string | null }
interface CitationOut { id: string; version: number; field: string | null; excerpt: string; status: string; correctedValue: string | null; note: string | null; source: { id: string }; subject: { id: string } | null }
interface Payload { source?: SourceOut | null; citation?: CitationOut | null; deletedId?: string | null; userErrors: UserError[] }
interface ChangeOut { operation: string; version: number; mutation: string; fields: Array<{ field: string; before: string | null; after: string | null }> }

const SOURCE_FIELDS = 'id version title publisher url language publishedAt author note';
const CITATION_FIELDS = 'id version field excerpt status correctedValue note source { id } subject { id }';
const ERRORS = 'userErrors { field message code }';
const CREATE = `mutation ($input: CreateSourceInput!) { createSource(input: $input) { source { ${SOURCE_FIELDS} } ${ERRORS} } }`;
const UPDATE = `mutation ($input: UpdateSourceInput!) { updateSource(input: $input) { source { ${SOURCE_FIELDS} } ${ERRORS} } }`;
const DELETE = `mutation ($input: DeleteSourceInput!) { deleteSource(input: $input) { deletedId ${ERRORS} } }`;
const CITE = `mutation ($input: CiteSourceInput!) { citeSource(input: $input) { citation { ${CITATION_FIELDS} } ${ERRORS} } }`;
const UPDATE_CITATION = `mutation ($input: UpdateCitationInput!) { updateCitation(input: $input) { citation { ${CITATION_FIELDS} } ${ERRORS} } }`;
const DISPUTE = `mutation ($input: DisputeCitationInput!) { disputeCitation(input: $input) { citation { ${CITATION_FIELDS} } ${ERRORS} } }`;
const DELETE_CITATION = `mutation ($input: DeleteCitationInput!) { deleteCitation(input: $input) { deletedId ${ERRORS} } }`;
const CREATE_PERSON = 'mutation ($input: CreatePersonInput!) { createPerson(input: $input) { person { id version } userErrors { field message code } } }';
const DELETE_PERSON = 'mutation ($input: DeletePersonInput!) { deletePerson(input: $input) { deletedId userErrors { field message code } } }';
const READ = `query ($id: ID!) { source(id: $id) { ${SOURCE_FIELDS} } }`;
const READ_CITATION = `query ($id: ID!) { node(id: $id) { ... on Citation { ${CITATION_FIELDS} } } }`;
const COUNTS = '{ sources(first: 100) { totalCount nodes { citations { id } } } }';

const REPUBLIKA = gid('Source', 'republika-2021-06-10-apo');
const EDITORS = gid('Source', 'apo-data-editors');
const GHAZMAHADI = gid('Person', 'ghazmahadi');
const JAPAN = gid('Country', 'JP');
const APO = gid('Organization', 'apo');

describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  const auth: Record<'reader' | 'editor' | 'admin', Record<string, string>> = { reader: {}, editor: {}, admin: {} };

  beforeAll(async () => {
    server = await startServer(db);
    Object.assign(auth, await roleHeaders(server, 'source-test'));
  });
  afterAll(() => server?.close());

  async function mutate(query: string, input: Record<string, unknown>, as: Record<string, string> = auth.editor): Promise<GraphQLResponse<Record<string, Payload>>> {
    return server.gql(query, { input }, as);
  }
  const payload = async (query: string, name: string, input: Record<string, unknown>): Promise<Payload> => mutationPayload<Payload>(server, query, name, input, auth.editor);
  const created = async (input: Record<string, unknown>) => {
    const res = await payload(CREATE, 'createSource', input);
    expect(res.userErrors).toEqual([]);
    return res.source!;
  };
  const cited = async (input: Record<string, unknown>) => {
    const res = await payload(CITE, 'citeSource', { source: EDITORS, record: GHAZMAHADI, excerpt: 'An excerpt.', ...input });
    expect(res.userErrors).toEqual([]);
    return res.citation!;
  };
  const newPerson = async (name: string) => {
    const res = await server.gql<{ createPerson: { person: { id: string; version: number } } }>(CREATE_PERSON, { input: { name } }, auth.editor);
    return res.body.data!.createPerson.person;
  };
  const read = async (id: string) => (await server.data<{ source: SourceOut }>(READ, { id })).source;
  const readCitation = async (id: string) => (await server.data<{ node: CitationOut | null }>(READ_CITATION, { id })).node;
  /** What a refused mutation must leave unchanged: the number of sources, and of citations. */
  const counts = async () => {
    const c = await server.data<{ sources: { totalCount: number; nodes: Array<{ citations: unknown[] }> } }>(COUNTS);
    return { sources: c.sources.totalCount, citations: c.sources.nodes.reduce((n, s) => n + s.citations.length, 0) };
  };
  const history = async (id: string) =>
    (await server.data<{ node: { history: { nodes: ChangeOut[] } } }>(
      'query ($id: ID!) { node(id: $id) { ... on Source { history(first: 100) { nodes { operation version mutation fields { field before after } } } } ... on Citation { history(first: 100) { nodes { operation version mutation fields { field before after } } } } } }',
      { id },
    )).node.history.nodes;

  describe('sources', () => {
    it('createSource stores the source with trimmed text, at version 1', async () => {
      const s = await created({ title: '  APO annual report 2021  ', publisher: ' APO ', url: ' https://www.apo-tokyo.org/publications/ ', language: 'en-GB', publishedAt: '2022-03-31T09:00:00+09:00', author: 'APO Secretariat', note: 'Printed edition.' });
      expect(s).toMatchObject({ version: 1, title: 'APO annual report 2021', publisher: 'APO', url: 'https://www.apo-tokyo.org/publications/', language: 'en-GB', publishedAt: '2022-03-31T00:00:00.000Z', author: 'APO Secretariat', note: 'Printed edition.' });
      expect(await read(s.id)).toEqual(s);
    });

    it('updateSource changes only the fields sent, clears those sent as null, and raises the version', async () => {
      const s = await created({ title: 'To update', publisher: 'Kompas', url: 'http://kompas.id/a', language: 'id', author: 'Someone' });
      const res = await payload(UPDATE, 'updateSource', { id: s.id, version: 1, title: 'Updated', url: null, author: '  ' });
      expect(res.userErrors).toEqual([]);
      expect(res.source).toMatchObject({ version: 2, title: 'Updated', publisher: 'Kompas', url: null, language: 'id', author: null });
      expect(await read(s.id)).toEqual(res.source);
    });

    it('deleteSource deletes a source cited for nothing and answers its ID', async () => {
      const s = await created({ title: 'To delete' });
      const before = await counts();
      const res = await payload(DELETE, 'deleteSource', { id: s.id, version: 1 });
      expect(res).toEqual({ deletedId: s.id, userErrors: [] });
      expect((await counts()).sources).toBe(before.sources - 1);
      expect((await server.gql(READ, { id: s.id })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('a source with citations cannot be deleted; the message names them', async () => {
      const republika = await read(REPUBLIKA);
      const res = await payload(DELETE, 'deleteSource', { id: REPUBLIKA, version: republika.version });
      expect(res).toEqual({ deletedId: null, userErrors: [{ field: ['id'], code: 'CONFLICT', message: expect.stringMatching(/^This Source cannot be deleted: \d+ Citation records \(as source\) depend on it/) }] });
      expect(await read(REPUBLIKA)).toEqual(republika);
    });

    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['a missing title', { title: undefined }, 'title', /Required/],
      ['an empty title', { title: ' ' }, 'title', /empty/],
      ['a title over 255 characters', { title: 't'.repeat(256) }, 'title', /At most 255/],
      ['a publisher over 255 characters', { publisher: 'p'.repeat(256) }, 'publisher', /At most 255/],
      ['an author over 255 characters', { author: 'a'.repeat(256) }, 'author', /At most 255/],
      ['a note over 10 000 characters', { note: 'n'.repeat(10_001) }, 'note', /At most 10000/],
      ['a URL that is not one', { url: 'republika dot co dot id' }, 'url', /http or https URL/],
      ['a URL of another scheme', { url: 'ftp://files.example.org/report.pdf' }, 'url', /http or https URL/],
      ['a URL over 2000 characters', { url: `https://example.org/${'a'.repeat(1990)}` }, 'url', /At most 2000/],
      ['a language that is not a code', { language: 'English' }, 'language', /ISO 639/],
      ['a language tag longer than is stored', { language: 'en-oxendict' }, 'language', /At most 8/],
    ];
    it.each(cases)('%s is a user error at the field, and nothing is written', async (_what, input, field, message) => {
      const before = await counts();
      const res = await payload(CREATE, 'createSource', { title: 'Valid', ...input });
      expect(res.source).toBeNull();
      expect(res.userErrors).toEqual([{ field: [field], code: 'BAD_USER_INPUT', message: expect.stringMatching(message) }]);
      expect(await counts()).toEqual(before);
    });

    it('a publication time that is not one is refused before the mutation runs (BAD_USER_INPUT)', async () => {
      const before = await counts();
      const res = await mutate(CREATE, { title: 'Refused', publishedAt: '10 June 2021' });
      expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await counts()).toEqual(before);
    });

    it('an update from a stale version is a CONFLICT carrying the current version, and changes nothing', async () => {
      const s = await created({ title: 'Version 1' });
      await payload(UPDATE, 'updateSource', { id: s.id, version: 1, title: 'Version 2' });
      const stale = await payload(UPDATE, 'updateSource', { id: s.id, version: 1, title: 'Lost update' });
      expect(stale.userErrors).toEqual([{ field: ['version'], code: 'CONFLICT', message: expect.stringMatching(/at version 2, not 1/) }]);
      expect(stale.source).toMatchObject({ version: 2, title: 'Version 2' });
      expect((await read(s.id)).title).toBe('Version 2');
    });

    it('the history of a source lists its changes, field by field', async () => {
      const s = await created({ title: 'Tracked', language: 'id' });
      await payload(UPDATE, 'updateSource', { id: s.id, version: 1, language: 'ms', publishedAt: '2021-06-10T13:18:00Z' });
      const h = await history(s.id);
      expect(h.map((e) => [e.operation, e.version, e.mutation])).toEqual([['CREATE', 1, 'createSource'], ['UPDATE', 2, 'updateSource']]);
      expect(h[1].fields.map((f) => f.field).sort()).toEqual(['language', 'publishedAt']);
      expect(h[1].fields).toContainEqual({ field: 'language', before: '"id"', after: '"ms"' });
      // An instant is ISO 8601 text on both databases (SQLite stores it as epoch milliseconds).
      expect(h[1].fields.find((f) => f.field === 'publishedAt')).toEqual({ field: 'publishedAt', before: 'null', after: '"2021-06-10T13:18:00.000Z"' });
    });
  });

  describe('citations', () => {
    it('citeSource cites a source for one field of a record; the record and the source list the citation', async () => {
      const c = await cited({ field: 'name', excerpt: '  Ghazmahadi, the APO Director for Indonesia  ' });
      expect(c).toMatchObject({ version: 1, field: 'name', excerpt: 'Ghazmahadi, the APO Director for Indonesia', status: 'REPORTED', correctedValue: null, note: null, source: { id: EDITORS }, subject: { id: GHAZMAHADI } });
      const person = await server.data<{ person: { citations: Array<{ id: string }> } }>('query ($id: ID!) { person(id: $id) { citations(field: "name", status: REPORTED) { id } } }', { id: GHAZMAHADI });
      expect(person.person.citations.map((x) => x.id)).toContain(c.id);
      const source = await server.data<{ source: { citations: Array<{ id: string }> } }>('query ($id: ID!) { source(id: $id) { citations { id } } }', { id: EDITORS });
      expect(source.source.citations.map((x) => x.id)).toContain(c.id);
      expect(await readCitation(c.id)).toEqual(c);
    });

    it('a citation may concern a record as a whole, of any citable type, and be VERIFIED with a note', async () => {
      const c = await cited({ record: JAPAN, excerpt: 'Japan is a founding member of the APO.', status: 'VERIFIED', note: ' From the APO charter. ' });
      expect(c).toMatchObject({ field: null, status: 'VERIFIED', note: 'From the APO charter.', subject: { id: JAPAN } });
      const country = await server.data<{ country: { citations: Array<{ id: string }> } }>('{ country(code: "JP") { citations(status: VERIFIED) { id } } }');
      expect(country.country.citations.map((x) => x.id)).toContain(c.id);
    });

    const cases: Array<[string, Record<string, unknown>, string, string, RegExp]> = [
      ['a source that does not exist', { source: gid('Source', 'nothing') }, 'source', 'NOT_FOUND', /No Source/],
      ['a source ID of another type', { source: GHAZMAHADI }, 'source', 'NOT_FOUND', /No Source/],
      ['a record that does not exist', { record: gid('Person', 'nobody') }, 'record', 'NOT_FOUND', /No record has the ID/],
      ['a record of no known type', { record: gid('Spaceship', 'x') }, 'record', 'NOT_FOUND', /No record has the ID/],
      ['a record ID that is no ID', { record: 'not an id!' }, 'record', 'NOT_FOUND', /No record has the ID/],
      ['a source as the record', { record: REPUBLIKA }, 'record', 'BAD_USER_INPUT', /Source records are not cited/],
      ['a citation as the record', { record: 'CITATION' }, 'record', 'BAD_USER_INPUT', /Citation records are not cited/],
      ['a field the record\'s type does not have', { field: 'salary' }, 'field', 'BAD_USER_INPUT', /Person has no field "salary".*it has .*name, nationality/],
      ['a bookkeeping field', { field: 'version' }, 'field', 'BAD_USER_INPUT', /no field "version"/],
      ['a missing excerpt', { excerpt: undefined }, 'excerpt', 'BAD_USER_INPUT', /Required/],
      ['an empty excerpt', { excerpt: '   ' }, 'excerpt', 'BAD_USER_INPUT', /empty/],
      ['an excerpt over 5000 characters', { excerpt: 'e'.repeat(5001) }, 'excerpt', 'BAD_USER_INPUT', /At most 5000/],
      ['the DISPUTED status', { status: 'DISPUTED' }, 'status', 'BAD_USER_INPUT', /disputeCitation/],
      ['a note over 2000 characters', { note: 'n'.repeat(2001) }, 'note', 'BAD_USER_INPUT', /At most 2000/],
    ];
    it.each(cases)('citing with %s is a user error at the field, and nothing is written', async (_what, input, field, code, message) => {
      if (input.record === 'CITATION') input = { record: (await cited({})).id };
      const before = await counts();
      const res = await payload(CITE, 'citeSource', { source: EDITORS, record: GHAZMAHADI, excerpt: 'Valid', ...input });
      expect(res.citation).toBeNull();
      expect(res.userErrors).toEqual([{ field: [field], code, message: expect.stringMatching(message) }]);
      expect(await counts()).toEqual(before);
    });

    it('disputeCitation marks a claim DISPUTED with the right value and why; the source lists it among its disputed claims', async () => {
      const c = await cited({ field: 'name', excerpt: 'kata Ghazmadhadi' });
      const res = await payload(DISPUTE, 'disputeCitation', { id: c.id, version: 1, correctedValue: ' Ghazmahadi ', note: ' Misspelt in the article. ' });
      expect(res.userErrors).toEqual([]);
      expect(res.citation).toMatchObject({ id: c.id, version: 2, status: 'DISPUTED', correctedValue: 'Ghazmahadi', note: 'Misspelt in the article.', excerpt: 'kata Ghazmadhadi' });
      const source = await server.data<{ source: { citations: Array<{ id: string }> } }>('query ($id: ID!) { source(id: $id) { citations(status: DISPUTED) { id } } }', { id: EDITORS });
      expect(source.source.citations.map((x) => x.id)).toContain(c.id);
      expect(await readCitation(c.id)).toEqual(res.citation);
    });

    it.each([
      ['no corrected value', { correctedValue: undefined }, 'correctedValue', /Required/],
      ['an empty corrected value', { correctedValue: ' ' }, 'correctedValue', /empty/],
      ['a corrected value over 2000 characters', { correctedValue: 'v'.repeat(2001) }, 'correctedValue', /At most 2000/],
      ['no note', { note: undefined }, 'note', /Required/],
      ['a note over 2000 characters', { note: 'n'.repeat(2001) }, 'note', /At most 2000/],
    ])('a dispute with %s is a user error at the field, and the citation is unchanged', async (_what, input, field, message) => {
      const c = await cited({});
      const res = await payload(DISPUTE, 'disputeCitation', { id: c.id, version: 1, correctedValue: 'Right', note: 'Why', ...input });
      expect(res).toEqual({ citation: null, userErrors: [{ field: [field], code: 'BAD_USER_INPUT', message: expect.stringMatching(message) }] });
      expect(await readCitation(c.id)).toEqual(c);
    });

    it('updateCitation changes only the fields sent; setting a disputed claim VERIFIED drops its corrected value', async () => {
      const c = await cited({ field: 'name', note: 'First note' });
      const changed = await payload(UPDATE_CITATION, 'updateCitation', { id: c.id, version: 1, field: 'nationality', excerpt: 'Indonesian' });
      expect(changed.userErrors).toEqual([]);
      expect(changed.citation).toMatchObject({ version: 2, field: 'nationality', excerpt: 'Indonesian', status: 'REPORTED', note: 'First note' });
      await payload(DISPUTE, 'disputeCitation', { id: c.id, version: 2, correctedValue: 'Malaysian', note: 'Wrong country' });
      const verified = await payload(UPDATE_CITATION, 'updateCitation', { id: c.id, version: 3, status: 'VERIFIED', note: 'Checked: he is Indonesian.' });
      expect(verified.userErrors).toEqual([]);
      expect(verified.citation).toMatchObject({ version: 4, status: 'VERIFIED', correctedValue: null, note: 'Checked: he is Indonesian.' });
      expect(await readCitation(c.id)).toEqual(verified.citation);
    });

    it.each([
      ['the DISPUTED status', () => ({ status: 'DISPUTED' }), 'status', /disputeCitation/],
      ['a status sent as null', () => ({ status: null }), 'status', /Required/],
      ['a field the subject\'s type does not have', () => ({ field: 'budget' }), 'field', /Person has no field "budget"/],
      ['an empty excerpt', () => ({ excerpt: '' }), 'excerpt', /empty/],
      ['the note of a disputed claim cleared', () => ({ note: null }), 'note', /Required/],
    ])('updating a citation with %s is a user error at the field, and the citation is unchanged', async (_what, change, field, message) => {
      const c = await cited({});
      const disputed = (await payload(DISPUTE, 'disputeCitation', { id: c.id, version: 1, correctedValue: 'Right', note: 'Why' })).citation!;
      const res = await payload(UPDATE_CITATION, 'updateCitation', { id: c.id, version: 2, ...change() });
      expect(res).toEqual({ citation: null, userErrors: [{ field: [field], code: 'BAD_USER_INPUT', message: expect.stringMatching(message) }] });
      expect(await readCitation(c.id)).toEqual(disputed);
    });

    it('a dispute or an update from a stale version is a CONFLICT carrying the current version', async () => {
      const c = await cited({});
      await payload(UPDATE_CITATION, 'updateCitation', { id: c.id, version: 1, excerpt: 'Second' });
      for (const [query, name, input] of [
        [DISPUTE, 'disputeCitation', { correctedValue: 'x', note: 'y' }],
        [UPDATE_CITATION, 'updateCitation', { excerpt: 'Lost' }],
        [DELETE_CITATION, 'deleteCitation', {}],
      ] as const) {
        const res = await payload(query, name, { id: c.id, version: 1, ...input });
        expect(res.userErrors).toEqual([{ field: ['version'], code: 'CONFLICT', message: expect.stringMatching(/at version 2, not 1/) }]);
        if (name !== 'deleteCitation') expect(res.citation).toMatchObject({ version: 2, excerpt: 'Second' });
      }
      expect(await readCitation(c.id)).toMatchObject({ version: 2, excerpt: 'Second', status: 'REPORTED' });
    });

    it('a cited record cannot be deleted until its citations are; deleteCitation deletes one', async () => {
      const p = await newPerson('Cited, then not');
      const c = await cited({ record: p.id, field: 'name' });
      const refused = await server.gql<{ deletePerson: Payload }>(DELETE_PERSON, { input: { id: p.id, version: 1 } }, auth.editor);
      expect(refused.body.data!.deletePerson.userErrors).toEqual([{ field: ['id'], code: 'CONFLICT', message: expect.stringMatching(/1 Citation \(of it\)/) }]);
      const before = await counts();
      expect(await payload(DELETE_CITATION, 'deleteCitation', { id: c.id, version: 1 })).toEqual({ deletedId: c.id, userErrors: [] });
      expect(await counts()).toEqual({ ...before, citations: before.citations - 1 });
      expect(await readCitation(c.id)).toBeNull();
      const deleted = await server.gql<{ deletePerson: Payload }>(DELETE_PERSON, { input: { id: p.id, version: 1 } }, auth.editor);
      expect(deleted.body.data!.deletePerson).toEqual({ deletedId: p.id, userErrors: [] });
    });

    it('a role, too, can be cited for one of its fields', async () => {
      const role = gid('Role', 'ghazmahadi-acting-apo-director-for-indonesia');
      const c = await cited({ record: role, field: 'acting', excerpt: 'Acting Director APO for Indonesia' });
      expect(c.subject).toEqual({ id: role });
      const res = await payload(CITE, 'citeSource', { source: EDITORS, record: role, field: 'nationality', excerpt: 'x' });
      expect(res.userErrors).toEqual([{ field: ['field'], code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Role has no field "nationality".*acting, country, endDate, organization, person, startDate, title\.$/) }]);
    });

    it('the history of a citation lists its creation and its dispute, field by field', async () => {
      const c = await cited({ record: APO, field: 'name', excerpt: 'Asian Productivity Organisation' });
      await payload(DISPUTE, 'disputeCitation', { id: c.id, version: 1, correctedValue: 'Asian Productivity Organization', note: 'British spelling.' });
      const h = await history(c.id);
      expect(h.map((e) => [e.operation, e.version, e.mutation])).toEqual([['CREATE', 1, 'citeSource'], ['UPDATE', 2, 'disputeCitation']]);
      expect(h[0].fields).toEqual(expect.arrayContaining([
        { field: 'source', before: null, after: JSON.stringify(EDITORS) },
        { field: 'subjectType', before: null, after: '"Organization"' },
        { field: 'subjectId', before: null, after: '"apo"' },
        { field: 'field', before: null, after: '"name"' },
      ]));
      expect(h[1].fields).toEqual(expect.arrayContaining([
        { field: 'status', before: '"REPORTED"', after: '"DISPUTED"' },
        { field: 'correctedValue', before: 'null', after: '"Asian Productivity Organization"' },
        { field: 'note', before: 'null', after: '"British spelling."' },
      ]));
    });
  });

  describe('roles of the API tokens', () => {
    it.each([
      ['without a token', {}, 'UNAUTHENTICATED'],
      ['with a reader token', 'reader', 'FORBIDDEN'],
    ] as const)('%s nothing can be created, changed, cited, disputed or deleted (%s)', async (_what, who, code) => {
      const s = await created({ title: 'Guarded' });
      const c = await cited({ source: s.id });
      const before = await counts();
      const headers = typeof who === "string" ? auth[who as "reader"] : who;
      for (const [query, input] of [
        [CREATE, { title: 'Not allowed' }],
        [UPDATE, { id: s.id, version: 1, title: 'Not allowed' }],
        [DELETE, { id: s.id, version: 1 }],
        [CITE, { source: s.id, record: GHAZMAHADI, excerpt: 'Not allowed' }],
        [UPDATE_CITATION, { id: c.id, version: 1, excerpt: 'Not allowed' }],
        [DISPUTE, { id: c.id, version: 1, correctedValue: 'x', note: 'y' }],
        [DELETE_CITATION, { id: c.id, version: 1 }],
      ] as const) {
        const res = await mutate(query, input, headers);
        expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
        expect(res.body.data).toBeNull();
      }
      expect(await counts()).toEqual(before);
      expect(await read(s.id)).toEqual(s);
      expect(await readCitation(c.id)).toEqual(c);
    });
  });
});
