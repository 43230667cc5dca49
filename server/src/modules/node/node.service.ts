import type { Context } from '../../context';
import { fromGlobalId } from '../../shared/global-id';
import type { BaseEntity } from '../../shared/node';
import { nodeClass } from '../../shared/node-type';

/** A record by type and key, batched with the other lookups of its type; null when there is none. */
export async function loadNode(ctx: Context, type: string, key: string): Promise<BaseEntity | null> {
  const entity = nodeClass(type);
  return entity ? ((await ctx.reader.one(entity, key)) as BaseEntity | null) : null;
}

/** A record by global ID; null when it does not exist (Relay), BAD_USER_INPUT when the ID is malformed. */
export function loadByGlobalId(ctx: Context, id: string): Promise<BaseEntity | null> {
  return loadByGlobalIds(ctx, [id]).then(([node]) => node);
}

/**
 * Records by global ID, in the order asked. Every ID is decoded before any is loaded: a malformed one
 * refuses the lot at once, rather than leaving the loads already started with nobody awaiting them
 * (a failure of one of those would be an unhandled rejection, which ends the process).
 */
export async function loadByGlobalIds(ctx: Context, ids: readonly string[]): Promise<Array<BaseEntity | null>> {
  const decoded = ids.map((id) => fromGlobalId(id));
  return Promise.all(decoded.map(({ type, key }) => loadNode(ctx, type, key)));
}
