import { Field, ObjectType } from 'type-graphql';
import { describeEnum } from '../../shared/enums';

/**
 * What an API token may do, from least to most. A higher role has every right of a lower one. The GraphQL
 * enum is `ApiRole`, because `Role` already names a person's position in an organization.
 */
export enum ApiRole {
  READER = 'READER',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}
describeEnum(ApiRole, 'ApiRole', 'What an API token may do. Roles are ordered READER < EDITOR < ADMIN: a higher role has every right of a lower one.', {
  READER: 'Reads the data, as anyone may without a token while the service allows anonymous reads.',
  EDITOR: 'What a reader may, and the changes to the data that need an editor.',
  ADMIN: 'What an editor may, and the API tokens themselves (`apiTokens`).',
});

/** The roles in order, least first. */
const RANKED: readonly ApiRole[] = [ApiRole.READER, ApiRole.EDITOR, ApiRole.ADMIN];

/** Whether `role` has the rights of `needed` (the same role or a higher one). */
export const hasRole = (role: ApiRole, needed: ApiRole) => RANKED.indexOf(role) >= RANKED.indexOf(needed);

/** The least of `roles`: the one a caller needs at least, when any of them will do. */
export const lowestRole = (roles: readonly ApiRole[]) => RANKED.find((r) => roles.includes(r));

/** Whether no role ranks above `role`. */
export const isHighestRole = (role: ApiRole) => role === RANKED[RANKED.length - 1];

/** The role written in any case (`editor`, `EDITOR`), or null when there is none by that name. */
export function parseRole(text: string): ApiRole | null {
  const upper = text.trim().toUpperCase();
  return RANKED.find((r) => r === upper) ?? null;
}

/** Who sent a request: the name and role of its API token. */
@ObjectType({ description: 'The caller of this request: the API token it was sent with.' })
export class Viewer {
  @Field({ description: 'The name the token was created with, e.g. "ci-bot".' })
  name!: string;

  @Field(() => ApiRole, { description: 'What the token may do.' })
  role!: ApiRole;
}
