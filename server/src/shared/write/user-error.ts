import { Field, ObjectType } from 'type-graphql';
import { describeEnum } from '../enums';

/** The codes of expected failures of a mutation, a subset of `ErrorCode` with the same meanings. */
export enum UserErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
}
describeEnum(UserErrorCode, 'UserErrorCode', 'Why a mutation did not change anything (a subset of `ErrorCode`).', {
  BAD_USER_INPUT: 'A value of the input is not acceptable: see `field` and `message`.',
  NOT_FOUND: 'A record the input names does not exist (or is of another type).',
  CONFLICT: 'The change conflicts with the stored data: the record changed since the `version` sent, a value that must be unique is taken, or other records depend on the one to delete.',
});

/** An expected failure of a mutation, in its payload's `userErrors` (Shopify's convention). */
@ObjectType({ description: 'Why a mutation did not change anything. Nothing is written when a payload has user errors.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, e.g. `["participants", "2", "country"]`; null when no one field is.' })
  field!: string[] | null;

  @Field({ description: 'What is wrong, for a person to read.' })
  message!: string;

  @Field(() => UserErrorCode, { description: 'What is wrong, for a program to test.' })
  code!: UserErrorCode;
}

/** A user error at `field` (a path into the mutation's input). */
export function userError(code: UserErrorCode, message: string, field?: string | readonly (string | number)[]): UserError {
  const path = field == null ? null : (typeof field === 'string' ? [field] : field).map(String);
  return { code, message, field: path };
}

/**
 * Thrown by a service to refuse a change: the mutation's transaction rolls back and the payload carries the
 * errors, and `current`, the record as it is now, when there is one to show (a CONFLICT carries its version).
 */
export class UserErrors extends Error {
  constructor(
    readonly errors: UserError[],
    readonly current: object | null = null,
  ) {
    super(errors.map((e) => e.message).join(' '));
  }
}

/** Collects the user errors of an input's checks, then refuses the change if there are any. */
export class Checks {
  readonly errors: UserError[] = [];

  add(code: UserErrorCode, message: string, field?: string | readonly (string | number)[]): void {
    this.errors.push(userError(code, message, field));
  }

  bad(field: string | readonly (string | number)[], message: string): void {
    this.add(UserErrorCode.BAD_USER_INPUT, message, field);
  }

  /** Throws the collected errors, if any. */
  done(): void {
    if (this.errors.length) throw new UserErrors(this.errors);
  }
}
