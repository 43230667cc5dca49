import type { AuthChecker } from 'type-graphql';
import type { Context } from '../../context';
import { ApiError } from '../../errors';
import { hasRole, isHighestRole, lowestRole, type ApiRole } from './auth.types';

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
