import { buildSchema, getNamedType, Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { cell, cells, columnsOf, connectionRows, connectionType, pick } from '../../sdk/src/rows';

// The one implementation of CSV rows behind the CLI (sdk/src/cli.ts, columns from codegen) and /graphql/export.
// A small schema with the shapes that matter: an interface, a union, a connection not named *Connection,
// and a type named *Connection that is not one.
const schema = buildSchema(`
  interface Node { id: ID! }
  type Country implements Node { id: ID! code: String! name: String }
  type Grant implements Node {
    id: ID!
    title: String!
    amount: Money
    donor: Org
    tags: [String!]!
    history: [Money!]
  }
  type Org implements Node { id: ID! name: String! country: Country }
  type Money { amount: String! currency: String }
  union SearchResult = Country | Org
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type GrantEdge { cursor: String! node: Grant! }
  type GrantPage { edges: [GrantEdge!]! nodes: [Grant!]! pageInfo: PageInfo! totalCount: Int! }
  type FakeConnection { nodes: [Grant!]! }
  type Query {
    grants(first: Int, after: String): GrantPage!
    grantsUnpaged: GrantPage!
    fake(first: Int, after: String): FakeConnection!
    grantList: [GrantPage!]!
    node(id: ID!): Node
    search: [SearchResult!]!
  }
`);
const query = schema.getQueryType()!;

/** The columns of the query's one root field, with its fragments, as the CLI and the export compute them. */
function columns(text: string): string[] {
  const document = parse(text);
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const root = rootOf(text);
  const field = query.getFields()[root.name.value];
  const connection = connectionType(field);
  const rows = connection ? connectionRows(root, connection)! : { selectionSet: root.selectionSet!, type: getNamedType(field.type) };
  return columnsOf(schema, rows.selectionSet, rows.type, fragments);
}

function rootOf(text: string): FieldNode {
  const operation = parse(text).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return operation.selectionSet.selections[0] as FieldNode;
}

describe('columnsOf: the CSV columns of a selection', () => {
  it('names nested objects by dotted path and each list as one column, in selection order', () => {
    expect(columns('{ grants { nodes { title amount { amount currency } donor { name country { code } } tags history { amount } } } }')).toEqual([
      'title',
      'amount.amount',
      'amount.currency',
      'donor.name',
      'donor.country.code',
      'tags',
      'history',
    ]);
  });

  it('names columns by alias, and lists a repeated field once', () => {
    expect(columns('{ grants { nodes { name: title title money: amount { value: amount } money: amount { value: amount } } } }')).toEqual(['name', 'title', 'money.value']);
  });

  it('expands fragment spreads, nested ones too, in place', () => {
    const text = `{ grants { nodes { id ...G title } } }
      fragment G on Grant { donor { ...O } }
      fragment O on Org { name country { code } }`;
    expect(columns(text)).toEqual(['id', 'donor.name', 'donor.country.code', 'title']);
  });

  it('expands inline fragments against their own type: object fields of a member type nest, as on a concrete type', () => {
    const text = `{ node(id: "x") { id __typename ... on Country { code } ... on Org { name country { code name } } ... { id } } }`;
    expect(columns(text)).toEqual(['id', '__typename', 'code', 'name', 'country.code', 'country.name']);
  });

  it('expands a fragment on a member type inside an interface selection the same way', () => {
    const text = `{ node(id: "x") { ...OrgBits } } fragment OrgBits on Org { country { code } }`;
    expect(columns(text)).toEqual(['country.code']);
  });

  it('reads the fields of a union from its inline fragments; __typename is a column', () => {
    const text = `{ search { __typename ... on Country { code name } ... on Org { name country { code } } } }`;
    expect(columns(text)).toEqual(['__typename', 'code', 'name', 'country.code']);
  });
});

describe('connectionType and connectionRows: where the rows of a list are', () => {
  it('recognises a Relay connection by its shape, whatever its name', () => {
    const fields = query.getFields();
    expect(connectionType(fields.grants)?.name).toBe('GrantPage');
    // No paging arguments, a *Connection without pageInfo, a list of pages: not connections.
    expect(connectionType(fields.grantsUnpaged)).toBeNull();
    expect(connectionType(fields.fake)).toBeNull();
    expect(connectionType(fields.grantList)).toBeNull();
  });

  it('takes rows from `nodes`, or else from `edges { node }`, keeping the aliases in the path', () => {
    const type = connectionType(query.getFields().grants)!;
    const rows = (text: string) => {
      const found = connectionRows(rootOf(text), type);
      return found && { path: found.path, type: found.type.name, columns: columnsOf(schema, found.selectionSet, found.type, new Map()) };
    };
    expect(rows('{ grants { totalCount nodes { title } } }')).toEqual({ path: { list: 'nodes', item: null }, type: 'Grant', columns: ['title'] });
    expect(rows('{ grants { e: edges { cursor n: node { id t: title } } } }')).toEqual({ path: { list: 'e', item: 'n' }, type: 'Grant', columns: ['id', 't'] });
    expect(rows('{ grants { edges { node { id } } nodes { title } } }')).toEqual({ path: { list: 'nodes', item: null }, type: 'Grant', columns: ['title'] });
    expect(rows('{ grants { totalCount pageInfo { hasNextPage } } }')).toBeNull();
    expect(rows('{ grants { edges { cursor } } }')).toBeNull();
  });
});

describe('pick, cell and cells: the CSV cells of a row', () => {
  const row = { title: 'Grant, "one"', amount: null, donor: { name: 'APO', country: { code: 'JP' } }, tags: ['a', 'b'], history: [{ amount: '1.5' }], count: 0, ok: false };

  it('picks a dotted path, and stops at a null or a missing key', () => {
    expect(pick(row, 'donor.country.code')).toBe('JP');
    expect(pick(row, 'amount.amount')).toBeNull();
    expect(pick(row, 'donor.missing.code')).toBeUndefined();
    expect(pick(null, 'title')).toBeNull();
  });

  it('writes null and missing values as empty cells, lists and objects as JSON, the rest as text', () => {
    expect(cell(null)).toBe('');
    expect(cell(undefined)).toBe('');
    expect(cell(0)).toBe('0');
    expect(cell(false)).toBe('false');
    expect(cell('Türkiye, "x"\n')).toBe('Türkiye, "x"\n');
    expect(cell(['a', 'b'])).toBe('["a","b"]');
    expect(cell({ amount: '1.5', currency: null })).toBe('{"amount":"1.5","currency":null}');
  });

  it('gives one cell per column, in column order', () => {
    expect(cells(row, ['title', 'amount.amount', 'donor.name', 'donor.country.code', 'tags', 'history', 'count', 'ok', 'nope'])).toEqual([
      'Grant, "one"',
      '',
      'APO',
      'JP',
      '["a","b"]',
      '[{"amount":"1.5"}]',
      '0',
      'false',
      '',
    ]);
  });
});
