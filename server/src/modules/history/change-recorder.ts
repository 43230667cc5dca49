import { ChangeSetType, ReferenceKind, type ChangeSet, type EntityManager, type EntityProperty, type EventSubscriber, type FlushEventArgs, type UnitOfWork } from '@mikro-orm/core';
import { dialectOf } from '../../shared/dialect';
import { scaledToDecimal } from '../../shared/decimal';
import { toGlobalId } from '../../shared/global-id';
import { BaseEntity } from '../../shared/node';
import { nodeTypeName } from '../../shared/node-type';
import { ScaledDecimalType } from '../../shared/scaled-decimal.type';
import { actorOf } from '../../shared/write/mutation';
import { ChangeOperation } from './history.types';
import { RecordChange, type StoredFieldChange } from './record-change.entity';

/** Any constant: the advisory lock that orders change-feed entries by commit on PostgreSQL. */
const FEED_LOCK = 4_242_011;

const OPERATIONS: Partial<Record<ChangeSetType, ChangeOperation>> = {
  [ChangeSetType.CREATE]: ChangeOperation.CREATE,
  [ChangeSetType.UPDATE]: ChangeOperation.UPDATE,
  [ChangeSetType.DELETE]: ChangeOperation.DELETE,
};

/** Bookkeeping columns, not facts: their changes are not listed (the version is the change's own). */
const UNLISTED = new Set(['version', 'createdAt', 'updatedAt', 'searchText']);

/**
 * Writes a `record_change` row for every record a mutation's flush creates, changes or deletes, in the same
 * flush and so the same transaction: the audit trail and the change feed can neither miss a committed change
 * nor show one that rolled back. Writes without an actor (seeding, imports, synthetic data) are not mutations
 * and are not recorded. On PostgreSQL the rows are numbered under a transaction-scoped advisory lock, held to
 * the commit: numbers are then handed out in commit order, which a feed cursor relies on (SQLite has one writer).
 */
export class ChangeRecorder implements EventSubscriber {
  async onFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const actor = actorOf(em);
    if (!actor) return;
    const links = await linkChanges(em, uow);
    const sets = uow.getChangeSets().filter((cs) => cs.entity instanceof BaseEntity && OPERATIONS[cs.type]);
    if (!sets.length) return;
    if (dialectOf(em) === 'postgresql') await em.getConnection().execute('select pg_advisory_xact_lock(?)', [FEED_LOCK], 'all', em.getTransactionContext());
    for (const cs of sets) {
      const change = em.create(RecordChange, {
        changedAt: new Date(),
        actor: actor.name,
        mutation: actor.operation,
        recordType: nodeTypeName(cs.entity.constructor),
        recordId: (cs.entity as BaseEntity).id,
        recordVersion: versionAfter(cs as ChangeSet<BaseEntity>),
        operation: OPERATIONS[cs.type]!,
        fields: [...fieldChanges(cs as ChangeSet<BaseEntity>), ...(links.get(cs.entity) ?? [])],
      });
      uow.computeChangeSet(change);
    }
  }
}

/**
 * The many-to-many links the flush changes (e.g. a program's participating countries), as field changes of their
 * owner: the IDs linked before (read from the join table, not yet written) and after. An owner whose links alone
 * changed is touched, so that its version rises and the change is recorded like any other.
 */
async function linkChanges(em: EntityManager, uow: UnitOfWork): Promise<Map<object, StoredFieldChange[]>> {
  const changes = new Map<object, StoredFieldChange[]>();
  for (const collection of uow.getCollectionUpdates()) {
    const prop = collection.property as EntityProperty;
    const owner = collection.owner as BaseEntity;
    if (prop.kind !== ReferenceKind.MANY_TO_MANY || !prop.owner || !(owner instanceof BaseEntity)) continue;
    const q = (name: string) => em.getPlatform().quoteIdentifier(name);
    const rows = await em.getConnection().execute<Array<{ t: string }>>(
      `select ${q(prop.inverseJoinColumns[0])} as t from ${q(prop.pivotTable)} where ${q(prop.joinColumns[0])} = ? order by 1`,
      [owner.id],
      'all',
      em.getTransactionContext(),
    );
    const type = nodeTypeName(prop.targetMeta!.class);
    const ids = (keys: string[]) => JSON.stringify(keys.sort().map((k) => toGlobalId(type, k)));
    const before = ids(rows.map((r: { t: string }) => String(r.t)));
    const after = ids(collection.getItems().map((item) => (item as BaseEntity).id));
    if (before === after) continue;
    changes.set(owner, [...(changes.get(owner) ?? []), { field: prop.name, before, after }]);
    if (!uow.getChangeSets().some((cs) => cs.entity === owner)) {
      owner.updatedAt = new Date();
      uow.computeChangeSet(owner);
    }
  }
  return changes;
}

function versionAfter(cs: ChangeSet<BaseEntity>): number {
  const before = Number((cs.originalEntity as { version?: number } | undefined)?.version ?? cs.entity.version ?? 0);
  if (cs.type === ChangeSetType.CREATE) return 1;
  return cs.type === ChangeSetType.UPDATE ? before + 1 : before;
}

/** The listed fields a change set touches, with their API names and JSON values. */
function fieldChanges(cs: ChangeSet<BaseEntity>): StoredFieldChange[] {
  const before = (cs.originalEntity ?? {}) as Record<string, unknown>;
  const after = (cs.type === ChangeSetType.DELETE ? {} : cs.payload) as Record<string, unknown>;
  const names = cs.type === ChangeSetType.DELETE ? Object.keys(before) : Object.keys(after);
  const currency = String((after.currency ?? before.currency ?? 'XXX') || 'XXX');
  return names
    .map((name) => cs.meta.properties[name as never] as EntityProperty | undefined)
    .filter((prop): prop is EntityProperty => !!prop && !prop.hidden && !UNLISTED.has(prop.name) && prop.kind !== ReferenceKind.ONE_TO_MANY && prop.kind !== ReferenceKind.MANY_TO_MANY)
    .map((prop) => {
      const json = (v: unknown) => (cs.type === ChangeSetType.CREATE && v === undefined ? null : JSON.stringify(apiValue(prop, v, currency) ?? null));
      return {
        field: apiName(prop),
        before: cs.type === ChangeSetType.CREATE ? null : json(before[prop.name]),
        after: cs.type === ChangeSetType.DELETE ? null : json(after[prop.name]),
      };
    });
}

/** Amounts are stored in 1/10^4 units as `amountE4`; the API calls them `amount`. */
const apiName = (prop: EntityProperty) => (prop.customType instanceof ScaledDecimalType ? prop.name.replace(/E4$/, '') : prop.name);

function apiValue(prop: EntityProperty, value: unknown, currency: string): unknown {
  if (value == null) return null;
  if (prop.customType instanceof ScaledDecimalType) return scaledToDecimal(String(value), currency);
  if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) {
    const key = typeof value === 'object' ? (value as { id: string }).id : String(value);
    return toGlobalId(nodeTypeName(prop.targetMeta!.class), key);
  }
  if (value instanceof Date) return value.toISOString();
  // An instant may come as SQLite stores it, epoch milliseconds; the API writes instants as ISO 8601.
  if (prop.runtimeType === 'Date' && typeof value === 'number') return new Date(value).toISOString();
  return value;
}
