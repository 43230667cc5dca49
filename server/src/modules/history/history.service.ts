import type { FilterQuery } from '@mikro-orm/core';
import { BadUserInputError } from '../../errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ConnectionResult } from '../../shared/connection';
import { toGlobalId } from '../../shared/global-id';
import type { Reader } from '../../shared/read/reader';
import type { AuditEvent } from './history.types';
import { RecordChange } from './record-change.entity';

/** A page of record changes in commit order, after the cursor `after`; a cursor stays valid for good. */
export async function changesPage(reader: Reader, where: FilterQuery<RecordChange>, first: number | null | undefined, after: string | null | undefined): Promise<ConnectionResult<AuditEvent>> {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (size < 0 || size > MAX_PAGE_SIZE) throw new BadUserInputError(`\`first\` must be between 0 and ${MAX_PAGE_SIZE}; got ${size}.`, 'first');
  const from = after == null ? null : seqOf(after);
  const conditions: FilterQuery<RecordChange>[] = [where];
  if (from != null) conditions.push({ seq: { $gt: from } });
  const rows = await reader.find(RecordChange, { $and: conditions }, { orderBy: { seq: 'asc' }, limit: size + 1 });
  const items = rows.slice(0, size).map(toChange);
  const edges = items.map((node) => ({ node, cursor: node.cursor }));
  return {
    edges,
    nodes: items,
    pageInfo: { hasNextPage: rows.length > size, hasPreviousPage: from != null, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
    count: () => reader.em.createQueryBuilder(RecordChange).where(where).getCount(),
  };
}

const cursorOf = (seq: string) => Buffer.from(`change:${seq}`).toString('base64url');

function seqOf(cursor: string): string {
  const m = /^change:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new BadUserInputError('`after` is not a cursor of the change feed.', 'after');
  return m[1];
}

/** A stored change as the API shows it: global IDs, and the editor's name (which only the audit log selects). */
function toChange(row: RecordChange): AuditEvent {
  return {
    cursor: cursorOf(row.seq),
    recordId: toGlobalId(row.recordType, row.recordId),
    recordType: row.recordType,
    version: row.recordVersion,
    operation: row.operation,
    changedAt: row.changedAt,
    mutation: row.mutation,
    fields: row.fields,
    actor: row.actor,
  };
}
