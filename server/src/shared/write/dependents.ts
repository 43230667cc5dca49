import { ReferenceKind, type EntityManager, type EntityMetadata } from '@mikro-orm/core';
import type { BaseEntity } from '../node';
import { nodeTypeName } from '../node-type';
import { UserErrorCode, UserErrors, userError } from './user-error';

/** Describes records that point at a record other than by a foreign key (e.g. "2 citations"); none: an empty list. */
export type DependentCounter = (em: EntityManager, typeName: string, id: string) => Promise<string[]>;

const counters: DependentCounter[] = [];

/** Adds a kind of dependent that the foreign keys do not show (a module's polymorphic links). */
export function registerDependents(counter: DependentCounter): void {
  counters.push(counter);
}

/**
 * Refuses to delete a record that others depend on, with a CONFLICT naming them: rows whose foreign key points
 * at it (except those of its own parts, listed in `parts`: they go with it), rows of join tables that link
 * other records to it, and the dependents modules register (citations).
 */
export async function refuseIfDependedOn(em: EntityManager, record: BaseEntity, parts: readonly string[] = []): Promise<void> {
  const meta = em.getMetadata().get(record.constructor.name);
  const found: string[] = [];
  for (const other of Object.values(em.getMetadata().getAll()) as EntityMetadata[]) {
    if (other.abstract || other.embeddable) continue;
    for (const prop of other.props) {
      if (prop.targetMeta?.class !== meta.class) continue;
      if (prop.kind === ReferenceKind.MANY_TO_ONE && !other.pivotTable) {
        const inverse = meta.props.find((p) => p.kind === ReferenceKind.ONE_TO_MANY && p.mappedBy === prop.name && p.targetMeta?.class === other.class);
        if (inverse && parts.includes(inverse.name)) continue;
        const count = await em.count(other.class, { [prop.name]: record.id } as never);
        if (count) found.push(`${plural(count, other.className)} (as ${prop.name})`);
      }
      if (prop.kind === ReferenceKind.MANY_TO_MANY && prop.owner && other.class !== meta.class) {
        const theirs = prop.inverseJoinColumns[0];
        const rows = await em.getConnection().execute<Array<{ n: number }>>(`select count(*) as n from ${em.getPlatform().quoteIdentifier(prop.pivotTable)} where ${em.getPlatform().quoteIdentifier(theirs)} = ?`, [record.id], 'all', em.getTransactionContext());
        const count = Number(rows[0]?.n ?? 0);
        if (count) found.push(`${plural(count, other.className)} (by ${prop.name})`);
      }
    }
  }
  for (const counter of counters) {
    found.push(...(await counter(em, nodeTypeName(record.constructor), record.id)));
  }
  if (found.length) {
    throw new UserErrors([userError(UserErrorCode.CONFLICT, `This ${nodeTypeName(record.constructor)} cannot be deleted: ${found.join(', ')} depend on it. Change or delete them first.`, 'id')], record);
  }
}

/** "1 FundingGrant", "3 FundingGrant records": counts of records, as the messages name them. */
export const plural = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : ' records'}`;
