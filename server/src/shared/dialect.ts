import type { EntityManager } from '@mikro-orm/core';

/** Which SQL dialect an EntityManager talks, for the few expressions that differ. */
export function dialectOf(em: EntityManager): 'sqlite' | 'postgresql' {
  return em.getPlatform().constructor.name.startsWith('PostgreSql') ? 'postgresql' : 'sqlite';
}
