import { createHash } from 'node:crypto';
import type { SeedRow } from '../../shared/module';

/**
 * Any bundled record can carry `citations`: this takes them off the record as Citation rows pointing at it,
 * with stable IDs (a hash of what they say), so seeding again finds them again.
 */
export function splitCitations(subjectType: string, row: SeedRow): { row: SeedRow; citations: SeedRow[] } {
  const { citations, ...rest } = row as SeedRow & { citations?: SeedRow[] };
  return {
    row: rest,
    citations: (citations ?? []).map((c) => {
      const hash = createHash('sha256').update(JSON.stringify([subjectType, rest.id, c])).digest('hex');
      return { ...c, id: `cit-${hash.slice(0, 24)}`, subjectType, subjectId: rest.id };
    }),
  };
}
