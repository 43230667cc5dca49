import { randomUUID } from 'node:crypto';
import { DateTimeType, Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { ApiRole } from './auth.types';

/**
 * An API token: a name, a role, and the SHA-256 of the secret, never the secret itself (it is shown once, when
 * created). Not a Node and not data: writes to this table do not raise the data version (see data-version.ts).
 */
@Entity({ tableName: 'api_token' })
@ObjectType({ description: 'An API token: who may call the API with which role. The token itself is shown only once, when it is created, and never stored.' })
export class ApiToken {
  [OptionalProps]?: 'id' | 'createdAt' | 'revokedAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Field({ description: 'Unique name, e.g. "ci-bot": 1 to 100 letters, digits, `.`, `_` or `-`.' })
  @Property({ type: 'string', length: 100, unique: true })
  name!: string;

  @Field(() => ApiRole, { description: 'What the token may do.' })
  @Enum({ items: () => ApiRole })
  role!: ApiRole;

  /** Hex SHA-256 of the token; requests are authenticated by looking it up. */
  @Property({ type: 'string', length: 64, unique: true, hidden: true })
  tokenHash!: string;

  @Field(() => DateTimeScalar, { description: 'When the token was created.' })
  // DateTimeType, compared by value: see BaseEntity.createdAt.
  @Property({ type: DateTimeType, onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the token was revoked; null while it works.' })
  @Property({ type: DateTimeType, nullable: true })
  revokedAt?: Date | null = null;
}
