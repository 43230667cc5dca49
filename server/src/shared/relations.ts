import type { Collection, EntityClass, EntityManager, FilterQuery, Ref } from '@mikro-orm/core';
import type { ClassType } from 'type-graphql';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { BadUserInputError, NotFoundError } from '../errors';
import { Citation } from '../modules/source/citation.entity';
import { CitationStatus } from '../modules/source/source.types';
import { compareValues } from './connection';
import { fromGlobalId } from './global-id';
import type { BaseEntity } from './node';

/** Loads a to-one relation through MikroORM's dataloader: one query per batch, not per parent. */
export function load<T extends object>(ref: Ref<T> | null | undefined): Promise<T | null> {
  return ref ? ref.load().then((e) => (e ?? null) as T | null) : Promise.resolve(null);
}

/** Loads a to-many relation through MikroORM's dataloader. */
export function loadAll<T extends object>(collection: Collection<T>): Promise<T[]> {
  return collection.loadItems();
}

/**
 * Loads a many-to-many relation ordered by `field` (nulls last), then by ID, alike on every database: the join
 * table keeps no order, and MikroORM 6's dataloader refuses an `orderBy` on many-to-many relations.
 */
export async function loadAllBy<T extends BaseEntity>(collection: Collection<T>, field: keyof T & string): Promise<T[]> {
  const items = await collection.loadItems();
  return [...items].sort((a, b) => compareValues(a[field], b[field]) || compareValues(a.id, b.id));
}

/** The database key inside a global ID, checked to be of the expected type. */
export function keyOf(globalId: string, type: string, argument: string): string {
  const decoded = fromGlobalId(globalId);
  if (decoded.type !== type) {
    throw new BadUserInputError(`\`${argument}\` must be the ID of a ${type}; got the ID of a ${decoded.type}.`, argument);
  }
  return decoded.key;
}

/** Adds `citations(field, status)` to a record type; every resolver of a citable type extends this. */
export function CitableResolver<T extends BaseEntity>(type: ClassType<T>) {
  @Resolver(() => type)
  abstract class Citable {
    @FieldResolver(() => [Citation], { description: 'Sources for facts about this record, each with its excerpt and status.' })
    async citations(
      @Root() record: T,
      @Ctx() ctx: Context,
      @Arg('field', () => String, { nullable: true, description: 'Only citations about this field.' }) field?: string | null,
      @Arg('status', () => CitationStatus, { nullable: true, description: 'Only citations with this status.' }) status?: CitationStatus | null,
    ): Promise<Citation[]> {
      const all = await ctx.loaders.citations.load(`${type.name}:${record.id}`);
      return all.filter((c) => (field == null || c.field === field) && (status == null || c.status === status));
    }
  }
  return Citable;
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
