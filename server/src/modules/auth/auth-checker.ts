import { getMetadataStorage, type AuthChecker } from 'type-graphql';
import type { Context } from '../../context';
import { ApiError } from '../../errors';
import { ApiRole, hasRole, isHighestRole, lowestRole } from './auth.types';

/**
 * The one place roles are enforced: type-graphql calls it for every field marked `@Authorized(...)` (schema.ts).
 * `@Authorized()` needs any valid token; `@Authorized(ApiRole.EDITOR)` needs EDITOR or a higher role. No token
 * where one is needed is UNAUTHENTICATED, too weak a role FORBIDDEN (type-graphql's own errors carry other codes).
 */
export const authChecker: AuthChecker<Context, ApiRole> = ({ context, info }, roles) => {
  const field = `${info.parentType.name}.${info.fieldName}`;
  const needed = lowestRole(roles);
  const wanted = needed ? `the role ${needed}${isHighestRole(needed) ? '' : ' or a higher one'}` : 'any role';
  const viewer = context.viewer;
  if (!viewer) throw new ApiError('UNAUTHENTICATED', `${field} needs an API token with ${wanted}: send it as \`Authorization: Bearer <token>\`.`);
  if (needed && !hasRole(viewer.role, needed)) throw new ApiError('FORBIDDEN', `${field} needs ${wanted}; the token "${viewer.name}" has ${viewer.role}.`);
  return true;
};

/**
 * Every mutation needs at least EDITOR: checked once, when the schema is built, so a mutation declared without
 * `@Authorized(ApiRole.EDITOR)` (or ADMIN) stops the service at start instead of letting anyone write.
 */
export function assertMutationsNeedEditor(): void {
  const storage = getMetadataStorage();
  const open = storage.mutations.filter((m) => {
    const auth = storage.authorizedFields.find((a) => a.target === m.target && a.fieldName === m.methodName);
    const needed = auth ? lowestRole(auth.roles as ApiRole[]) : undefined;
    return !needed || !hasRole(needed, ApiRole.EDITOR);
  });
  if (open.length) throw new Error(`Mutations must be @Authorized(ApiRole.EDITOR) or higher: ${open.map((m) => m.schemaName).join(', ')}.`);
}
