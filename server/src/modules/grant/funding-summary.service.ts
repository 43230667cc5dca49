import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { raw } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { dialectOf } from '../../shared/dialect';
import { scaledToDecimal } from '../../shared/decimal';
import { toGlobalId } from '../../shared/global-id';
import { Organization } from '../organization/organization.entity';
import { Program } from '../program/program.entity';
import { FundingGrant } from './grant.entity';
import { FundingGroupBy } from './grant.inputs';
import type { Money } from './grant.types';

export interface FundingSummaryRow {
  key: string | null;
  label: string;
  grantCount: number;
  unknownAmountCount: number;
  totals: Money[];
}

interface RawRow {
  k: string | number | null;
  currency: string | null;
  n: string | number;
  known: string | number;
  total: string | number | null;
}

/** Counts and exact per-currency totals of grants, grouped and summed in SQL. */
export async function fundingSummary(em: EntityManager, groupBy: FundingGroupBy, where: FilterQuery<FundingGrant>): Promise<FundingSummaryRow[]> {
  const sqlEm = em as SqlEntityManager;
  const keyExpr = groupKey(sqlEm, groupBy);
  const rows: RawRow[] = await sqlEm
    .createQueryBuilder(FundingGrant, 'g')
    .select([raw(`${keyExpr} as k`), 'g.currency', raw('count(*) as n'), raw('count(g.amount_e4) as known'), raw('cast(sum(g.amount_e4) as text) as total')])
    .where(where as never)
    .groupBy([raw(keyExpr), 'g.currency'])
    .execute('all', false);

  const byKey = new Map<string | null, FundingSummaryRow>();
  for (const r of rows) {
    const key = r.k == null ? null : String(r.k);
    const row = byKey.get(key) ?? { key, label: '', grantCount: 0, unknownAmountCount: 0, totals: [] };
    row.grantCount += Number(r.n);
    row.unknownAmountCount += Number(r.n) - Number(r.known);
    if (r.currency && r.total != null) row.totals.push({ currency: r.currency, amount: scaledToDecimal(BigInt(r.total), r.currency) });
    byKey.set(key, row);
  }
  const result = [...byKey.values()];
  await label(em, groupBy, result);
  for (const row of result) row.totals.sort((a, b) => a.currency.localeCompare(b.currency));
  return result.sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.label.localeCompare(b.label, 'en') || a.key.localeCompare(b.key)));
}

function groupKey(em: SqlEntityManager, groupBy: FundingGroupBy): string {
  switch (groupBy) {
    case FundingGroupBy.DONOR: return 'g.donor_id';
    case FundingGroupBy.RECIPIENT: return 'g.recipient_id';
    case FundingGroupBy.PROGRAM: return 'g.program_id';
    case FundingGroupBy.CURRENCY: return 'g.currency';
    case FundingGroupBy.YEAR:
      // The same expression as the year index of both dialects' migrations, so the sum reads that index in order.
      return dialectOf(em) === 'postgresql' ? 'cast(extract(year from g.awarded_on) as integer)' : 'substr(g.awarded_on, 1, 4)';
  }
}

/** Human labels; entity keys become global IDs so clients can fetch the group's record. */
async function label(em: EntityManager, groupBy: FundingGroupBy, rows: FundingSummaryRow[]): Promise<void> {
  const ids = rows.map((r) => r.key).filter((k): k is string => k !== null);
  const entity = groupBy === FundingGroupBy.PROGRAM ? Program : groupBy === FundingGroupBy.YEAR || groupBy === FundingGroupBy.CURRENCY ? null : Organization;
  const names = new Map<string, string>();
  if (entity === Program) for (const p of await em.find(Program, { id: { $in: ids } })) names.set(p.id, p.title);
  if (entity === Organization) for (const o of await em.find(Organization, { id: { $in: ids } })) names.set(o.id, o.name);
  for (const row of rows) {
    if (row.key === null) {
      row.label = groupBy === FundingGroupBy.CURRENCY ? 'Amount unknown' : 'Not recorded';
      continue;
    }
    row.label = names.get(row.key) ?? row.key;
    if (entity) row.key = toGlobalId(entity.name, row.key);
  }
}
