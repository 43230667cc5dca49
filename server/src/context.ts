import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { MODULES, type Loaders } from './modules';
import { Reader } from './shared/read/reader';

export type { Loaders } from './modules';

/** Per-request state: a forked EntityManager (its own identity map), the read path, and the modules' batched loaders. */
export interface Context {
  em: EntityManager;
  /** Reads: lean records in batched SQL, no identity map. */
  reader: Reader;
  loaders: Loaders;
}

export function createContext(em: EntityManager): Context {
  const forked = em.fork() as SqlEntityManager;
  const reader = new Reader(forked);
  const loaders = Object.assign({}, ...MODULES.map((m) => m.loaders?.(reader) ?? {})) as Loaders;
  return { em: forked, reader, loaders };
}
