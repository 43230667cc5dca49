import type { EntityClass, EntityMetadata, EntityProperty, FilterQuery, Platform } from '@mikro-orm/core';
import { raw, ReferenceKind, type Collection } from '@mikro-orm/core';
import type { QueryBuilder, SqlEntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';
import { BadUserInputError } from '../../errors';
import { compareValues } from '../connection/compare';
import { leanShape, type LeanShape, type RelationLoaders } from './lean';

type Row = Record<string, unknown>;

/**
 * MikroORM writes the values into the SQL text, and neither SQLite nor PostgreSQL takes a NUL there (nor stores
 * one in text): a filter value holding one (from a client's string) is refused as bad input before it fails the query.
 */
function refuseNul(qb: { getParams(): readonly unknown[] }) {
  if (qb.getParams().some((v) => typeof v === 'string' && v.includes('\u0000'))) {
    throw new BadUserInputError('A text value in the request contains a NUL character (U+0000), which no record holds.');
  }
}

/** A to-one relation joined into a query: its shape, and the prefix its columns carry in the rows. */
export interface JoinedRelation {
  shape: LeanShape;
  prefix: string;
}

/**
 * The read path of one request: plain SQL in batches, rows turned into lean records (see `lean.ts`). Records
 * by ID, children by their parent's key and many-to-many targets each load in one statement per batch of
 * parents, so a page with its relations costs a statement per relation whatever its size.
 */
export class Reader implements RelationLoaders {
  readonly platform: Platform;
  private readonly byId = new Map<EntityMetadata, DataLoader<string, object | null>>();
  private readonly children = new Map<EntityProperty, DataLoader<string, object[]>>();

  constructor(readonly em: SqlEntityManager) {
    this.platform = em.getPlatform();
  }

  /** The lean shape of an entity class. */
  shape(entity: EntityClass<object> | EntityMetadata): LeanShape {
    const meta = 'class' in entity && 'props' in entity ? (entity as EntityMetadata) : this.em.getMetadata().get((entity as EntityClass<object>).name);
    return leanShape(meta, this.platform);
  }

  /** A query builder over `entity` (alias `e`) that selects every column of its lean shape. */
  select<T extends object>(entity: EntityClass<T>): QueryBuilder<T> {
    return this.em.createQueryBuilder(entity, 'e').select(raw(this.shape(entity).columns('e')) as never);
  }

  /**
   * Joins those of `names` that are to-one relations of `entity` into a query built by `select`, so that their
   * records come with the rows (and later `load()`s of them cost no statement).
   */
  joinToOne<T extends object>(entity: EntityClass<T>, qb: QueryBuilder<T>, names: Iterable<string>): JoinedRelation[] {
    const { meta } = this.shape(entity);
    const joins: JoinedRelation[] = [];
    for (const name of names) {
      const prop = meta.properties[name as keyof typeof meta.properties] as EntityProperty | undefined;
      if (prop?.kind !== ReferenceKind.MANY_TO_ONE) continue;
      const alias = `j${joins.length}`;
      const shape = this.shape(prop.targetMeta!);
      qb.leftJoin(`e.${name}`, alias).addSelect(raw(shape.columns(alias, `${alias}__`)) as never);
      joins.push({ shape, prefix: `${alias}__` });
    }
    return joins;
  }

  /** Runs a query built by `select` (and `joinToOne`) and returns lean records. */
  async records<T extends object>(entity: EntityClass<T>, qb: QueryBuilder<T>, joins: readonly JoinedRelation[] = []): Promise<T[]> {
    refuseNul(qb);
    const rows = (await qb.execute('all', false)) as Row[];
    for (const { shape, prefix } of joins) {
      const loader = this.loaderOf(shape);
      for (const row of rows) {
        const id = row[`${prefix}id`] as string | null;
        if (id != null) loader.prime(id, shape.toRecord(row, this, prefix));
      }
    }
    return this.toRecords(this.shape(entity), rows) as T[];
  }

  /** Lean records matching a MikroORM filter, in the ORM's order syntax. */
  find<T extends object>(entity: EntityClass<T>, where: FilterQuery<T>, options: { orderBy?: object; limit?: number } = {}): Promise<T[]> {
    const qb = this.select(entity).where(where);
    if (options.orderBy) qb.orderBy(options.orderBy as never);
    if (options.limit != null) qb.limit(options.limit);
    return this.records(entity, qb);
  }

  /** A record by its key, batched with the other lookups of the same type; null when there is none. */
  one(entity: EntityClass<object> | EntityMetadata, id: string): Promise<object | null> {
    return this.loaderOf(this.shape(entity)).load(id);
  }

  private loaderOf(shape: LeanShape): DataLoader<string, object | null> {
    let loader = this.byId.get(shape.meta);
    if (!loader) this.byId.set(shape.meta, (loader = new DataLoader((ids) => this.loadByIds(shape, ids))));
    return loader;
  }

  /** The records of a to-many relation of `owner`, in the relation's declared order, batched per relation. */
  many(owner: { id: string }, property: EntityProperty): Promise<object[]> {
    let loader = this.children.get(property);
    if (!loader) {
      const batch = property.kind === ReferenceKind.MANY_TO_MANY ? (ids: readonly string[]) => this.loadManyToMany(property, ids) : (ids: readonly string[]) => this.loadOneToMany(property, ids);
      this.children.set(property, (loader = new DataLoader(batch)));
    }
    return loader.load(owner.id);
  }

  /** A many-to-many relation's records (of a lean record or a managed entity) ordered by `field`, then by key. */
  async manyToMany<T extends { id: string }>(collection: Collection<T>, field: keyof T & string): Promise<T[]> {
    const items = (await this.many(collection.owner as { id: string }, collection.property)) as T[];
    return [...items].sort((a, b) => compareValues(a[field], b[field]) || compareValues(a.id, b.id));
  }

  private toRecords(shape: LeanShape, rows: Row[]): object[] {
    return rows.map((row) => shape.toRecord(row, this));
  }

  private async run(sql: string, params: unknown[]): Promise<Row[]> {
    return this.em.getConnection('read').execute<Row[]>(sql, params, 'all');
  }

  private async loadByIds(shape: LeanShape, ids: readonly string[]): Promise<(object | null)[]> {
    const q = (n: string) => this.platform.quoteIdentifier(n);
    const pk = q(shape.meta.primaryKeys[0]);
    const rows = await this.run(`select ${shape.columns('e')} from ${q(shape.meta.tableName)} e where e.${pk} in (${ids.map(() => '?').join(', ')})`, [...ids]);
    const found = new Map(this.toRecords(shape, rows).map((r) => [(r as { id: string }).id, r]));
    return ids.map((id) => found.get(id) ?? null);
  }

  private async loadOneToMany(property: EntityProperty, ids: readonly string[]): Promise<object[][]> {
    const target = property.targetMeta!;
    const back = target.properties[property.mappedBy];
    const entity = target.class as EntityClass<object>;
    const qb = this.select(entity)
      .addSelect(raw(`e.${this.platform.quoteIdentifier(back.fieldNames[0])} as "__parent"`) as never)
      .where({ [property.mappedBy]: { $in: [...ids] } } as never)
      .orderBy((property.orderBy ?? { id: 'asc' }) as never);
    const rows = (await qb.execute('all', false)) as Row[];
    return this.group(this.shape(target), rows, ids);
  }

  private async loadManyToMany(property: EntityProperty, ids: readonly string[]): Promise<object[][]> {
    // The join table is described on the owning side; seen from the inverse side its columns swap roles.
    const owning = property.owner ? property : property.targetMeta!.properties[property.mappedBy];
    const [self, other] = property.owner ? [owning.joinColumns[0], owning.inverseJoinColumns[0]] : [owning.inverseJoinColumns[0], owning.joinColumns[0]];
    const shape = this.shape(property.targetMeta!);
    const q = (n: string) => this.platform.quoteIdentifier(n);
    const rows = await this.run(
      `select j.${q(self)} as "__parent", ${shape.columns('e')} from ${q(owning.pivotTable)} j join ${q(shape.meta.tableName)} e on e.${q(shape.meta.primaryKeys[0])} = j.${q(other)} where j.${q(self)} in (${ids.map(() => '?').join(', ')})`,
      [...ids],
    );
    return this.group(shape, rows, ids);
  }

  /** Rows carrying their parent's key as `__parent`, as lean records per parent; one record per target key. */
  private group(shape: LeanShape, rows: Row[], ids: readonly string[]): object[][] {
    const seen = new Map<string, object>();
    const grouped = new Map<string, object[]>();
    for (const row of rows) {
      const key = row.id as string;
      let record = seen.get(key);
      if (!record) seen.set(key, (record = shape.toRecord(row, this)));
      const parent = String(row.__parent);
      const list = grouped.get(parent);
      if (list) list.push(record);
      else grouped.set(parent, [record]);
    }
    return ids.map((id) => grouped.get(id) ?? []);
  }
}
