import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { describeEnum } from '../../shared/enums';
import { DateTimeScalar } from '../../shared/scalars';

export enum ChangeOperation {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
}
describeEnum(ChangeOperation, 'ChangeOperation', 'What a change did to a record.', {
  CREATE: 'The record was created.',
  UPDATE: 'Fields of the record changed.',
  DELETE: 'The record was deleted.',
});

/** The `RecordType` enum: every Node type, as `FUNDING_GRANT: 'FundingGrant'`. */
export function recordTypeEnum(typeNames: readonly string[]): Readonly<Record<string, string>> {
  const values = Object.fromEntries(typeNames.map((t) => [t.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase(), t]));
  registerEnumType(values, {
    name: 'RecordType',
    description: 'Kinds of record, as in the change feed and the audit log.',
    valuesConfig: Object.fromEntries(Object.entries(values).map(([k, t]) => [k, { description: `\`${t}\` records.` }])),
  });
  return values;
}

@ObjectType({ description: 'One field a change touched: its name in the API and its values before and after, as JSON text (`"2022-07-01"`, `null`, an ID).' })
export class FieldChange {
  @Field({ description: 'The field, as the API names it (e.g. `endDate`, `amount`, `donor`).' })
  field!: string;

  @Field(() => String, { nullable: true, description: 'The value before, as JSON; null when the record was created.' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'The value after, as JSON; null when the record was deleted.' })
  after!: string | null;
}

@ObjectType({ description: 'A record created, changed or deleted by a mutation, in commit order. Editor names are only in the audit log.' })
export class Change {
  @Field({ description: 'This change\'s place in the feed: pass it as `changes(after:)` to resume after it (the same as its edge\'s cursor).' })
  cursor!: string;

  @Field(() => ID, { description: 'The ID of the record changed (a deleted record keeps its ID here).' })
  recordId!: string;

  @Field(() => String, { description: 'The Node type of the record, e.g. `FundingGrant`.' })
  recordType!: string;

  @Field(() => Int, { description: 'The record\'s version after the change (for a deletion, its last version).' })
  version!: number;

  @Field(() => ChangeOperation, { description: 'What the change did.' })
  operation!: ChangeOperation;

  @Field(() => DateTimeScalar, { description: 'When the change was committed.' })
  changedAt!: Date;

  @Field({ description: 'The mutation that made the change, e.g. `updateGrant`.' })
  mutation!: string;

  @Field(() => [FieldChange], { description: 'The fields set, with their values before and after.' })
  fields!: FieldChange[];
}

@ObjectType({ description: 'A change with who made it: an entry of the audit log (ADMIN only).' })
export class AuditEvent extends Change {
  @Field({ description: 'The name of the API token that made the change.' })
  actor!: string;
}
