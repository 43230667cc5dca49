import type { EntityClass, EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { BaseEntity } from '../node';
import { flip, keyset, sqlOrder } from './keyset';
import { connectionOf, planPage } from './page-plan';
import type { ConnectionResult, OrderKey, PageArgs } from './types';

/**
 * Keyset pagination shared by every connection. The sort keys always end with `id`, so the order is
 * total and a cursor (the sort-key values of one row) names an exact position, stable under inserts.
 */
export async function paginate<T extends BaseEntity>(
  em: EntityManager,
  entity: EntityClass<T>,
  page: PageArgs,
  where: FilterQuery<T>,
  order: ReadonlyArray<OrderKey> | null | undefined,
  defaultOrder: ReadonlyArray<OrderKey>,
): Promise<ConnectionResult<T>> {
  const plan = planPage(page, order, defaultOrder);
  const conditions: FilterQuery<T>[] = [where];
  if (plan.after) conditions.push(keyset(plan.keys, plan.after, 'after'));
  if (plan.before) conditions.push(keyset(plan.keys, plan.before, 'before'));
  const sortKeys = plan.backward ? plan.keys.map((k) => ({ ...k, direction: flip(k.direction) })) : plan.keys;
  const rows = await em.find(entity, { $and: conditions } as FilterQuery<T>, {
    orderBy: sortKeys.map((k) => ({ [k.field]: sqlOrder(k.direction) })) as QueryOrderMap<T>[],
    limit: plan.size + 1,
  });
  const items = rows.slice(0, plan.size);
  if (plan.backward) items.reverse();
  return connectionOf(plan, items, rows.length > plan.size, () => em.count(entity, where));
}
