import type { EntityManager } from '@mikro-orm/core';

/**
 * Runs `setup` in a transaction of its own (a pooled connection, held) and keeps the transaction open, with its
 * locks, until the returned function is called; that function resolves once the transaction has ended.
 */
export async function holdTransaction(em: EntityManager, setup: (tx: EntityManager) => Promise<void>): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => { ready = resolve; });
  const held = em.transactional(async (tx) => {
    await setup(tx);
    ready();
    await released;
  });
  await Promise.race([isReady, held]);
  return async () => {
    release();
    await held;
  };
}
