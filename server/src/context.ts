import type { EntityManager } from '@mikro-orm/core';
import { MODULES, type Loaders } from './modules';
import { ManyToManyLoader } from './shared/many-to-many';

export type { Loaders } from './modules';

/** Per-request state: a forked EntityManager (its own identity map) and the modules' batched loaders. */
export interface Context {
  em: EntityManager;
  loaders: Loaders;
  /** Many-to-many relations, batched per relation. */
  manyToMany: ManyToManyLoader;
}

export function createContext(em: EntityManager): Context {
  const forked = em.fork();
  const loaders = Object.assign({}, ...MODULES.map((m) => m.loaders?.(forked) ?? {})) as Loaders;
  return { em: forked, loaders, manyToMany: new ManyToManyLoader(forked) };
}
