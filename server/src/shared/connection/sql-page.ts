import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { GraphQLResolveInfo } from 'graphql';
import { nodeFieldsSelected } from '../read/look-ahead';
import type { BaseEntity } from '../node';
import type { Reader } from '../read/reader';
import { flip, keyset, sqlOrder, type KeyColumn } from './keyset';
import { connectionOf, planPage } from './page-plan';
import type { ConnectionResult, OrderKey, PageArgs } from './types';

/**
 * Keyset pagination shared by every connection; given the resolver's `info`, the to-one relations selected
 * on the nodes are joined into the page's statement. The sort keys always end with `id`, so the order is
 * total and a cursor (the sort-key values of one row) names an exact position, stable under inserts.
 */
export async function paginate<T extends BaseEntity>(
  reader: Reader,
  entity: EntityClass<T>,
  page: PageArgs,
  where: FilterQuery<T>,
  order: ReadonlyArray<OrderKey> | null | undefined,
  defaultOrder: ReadonlyArray<OrderKey>,
  info?: GraphQLResolveInfo,
): Promise<ConnectionResult<T>> {
  const plan = planPage(page, order, defaultOrder);
  const { meta } = reader.shape(entity);
  const column = (field: string): KeyColumn => {
    const prop = meta.properties[field as keyof typeof meta.properties];
    return { sql: `e.${reader.platform.quoteIdentifier(prop.fieldNames[0])}`, nullable: !!prop.nullable };
  };
  const qb = reader.select(entity).where(where);
  // The to-one relations the query asks of each node come joined with the page instead of a statement each.
  const joins = info ? reader.joinToOne(entity, qb, nodeFieldsSelected(info)) : [];
  for (const [side, values] of [['after', plan.after], ['before', plan.before]] as const) {
    if (!values) continue;
    const condition = keyset(plan.keys, values.map((v) => reader.platform.processDateProperty(v)), side, column);
    qb.andWhere(condition.sql, condition.params);
  }
  const sortKeys = plan.backward ? plan.keys.map((k) => ({ ...k, direction: flip(k.direction) })) : plan.keys;
  qb.orderBy(sortKeys.map((k) => ({ [k.field]: sqlOrder(k.direction, column(k.field).nullable) })) as never).limit(plan.size + 1);
  const rows = await reader.records(entity, qb, joins);
  const items = rows.slice(0, plan.size);
  if (plan.backward) items.reverse();
  return connectionOf(plan, items, rows.length > plan.size, () => reader.em.createQueryBuilder(entity).where(where).getCount());
}
