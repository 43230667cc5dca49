import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { Citation } from './modules/source/citation.entity';

export interface Loaders {
  /** Citations of records, keyed `Type:key`; one SQL statement per batch. */
  citations: DataLoader<string, Citation[]>;
}

/** Per-request state: a forked EntityManager (its own identity map) and batched loaders. */
export interface Context {
  em: EntityManager;
  loaders: Loaders;
}

export function createContext(em: EntityManager): Context {
  const forked = em.fork();
  return { em: forked, loaders: { citations: new DataLoader((keys) => loadCitations(forked, keys)) } };
}

async function loadCitations(em: EntityManager, keys: readonly string[]): Promise<Citation[][]> {
  const byType = new Map<string, string[]>();
  for (const key of keys) {
    const [type, id] = splitKey(key);
    byType.set(type, [...(byType.get(type) ?? []), id]);
  }
  const rows = await em.find(
    Citation,
    { $or: [...byType].map(([subjectType, ids]) => ({ subjectType, subjectId: { $in: ids } })) },
    { orderBy: [{ field: 'asc' }, { id: 'asc' }] },
  );
  const grouped = new Map<string, Citation[]>();
  for (const c of rows) {
    const key = `${c.subjectType}:${c.subjectId}`;
    grouped.set(key, [...(grouped.get(key) ?? []), c]);
  }
  return keys.map((k) => grouped.get(k) ?? []);
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
}
