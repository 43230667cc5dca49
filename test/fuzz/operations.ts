// Random GraphQL operations drawn from the schema: a root field with generated arguments, a random selection
// under it (aliases, inline fragments on interfaces and unions, named fragments, nested arguments), and, as
// often as asked, arguments passed as variables. The same Random gives the same operation.
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { Random } from './random';
import { EnumName, forgedCursor, forgedId, oddString, pageSize, scalarValue, searchText, toLiteral, wrongType, type FuzzValue, type ValuePool } from './values';

/** A GraphQL request body as a client sends it. */
export interface Operation {
  query: string;
  variables?: Record<string, FuzzValue>;
  operationName?: string;
}

export interface OperationOptions {
  /** Deepest selection to generate (the root field is level 1). */
  maxDepth: number;
  /** Probability that an argument is sent as a variable rather than a literal. */
  variableRate: number;
  /** Probability that a value is hostile rather than merely random (wrong type, odd string, forged ID). */
  hostileRate: number;
  /** Probability that a scalar value is well-formed (a real date, a real ID). */
  validRate: number;
}

const DEFAULTS: OperationOptions = { maxDepth: 5, variableRate: 0.3, hostileRate: 0, validRate: 0.85 };

/** Root fields that need a role (ADMIN) or are not worth picking as often as the rest. */
const RARE_ROOTS = new Set(['apiTokens', 'auditLog']);

/** Builds one operation; holds the variables and fragments it declares along the way. */
export class OperationBuilder {
  private readonly opts: OperationOptions;
  private readonly variables: Array<{ name: string; type: string; value: FuzzValue }> = [];
  private readonly fragments: string[] = [];

  constructor(
    private readonly r: Random,
    private readonly schema: GraphQLSchema,
    private readonly pool: ValuePool,
    opts: Partial<OperationOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** A query (or, with `root: 'mutation'`, a mutation) on one randomly chosen root field. */
  build(root: 'query' | 'mutation' = 'query'): Operation {
    const type = root === 'query' ? this.schema.getQueryType()! : this.schema.getMutationType()!;
    const fields = Object.values(type.getFields());
    const common = fields.filter((f) => !RARE_ROOTS.has(f.name));
    const chosen = this.r.some(this.r.chance(0.05) ? fields : common, this.r.chance(0.8) ? 1 : this.r.int(2, 3));
    const body = chosen.map((f) => this.field(f, 1)).join(' ');
    const name = `Fuzz${this.r.int(0, 9999)}`;
    const defs = this.variables.length ? `(${this.variables.map((v) => `$${v.name}: ${v.type}`).join(', ')})` : '';
    const query = `${root} ${name}${defs} { ${body} }${this.fragments.map((f) => `\n${f}`).join('')}`;
    const variables = this.variables.length ? Object.fromEntries(this.variables.map((v) => [v.name, v.value])) : undefined;
    return { query, variables, operationName: this.r.chance(0.5) ? name : undefined };
  }

  /** One field with its arguments and, unless it is a leaf, a selection under it. */
  field(field: GraphQLField<unknown, unknown>, depth: number): string {
    const alias = this.r.chance(0.1) ? `${field.name}_${this.r.int(0, 99)}: ` : '';
    const args = this.args(field.args, field);
    const named = getNamedType(field.type);
    if (isLeafType(named)) return `${alias}${field.name}${args}`;
    return `${alias}${field.name}${args} { ${this.selection(named as GraphQLCompositeType, depth + 1)} }`;
  }

  /** A non-empty selection on an object, interface or union type. */
  selection(type: GraphQLCompositeType, depth: number): string {
    const parts: string[] = [];
    if (this.r.chance(0.15)) parts.push('__typename');
    if (isUnionType(type) || (isInterfaceType(type) && this.r.chance(0.5))) {
      const possible = this.schema.getPossibleTypes(type);
      for (const member of this.r.some(possible, this.r.int(1, 3))) parts.push(`... on ${member.name} { ${this.selection(member, depth)} }`);
    }
    if (!isUnionType(type)) {
      if (isObjectType(type) && this.r.chance(0.05) && depth < this.opts.maxDepth) parts.push(this.fragmentSpread(type, depth));
      const fields = Object.values(type.getFields());
      // Past the depth budget only leaves are chosen; a type without leaves falls back to __typename.
      const usable = depth >= this.opts.maxDepth ? fields.filter((f) => isLeafType(getNamedType(f.type))) : fields;
      for (const f of this.r.some(usable, this.r.int(1, 4))) parts.push(this.field(f, depth));
    }
    return parts.length ? parts.join(' ') : '__typename';
  }

  private fragmentSpread(type: GraphQLObjectType, depth: number): string {
    const name = `F${this.fragments.length}_${type.name}`;
    this.fragments.push(''); // reserve the slot: the selection below may add fragments of its own
    const index = this.fragments.length - 1;
    this.fragments[index] = `fragment ${name} on ${type.name} { ${this.selection(type, depth)} }`;
    return `...${name}`;
  }

  /** `(a: 1, b: $v0)` for the required arguments and a random few of the optional ones; '' when none. */
  args(args: readonly GraphQLArgument[], field?: GraphQLField<unknown, unknown>): string {
    const chosen = args.filter((a) => isNonNullType(a.type) || this.r.chance(0.35));
    if (!chosen.length) return '';
    return `(${chosen.map((a) => `${a.name}: ${this.argument(a, field)}`).join(', ')})`;
  }

  private argument(arg: GraphQLArgument, field?: GraphQLField<unknown, unknown>): string {
    const value = this.value(arg.type, arg.name, field ? getNamedType(field.type).name : undefined);
    if (!this.r.chance(this.opts.variableRate)) return toLiteral(value);
    const name = `v${this.variables.length}`;
    this.variables.push({ name, type: String(arg.type), value });
    return `$${name}`;
  }

  /** A value for an input type; `name` is the argument's or input field's name, `returns` the type its field returns. */
  value(type: GraphQLInputType, name: string, returns?: string): FuzzValue {
    if (this.r.chance(this.opts.hostileRate)) return this.hostile(type, name);
    if (isNonNullType(type)) return this.present(type.ofType, name, returns);
    // An optional value is sometimes an explicit null, which the service must treat as absent or refuse.
    return this.r.chance(0.03) ? null : this.present(type, name, returns);
  }

  private present(type: GraphQLInputType, name: string, returns?: string): FuzzValue {
    if (isListType(type)) return Array.from({ length: this.r.int(0, 3) }, () => this.value(type.ofType, name, returns));
    if (isEnumType(type)) return new EnumName(this.r.pick(type.getValues()).name);
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || this.r.chance(0.4));
      return Object.fromEntries(fields.map((f) => [f.name, this.value(f.type, f.name)]));
    }
    return this.scalar(type.name, name, returns);
  }

  /** Scalars by what the argument means: page sizes, cursors, IDs, search text, then by the scalar's type. */
  private scalar(scalar: string, name: string, returns?: string): FuzzValue {
    const { r, pool } = this;
    if ((name === 'first' || name === 'last') && scalar === 'Int') return pageSize(r);
    if ((name === 'after' || name === 'before') && scalar === 'String') {
      return pool.cursors.length && r.chance(this.opts.validRate) ? r.pick(pool.cursors) : forgedCursor(r, pool);
    }
    if (scalar === 'ID') {
      const own = returns ? pool.ids[returns] : undefined;
      if (own?.length && r.chance(this.opts.validRate)) return r.pick(own);
      return r.chance(this.opts.validRate) ? scalarValue(r, 'ID', pool, 1) : forgedId(r, pool);
    }
    if (scalar === 'String' && /query|text|name|code|contains|search/i.test(name)) return searchText(r, pool);
    return scalarValue(r, scalar, pool, this.opts.validRate);
  }

  /** A value no client should send for this type. */
  private hostile(type: GraphQLInputType, name: string): FuzzValue {
    const named = getNamedType(type);
    const r = this.r;
    if (isScalarType(named) && (named.name === 'ID' || name === 'after' || name === 'before')) {
      return name === 'after' || name === 'before' ? forgedCursor(r, this.pool) : forgedId(r, this.pool);
    }
    if (isListType(isNonNullType(type) ? type.ofType : type) && r.chance(0.3)) {
      // Long lists of plain items: hostile items in thousands would pass the 1 MB body limit, and that is another test.
      const item = (): FuzzValue => (isEnumType(named) ? new EnumName(r.pick(named.getValues()).name) : isScalarType(named) ? scalarValue(r, named.name, this.pool) : {});
      return Array.from({ length: r.pick([100, 1000, 5000]) }, item);
    }
    if (isEnumType(named) && r.chance(0.5)) return r.pick<FuzzValue>([new EnumName('NOT_A_VALUE'), named.getValues()[0].name, new EnumName('null'), new EnumName('true')]);
    if (isInputObjectType(named) && r.chance(0.3)) return { notAField: 1, ...Object.fromEntries(Object.keys(named.getFields()).slice(0, 2).map((k) => [k, wrongType(r)])) };
    return r.chance(0.5) ? oddString(r) : wrongType(r);
  }
}

/** A random operation on `schema`. */
export function randomOperation(r: Random, schema: GraphQLSchema, pool: ValuePool, root: 'query' | 'mutation' = 'query', opts: Partial<OperationOptions> = {}): Operation {
  return new OperationBuilder(r, schema, pool, opts).build(root);
}
