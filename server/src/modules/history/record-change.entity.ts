import { DateTimeType, Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ChangeOperation } from './history.types';

/** One changed field of a record: its API name and its values before and after, as JSON text. */
export interface StoredFieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/**
 * One record created, changed or deleted by a mutation: the audit trail, each record's history and the public
 * change feed are all read from these rows. Written in the mutation's own transaction (see change-recorder.ts);
 * `seq` grows in commit order, so a feed cursor never skips a change committed later with a smaller number.
 */
@Entity({ tableName: 'record_change' })
@Index({ name: 'record_change_record_index', properties: ['recordType', 'recordId', 'seq'] })
export class RecordChange {
  [OptionalProps]?: 'seq' | 'changedAt';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  seq!: string;

  @Property({ type: DateTimeType })
  changedAt: Date = new Date();

  /** The name of the API token that made the change. */
  @Property({ type: 'string', length: 100, index: true })
  actor!: string;

  /** The mutation, e.g. `updateGrant`. */
  @Property({ type: 'string', length: 60 })
  mutation!: string;

  /** The Node type name, e.g. `FundingGrant`. */
  @Property({ type: 'string', length: 60 })
  recordType!: string;

  /** The record's database key (the API shows its global ID). */
  @Property({ type: 'string', length: 80 })
  recordId!: string;

  /** The record's version after the change (for a deletion, its last version). */
  @Property({ type: 'integer' })
  recordVersion!: number;

  @Enum({ items: () => ChangeOperation })
  operation!: ChangeOperation;

  @Property({ type: 'json' })
  fields!: StoredFieldChange[];
}
