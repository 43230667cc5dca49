import DataLoader from 'dataloader';
import type { Reader } from '../../shared/read/reader';
import { Citation } from './citation.entity';

/** The loader key of a record's citations: its Node type name and database key. */
export const citationKey = (subjectType: string, subjectId: string) => `${subjectType}:${subjectId}`;

/** The source module's per-request loaders: citations of any records, one SQL statement per batch. */
export function citationLoaders(reader: Reader) {
  return { citations: new DataLoader<string, Citation[]>((keys) => loadCitations(reader, keys)) };
}

async function loadCitations(reader: Reader, keys: readonly string[]): Promise<Citation[][]> {
  const byType = new Map<string, string[]>();
  for (const key of keys) {
    const i = key.indexOf(':');
    const type = key.slice(0, i);
    byType.set(type, [...(byType.get(type) ?? []), key.slice(i + 1)]);
  }
  const rows = await reader.find(
    Citation,
    { $or: [...byType].map(([subjectType, ids]) => ({ subjectType, subjectId: { $in: ids } })) },
    { orderBy: [{ field: 'asc' }, { id: 'asc' }] },
  );
  const grouped = new Map<string, Citation[]>();
  for (const c of rows) {
    const key = citationKey(c.subjectType, c.subjectId);
    grouped.set(key, [...(grouped.get(key) ?? []), c]);
  }
  return keys.map((k) => grouped.get(k) ?? []);
}
