import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { MODULES, type Loaders } from './modules';
import type { Viewer } from './modules/auth';
import { Reader } from './shared/read/reader';
import type { Actor } from './shared/write/mutation';

export type { Loaders } from './modules';

/** Per-request state: a forked EntityManager (its own identity map), the read path, and the modules' batched loaders. */
export interface Context {
  em: EntityManager;
  /** Reads: lean records in batched SQL, no identity map. */
  reader: Reader;
  loaders: Loaders;
  /** Who is asking: the name and role of the request's API token; null for an anonymous request. */
  viewer: Viewer | null;
  /** Marks the answer as one no cache may keep: it holds what the data version does not track (API tokens). */
  noStore(): void;
  /** Who makes the changes of mutation `operation`: the caller's token (mutations need one, see authChecker). */
  actor(operation: string): Actor;
}

/** `request`: what the HTTP layer knows of the request, its authenticated viewer and how to mark its answer no-store. */
export function createContext(em: EntityManager, request: Pick<Context, 'viewer' | 'noStore'>): Context {
  const forked = em.fork() as SqlEntityManager;
  const reader = new Reader(forked);
  const loaders = Object.assign({}, ...MODULES.map((m) => m.loaders?.(reader) ?? {})) as Loaders;
  const actor = (operation: string): Actor => {
    if (!request.viewer) throw new Error(`${operation} ran without a viewer: mutations must be @Authorized.`);
    return { name: request.viewer.name, operation };
  };
  return { em: forked, reader, loaders, viewer: request.viewer, noStore: request.noStore, actor };
}
