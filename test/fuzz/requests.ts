// The fuzzer's requests: valid operations with random arguments, nearly valid ones (one token changed), and
// hostile ones (wrong variable types, huge numbers, deep nesting, odd Unicode, long strings, forged IDs and
// cursors, malformed HTTP bodies, floods), plus random mutations sent with an editor token. Request `i` of
// seed `s` depends on nothing but `s` and `i` (and the value pool), so one failing request can be replayed.
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  isUnionType,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { nearlyValid } from './mutate';
import { OperationBuilder, randomOperation, type Operation } from './operations';
import { Random } from './random';
import { forgedCursor, forgedId, HUGE_NUMBERS, LONG, NUMBER_STRINGS, oddString, toJson, wrongType, type FuzzValue, type ValuePool } from './values';

/** Who the request claims to be: nobody, the editor whose token the runner holds, or a forged token. */
export type Caller = 'anonymous' | 'editor' | 'forged-token' | 'malformed-authorization';

/** One HTTP request to the GraphQL endpoint. */
export interface FuzzRequest {
  /** Position in the seed's sequence. */
  index: number;
  /** What it is, e.g. `valid`, `near/missing-brace`, `hostile/forged-cursor`, `mutation`. */
  kind: string;
  method: 'GET' | 'POST';
  /** The query string of a GET, without the `?`. */
  search?: string;
  /** Content type of a POST; undefined sends none. */
  contentType?: string;
  body?: string | Buffer;
  caller: Caller;
  /** Extra headers (Apollo's CSRF preflight header, for the GETs that should pass it). */
  headers?: Record<string, string>;
}

/** How often each kind of request comes up. */
export const MIX = { valid: 30, near: 20, hostile: 38, mutation: 12 } as const;

/** The kinds of hostile request, and how often each comes up (long strings are 100 KB to 600 KB each: rarer). */
export const HOSTILE_MIX = {
  'wrong-variables': 12,
  'huge-numbers': 10,
  'deep-nesting': 8,
  'odd-unicode': 12,
  'long-string': 3,
  'forged-id': 12,
  'forged-cursor': 12,
  'http-body': 12,
  'http-method': 10,
  flood: 4,
} as const;
export const HOSTILE_KINDS = Object.keys(HOSTILE_MIX) as Array<keyof typeof HOSTILE_MIX>;
export type HostileKind = keyof typeof HOSTILE_MIX;

const json = 'application/json';
/** Under the service's 1 MiB body limit, with room for headers. */
const MAX_BODY = 1_000_000;

/** The request body of an operation, with raw numbers and enum names written as they should be. */
export function bodyOf(op: Operation): string {
  return toJson({ query: op.query, ...(op.variables ? { variables: op.variables } : {}), ...(op.operationName ? { operationName: op.operationName } : {}) });
}

/** Makes the requests of one seed; `at(i)` is request i. */
export class RequestGenerator {
  private readonly root: Random;

  constructor(
    readonly seed: number,
    private readonly schema: GraphQLSchema,
    private readonly pool: ValuePool,
  ) {
    this.root = new Random(seed);
  }

  /**
   * Request `index`. Bodies are kept under the 1 MB limit: a bigger one is answered 413 before it has been
   * read and the connection closed under the sender, which the security test checks on its own; here such
   * a body is cut short instead (and is then malformed JSON).
   */
  at(index: number): FuzzRequest {
    const req = this.make(index);
    const bytes = req.body === undefined ? 0 : Buffer.byteLength(req.body);
    if (bytes > MAX_BODY) return { ...req, kind: `${req.kind}/cut`, body: Buffer.from(req.body!).subarray(0, MAX_BODY) };
    return req;
  }

  private make(index: number): FuzzRequest {
    const r = this.root.fork(index);
    const category = r.weighted(MIX);
    const post = (kind: string, op: Operation, caller: Caller = 'anonymous'): FuzzRequest => ({ index, kind, method: 'POST', contentType: json, body: bodyOf(op), caller });
    switch (category) {
      case 'valid':
        return post('valid', randomOperation(r, this.schema, this.pool, 'query', { validRate: 0.9 }), this.someCaller(r));
      case 'near': {
        const op = randomOperation(r, this.schema, this.pool, r.chance(0.85) ? 'query' : 'mutation');
        const changed = nearlyValid(r, op.query);
        return post(`near/${changed.kind}`, { ...op, query: changed.query }, r.chance(0.2) ? 'editor' : 'anonymous');
      }
      case 'mutation': {
        const op = randomOperation(r, this.schema, this.pool, 'mutation', { hostileRate: r.chance(0.3) ? 0.15 : 0, validRate: 0.8, maxDepth: 4 });
        return post('mutation', op, r.chance(0.9) ? 'editor' : this.someCaller(r));
      }
      case 'hostile': {
        const kind = r.weighted(HOSTILE_MIX);
        return { ...this.hostile(r, kind, index), kind: `hostile/${kind}` };
      }
    }
  }

  private someCaller(r: Random): Caller {
    return r.weighted({ anonymous: 80, editor: 10, 'forged-token': 5, 'malformed-authorization': 5 });
  }

  private hostile(r: Random, kind: HostileKind, index: number): FuzzRequest {
    const post = (body: string | Buffer, contentType: string | undefined = json, caller: Caller = 'anonymous'): FuzzRequest => ({ index, kind, method: 'POST', contentType, body, caller });
    const op = (opts = {}) => randomOperation(r, this.schema, this.pool, r.chance(0.8) ? 'query' : 'mutation', opts);
    switch (kind) {
      case 'wrong-variables':
        return post(bodyOf(this.wrongVariables(r)), json, r.chance(0.5) ? 'editor' : 'anonymous');
      case 'huge-numbers': {
        const n = r.pick(HUGE_NUMBERS);
        const text = r.chance(0.5) ? n.text : `"${r.pick(NUMBER_STRINGS)}"`;
        const target = r.pick([
          `{ grants(first: ${text}) { totalCount } }`,
          `{ programs(last: ${text}) { nodes { code } } }`,
          `{ search(query: "APO", first: ${text}) { __typename } }`,
          `{ changes(first: ${text}) { nodes { __typename } } }`,
          `{ meetings(filter: { sessionNumber: ${text} }) { totalCount } }`,
        ]);
        return r.chance(0.5)
          ? post(bodyOf({ query: target }))
          : post(bodyOf({ ...op({ hostileRate: 0.05, variableRate: 1 }) }).replace(/"variables":\{/, `"variables":{"huge":${n.text},`));
      }
      case 'deep-nesting':
        return post(bodyOf({ query: this.deep(r) }));
      case 'odd-unicode':
        return post(bodyOf(this.withStrings(r, () => oddString(r))), json, r.chance(0.3) ? 'editor' : 'anonymous');
      case 'long-string':
        return post(this.longString(r), json, r.chance(0.3) ? 'editor' : 'anonymous');
      case 'forged-id': {
        const ids = Array.from({ length: r.pick([1, 2, 10, 100]) }, () => forgedId(r, this.pool));
        return post(bodyOf(r.pick<Operation>([
          { query: 'query ($id: ID!) { node(id: $id) { id __typename } }', variables: { id: ids[0] } },
          { query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } },
          { query: `{ grant(id: ${JSON.stringify(ids[0])}) { title } }` },
          { query: 'query ($id: ID!) { program(id: $id) { code } }', variables: { id: ids[0] } },
          { query: 'query ($id: ID!) { organization(id: $id) { name } meeting(id: $id) { title } }', variables: { id: ids[0] } },
          op({ hostileRate: 0.3, validRate: 0 }),
        ])), json, r.chance(0.3) ? 'editor' : 'anonymous');
      }
      case 'forged-cursor': {
        const cursor = forgedCursor(r, this.pool);
        const list = r.pick(['grants', 'programs', 'countries', 'meetings', 'decisions', 'organizations', 'people', 'sources', 'changes']);
        const dir = list === 'changes' ? 'after' : r.pick(['after', 'before']);
        const page = dir === 'after' ? 'first' : 'last';
        return post(bodyOf({ query: `query ($c: String) { ${list}(${page}: ${r.int(1, 20)}, ${dir}: $c) { edges { cursor } pageInfo { hasNextPage } } }`, variables: { c: cursor } }));
      }
      case 'http-body':
        return this.httpBody(r, index);
      case 'http-method':
        return this.httpMethod(r, index);
      case 'flood':
        return post(bodyOf({ query: this.flood(r) }));
    }
  }

  /** A valid operation whose variables are then given values of the wrong type, or left out, or not an object. */
  private wrongVariables(r: Random): Operation {
    const op = randomOperation(r, this.schema, this.pool, r.chance(0.8) ? 'query' : 'mutation', { variableRate: 1 });
    const names = Object.keys(op.variables ?? {});
    const how = r.pick(['wrong-type', 'missing', 'extra', 'not-an-object', 'null'] as const);
    if (how === 'not-an-object') return { ...op, variables: r.pick<FuzzValue>(['x', [1, 2], 3, true]) as never };
    const variables: Record<string, FuzzValue> = { ...op.variables };
    if (!names.length || how === 'extra') variables[`extra${r.int(0, 9)}`] = wrongType(r);
    else if (how === 'missing') delete variables[r.pick(names)];
    else if (how === 'null') variables[r.pick(names)] = null;
    else variables[r.pick(names)] = wrongType(r);
    return { ...op, variables };
  }

  /** A random operation all of whose string values (literals and variables) are drawn from `strings`. */
  private withStrings(r: Random, strings: () => string): Operation {
    const op = randomOperation(r, this.schema, this.pool, r.chance(0.7) ? 'query' : 'mutation', { validRate: 0.5, variableRate: 1 });
    const replace = (v: FuzzValue): FuzzValue => {
      if (typeof v === 'string') return strings();
      if (Array.isArray(v)) return v.map(replace);
      if (v && typeof v === 'object' && v.constructor === Object) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x as FuzzValue)]));
      return v;
    };
    const variables = op.variables ? (replace(op.variables) as Record<string, FuzzValue>) : undefined;
    // Fields whose arguments take free text get the odd string too, when the operation had none.
    const extra = r.pick([
      'query ($s: String!) { search(query: $s) { __typename } }',
      'query ($s: String) { programs(filter: { code: $s }) { totalCount } }',
      'query ($s: String!) { program(code: $s) { title } }',
      'query ($s: CountryCode!) { country(code: $s) { name } }',
      'query ($s: String) { countries(filter: { name: $s }) { nodes { code } } }',
      'query ($s: String) { organizations(filter: { name: $s }) { nodes { name } } }',
    ]);
    return variables && Object.keys(variables).length && r.chance(0.6) ? { ...op, variables } : { query: extra, variables: { s: strings() } };
  }

  /** 100 KB or more in one place: a variable, a literal, a field name, an alias, a comment, an operation name. */
  private longString(r: Random): string {
    const long = r.pick(Object.values(LONG))();
    const ascii = LONG.ascii();
    return r.pick<() => string>([
      () => bodyOf(this.withStrings(r, () => long)),
      () => bodyOf({ query: `{ search(query: ${JSON.stringify(long)}) { __typename } }` }),
      () => bodyOf({ query: `{ ${ascii} }` }),
      () => bodyOf({ query: `{ ${ascii}: __typename }` }),
      () => bodyOf({ query: `# ${long}\n{ __typename }` }),
      () => bodyOf({ query: `query ${ascii} { __typename }`, operationName: ascii }),
      () => bodyOf({ query: '{ __typename }', operationName: long }),
      () => bodyOf({ query: `{ __typename }${' '.repeat(100 * 1024)}` }),
      () => bodyOf({ query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id: long } }),
      () => bodyOf({ query: 'query ($id: ID!) { grant(id: $id) { id } }', variables: { id: Buffer.from(`FundingGrant:${ascii}`).toString('base64url') } }),
      () => bodyOf({ query: `{ __typename @${ascii} }` }),
      () => bodyOf({ query: `{ __typename }`, extensions: long } as never),
    ])();
  }

  /** Nesting past every limit: a walk down the schema's object fields, bare braces, a deep list literal, fragments in fragments. */
  private deep(r: Random): string {
    const n = r.pick([13, 20, 50, 200, 1000, 10_000]);
    switch (r.int(0, 4)) {
      case 0:
        return `{ ${this.walk(r, this.schema.getQueryType()!, Math.min(n, 200))} }`;
      case 1:
        return `{ ${'grants { nodes { program { '.repeat(Math.min(n, 3000))}code${' } } }'.repeat(Math.min(n, 3000))} }`;
      case 2:
        return `{ nodes(ids: ${'['.repeat(n)}"x"${']'.repeat(n)}) { id } }`;
      case 3:
        return `{ ${'... on Query { '.repeat(n)}__typename${' }'.repeat(n)} }`;
      default:
        return `{ grants(filter: ${'{ a: '.repeat(n)}"x"${' }'.repeat(n)}) { totalCount } }`;
    }
  }

  /** `depth` levels of object fields from `type` down, taking required arguments, ending on a leaf. */
  private walk(r: Random, type: GraphQLCompositeType, depth: number): string {
    const builder = new OperationBuilder(r, this.schema, this.pool);
    let open = '';
    let close = '';
    let current: GraphQLCompositeType = type;
    for (let level = 0; level < depth; level++) {
      if (isUnionType(current)) {
        const member: GraphQLCompositeType = r.pick(this.schema.getPossibleTypes(current));
        open += `... on ${member.name} { `;
        close = ` }${close}`;
        current = member;
      }
      if (!isObjectType(current) && !isInterfaceType(current)) break;
      const fields: Array<GraphQLField<unknown, unknown>> = Object.values(current.getFields());
      const deeper = fields.filter((f) => isCompositeType(getNamedType(f.type)));
      if (!deeper.length) break;
      const f = r.pick(deeper);
      open += `${f.name}${builder.args(f.args.filter((a) => !/^(first|last)$/.test(a.name)))} { `;
      close = ` }${close}`;
      current = getNamedType(f.type) as GraphQLCompositeType;
    }
    const leaves = isObjectType(current) ? Object.values(current.getFields()).filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => a.type.toString().endsWith('!'))) : [];
    return `${open}${leaves.length ? r.pick(leaves).name : '__typename'}${close}`;
  }

  /** Many of one thing: aliases, repeated fields, directives, fragment cycles, deep introspection. */
  private flood(r: Random): string {
    const n = r.pick([101, 500, 1000, 5000]);
    switch (r.int(0, 5)) {
      case 0:
        return `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
      case 1:
        return `{ ${'__typename '.repeat(n * 2)} }`;
      case 2:
        return `{ __typename ${'@include(if: true) '.repeat(n)} }`;
      case 3:
        return `{ ...A } fragment A on Query { ...B __typename } fragment B on Query { ...A }`;
      case 4: {
        const levels = r.pick([3, 8, 20]);
        return `{ __schema { types { ${'fields { type { '.repeat(levels)}name${' } }'.repeat(levels)} } } }`;
      }
      default:
        return `{ ${Array.from({ length: Math.min(n, 200) }, (_, i) => `g${i}: grants(first: 100) { nodes { title donor { name } } }`).join(' ')} }`;
    }
  }

  /** Bodies a JSON client would never send. */
  private httpBody(r: Random, index: number): FuzzRequest {
    const valid = bodyOf(randomOperation(r, this.schema, this.pool, 'query', { maxDepth: 3 }));
    const batch = () => `[${Array.from({ length: r.pick([2, 10, 100]) }, () => bodyOf(randomOperation(r, this.schema, this.pool, 'query', { maxDepth: 3 }))).join(',')}]`;
    const [contentType, body] = r.pick<() => [string | undefined, string | Buffer]>([
      () => [json, batch()],
      () => [json, r.pick(['[]', 'null', '"x"', '123', '{}', 'true', '[[]]', '[null]'])],
      () => [json, r.pick(['{"query":123}', '{"query":null}', '{"query":{}}', '{"query":["{ __typename }"]}', '{"query":"{ __typename }","variables":"x"}', '{"query":"{ __typename }","variables":[1]}', '{"query":"{ __typename }","operationName":1}', '{"query":"{ __typename }","operationName":"Nope"}', '{"query":"query A { __typename } query B { __typename }"}', '{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}', '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"0000000000000000000000000000000000000000000000000000000000000000"}}}', '{"query":"{ __typename }","__proto__":{"polluted":true}}', '{"query":"{ __typename }","query":"{ countries { totalCount } }"}'])],
      () => [json, valid.slice(0, r.int(0, valid.length - 1))],
      () => [json, `${valid}${r.pick(['x', ',', '}', ' {}', '\u0000'])}`],
      () => [json, `\ufeff${valid}`],
      () => [json, Buffer.concat([Buffer.from('{"query":"{ search(query: \\"'), Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]), Buffer.from('\\") { __typename } }"}')])],
      () => [json, Buffer.from(Array.from({ length: r.int(1, 200) }, () => r.int(0, 255)))],
      () => [json, `{"query":"{ __typename }","variables":${'{"a":'.repeat(r.pick([100, 5000, 100_000]))}1${'}'.repeat(r.pick([100, 5000, 100_000]))}}`],
      () => [json, `{"query":"{ __typename }","variables":{"a":${'['.repeat(r.pick([100, 5000, 100_000]))}${']'.repeat(r.pick([100, 5000, 100_000]))}}}`],
      () => ['text/plain', valid],
      () => ['application/x-www-form-urlencoded', `query=${encodeURIComponent('{ __typename }')}`],
      () => ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${valid}\r\n--x--`],
      () => ['application/graphql', '{ __typename }'],
      () => [undefined, valid],
      () => ['application/json; charset=latin1', valid],
      () => ['application/json; charset=utf-16', valid],
      () => ['application/jsonx', valid],
      () => [json, ''],
    ])();
    return { index, kind: 'http-body', method: 'POST', contentType, body, caller: r.chance(0.2) ? 'editor' : 'anonymous' };
  }

  /** GET requests: queries (which GET may run), mutations (which it must not), junk parameters. */
  private httpMethod(r: Random, index: number): FuzzRequest {
    const op = randomOperation(r, this.schema, this.pool, r.chance(0.6) ? 'query' : 'mutation', { maxDepth: 3, variableRate: 0.5 });
    const params = new URLSearchParams();
    const how = r.pick(['operation', 'bad-variables', 'no-query', 'repeated', 'bad-extensions'] as const);
    if (how !== 'no-query') params.set('query', op.query.length > 6000 ? '{ __typename }' : op.query);
    if (how === 'bad-variables') params.set('variables', r.pick(['x', '[1]', '{', 'null', '{"a":1e309}']));
    else if (op.variables) params.set('variables', toJson(op.variables).slice(0, 1500));
    if (how === 'repeated') params.append('query', '{ __typename }');
    if (how === 'bad-extensions') params.set('extensions', r.pick(['x', '{"persistedQuery":{"version":1,"sha256Hash":"x"}}']));
    const preflight = r.chance(0.5) ? { 'apollo-require-preflight': 'true' } : undefined;
    return { index, kind: 'http-method', method: 'GET', search: params.toString(), caller: r.chance(0.3) ? 'editor' : 'anonymous', headers: preflight };
  }
}

/** A short description of a request for a failure message: the body cut to `max` characters. */
export function describeRequest(req: FuzzRequest, max = 2000): string {
  const body = req.body === undefined ? '' : Buffer.isBuffer(req.body) ? `<${req.body.length} bytes> ${req.body.toString('latin1').slice(0, max)}` : req.body;
  const cut = (s: string) => (s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s);
  return [
    `#${req.index} ${req.kind}: ${req.method}${req.search ? ` ?${cut(req.search)}` : ''} as ${req.caller}${req.contentType ? `, content-type ${req.contentType}` : ''}`,
    body ? cut(body) : '',
  ].filter(Boolean).join('\n');
}
