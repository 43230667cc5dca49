import { wrap, type Collection, type EntityManager, type EntityProperty } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';
import { compareValues } from './connection';
import type { BaseEntity } from './node';

/**
 * Many-to-many relations of a request's records, batched per relation: one statement reads the join table for
 * every parent asked at once, one more loads the distinct targets, which the identity map then shares. MikroORM's
 * own collection loading hydrates a pivot entity per row and cost about three quarters of a 50-grant page with
 * its programs' participating countries (42 ms against 11 ms without them, measured in-process on 100 000 grants).
 */
export class ManyToManyLoader {
  private readonly loaders = new Map<string, DataLoader<string, BaseEntity[]>>();

  constructor(private readonly em: EntityManager) {}

  /** The records of `collection`, ordered by `field` (nulls last), then by ID, alike on every database. */
  async load<T extends BaseEntity>(collection: Collection<T>, field: keyof T & string): Promise<T[]> {
    const owner = collection.owner as BaseEntity;
    const prop = collection.property as EntityProperty;
    const key = `${wrap(owner, true).__meta.className}.${prop.name}`;
    let loader = this.loaders.get(key);
    if (!loader) this.loaders.set(key, (loader = new DataLoader((ids) => this.batch(prop, ids))));
    const items = (await loader.load(owner.id)) as T[];
    return [...items].sort((a, b) => compareValues(a[field], b[field]) || compareValues(a.id, b.id));
  }

  private async batch(prop: EntityProperty, ids: readonly string[]): Promise<BaseEntity[][]> {
    // The join table is described on the owning side; seen from the inverse side its columns swap roles.
    const owning = prop.owner ? prop : prop.targetMeta!.properties[prop.mappedBy];
    const [self, other] = prop.owner ? [owning.joinColumns[0], owning.inverseJoinColumns[0]] : [owning.inverseJoinColumns[0], owning.joinColumns[0]];
    const em = this.em as SqlEntityManager;
    const pairs = await em.getConnection().execute<Array<{ s: string; t: string }>>(
      em.getKnex()(owning.pivotTable).select({ s: self, t: other }).whereIn(self, [...ids]),
    );
    const targets = pairs.length ? await em.find(prop.targetMeta!.class as new () => BaseEntity, { id: { $in: [...new Set(pairs.map((p) => p.t))] } }) : [];
    const byId = new Map(targets.map((t) => [t.id, t]));
    const grouped = new Map<string, BaseEntity[]>();
    for (const { s, t } of pairs) {
      const target = byId.get(t);
      if (target) grouped.set(s, [...(grouped.get(s) ?? []), target]);
    }
    return ids.map((id) => grouped.get(id) ?? []);
  }
}
