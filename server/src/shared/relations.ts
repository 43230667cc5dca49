import type { Collection, EntityClass, FilterQuery, Ref } from '@mikro-orm/core';
import { NotFoundError } from '../errors';
import type { Reader } from './read/reader';

/** A to-one relation of a lean record or a managed entity, batched with the other loads of the request. */
export function load<T extends object>(ref: Ref<T> | null | undefined): Promise<T | null> {
  return ref ? ref.load().then((e) => (e ?? null) as T | null) : Promise.resolve(null);
}

/** A to-many relation of a lean record or a managed entity, batched with the other loads of the request. */
export function loadAll<T extends object>(collection: Collection<T>): Promise<T[]> {
  return collection.loadItems();
}

/** One record or a NOT_FOUND error naming what was looked for; a lookup by key alone is batched. */
export async function findOrNotFound<T extends object>(reader: Reader, entity: EntityClass<T>, where: FilterQuery<T>, description: string): Promise<T> {
  const keys = Object.keys(where as object);
  // No stored value holds a NUL, and one cannot be part of an SQL text: such a lookup finds nothing, without asking.
  if (Object.values(where as object).some((v) => typeof v === 'string' && v.includes('\u0000'))) throw new NotFoundError(entity.name, description);
  const found =
    keys.length === 1 && keys[0] === 'id' && typeof (where as { id: unknown }).id === 'string'
      ? ((await reader.one(entity, (where as { id: string }).id)) as T | null)
      : ((await reader.find(entity, where, { limit: 1 }))[0] ?? null);
  if (!found) throw new NotFoundError(entity.name, description);
  return found;
}
