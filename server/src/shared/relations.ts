import type { Collection, EntityClass, EntityManager, FilterQuery, Ref } from '@mikro-orm/core';
import { NotFoundError } from '../errors';

/** Loads a to-one relation through MikroORM's dataloader: one query per batch, not per parent. */
export function load<T extends object>(ref: Ref<T> | null | undefined): Promise<T | null> {
  return ref ? ref.load().then((e) => (e ?? null) as T | null) : Promise.resolve(null);
}

/** Loads a to-many relation through MikroORM's dataloader. */
export function loadAll<T extends object>(collection: Collection<T>): Promise<T[]> {
  return collection.loadItems();
}

/** One record or a NOT_FOUND error naming what was looked for. */
export function findOrNotFound<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  description: string,
): Promise<T> {
  return em.findOneOrFail(entity, where, { failHandler: () => new NotFoundError(entity.name, description) });
}
