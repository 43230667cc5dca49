import { wrap } from '@mikro-orm/core';
import type { Context } from '../../context';
import { fromGlobalId } from '../../shared/global-id';
import type { BaseEntity } from '../../shared/node';
import { nodeClass } from '../../shared/node-type';

/** A record by type and key, batched through MikroORM's reference dataloader; null when there is none. */
export async function loadNode(ctx: Context, type: string, key: string): Promise<BaseEntity | null> {
  const entity = nodeClass(type);
  if (!entity) return null;
  const ref = ctx.em.getReference(entity, key, { wrapped: true });
  const node = await ref.load().catch(() => null);
  // A reference to a missing row stays uninitialized after the batched load: the record does not exist.
  return node && wrap(node).isInitialized() ? node : null;
}

/** A record by global ID; null when it does not exist (Relay), BAD_USER_INPUT when the ID is malformed. */
export function loadByGlobalId(ctx: Context, id: string): Promise<BaseEntity | null> {
  const { type, key } = fromGlobalId(id);
  return loadNode(ctx, type, key);
}
