import { Utils, type EntityClass, type EntityManager } from '@mikro-orm/core';
import type { BaseEntity } from '../node';
import { recordAtVersion } from './checks';
import { refuseIfDependedOn } from './dependents';
import { Checks } from './user-error';

/** What an update or delete input always carries: the record and the version the client read. */
export interface VersionedInput {
  id: string;
  version: number;
}

/**
 * The entity data of the fields an input sets, checked: every field for a new record (`existing` null), only the
 * fields sent for an existing one. Problems go to `checks`; the caller refuses the change when there are any.
 */
export type RecordData<T, I> = (em: EntityManager, checks: Checks, input: I, existing: T | null) => Promise<Record<string, unknown>> | Record<string, unknown>;

/**
 * Create, update and delete of a record type whose fields one function checks: each checks the whole input, then
 * writes or refuses with every problem found (updates and deletes from the version read; deletes only when nothing
 * depends on the record). The mutation's transaction is committed by the caller (runMutation).
 */
export function recordWrites<T extends BaseEntity, I extends object>(type: EntityClass<T>, data: RecordData<T, I>) {
  const checked = async (em: EntityManager, input: I, existing: T | null) => {
    const checks = new Checks();
    const values = await data(em, checks, input, existing);
    checks.done();
    return values;
  };
  return {
    async create(em: EntityManager, input: I): Promise<T> {
      return em.create(type, (await checked(em, input, null)) as never);
    },
    async update(em: EntityManager, input: I & VersionedInput): Promise<T> {
      const record = await recordAtVersion(em, type, input.id, input.version);
      const values = await checked(em, input, record);
      // A list sent replaces the stored one, which must be loaded first: the ORM would take a collection never
      // loaded for empty, and replacing it with an empty list for no change.
      for (const key of Object.keys(values)) {
        const value = (record as Record<string, unknown>)[key];
        if (Utils.isCollection(value) && !value.isInitialized()) await value.init();
      }
      em.assign(record, values as never);
      return record;
    },
    async delete(em: EntityManager, input: VersionedInput): Promise<string> {
      const record = await recordAtVersion(em, type, input.id, input.version);
      await refuseIfDependedOn(em, record);
      em.remove(record);
      return record.globalId;
    },
  };
}
