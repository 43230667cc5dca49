import { OptimisticLockError, UniqueConstraintViolationException, wrap, type EntityManager } from '@mikro-orm/core';
import { Field, ID, InputType, Int, ObjectType, type ClassType } from 'type-graphql';
import { retryWhileLocked } from './lock-wait';
import { UserError, UserErrorCode, UserErrors, userError } from './user-error';

/** Who makes a change, and through which operation: what the audit trail records of every write. */
export interface Actor {
  /** The name of the caller's API token. */
  name: string;
  /** The mutation, e.g. `updateGrant`. */
  operation: string;
}

const actors = new WeakMap<EntityManager, Actor>();

/** The actor of the writes of `em`, when they are made by a mutation; null for seeding, imports and scripts. */
export const actorOf = (em: EntityManager): Actor | null => actors.get(em) ?? null;

/** What every mutation answers: the record (absent when nothing was written) and the expected failures. */
export interface MutationResult<T> {
  record: T | null;
  userErrors: UserError[];
}

/**
 * Runs one mutation in a transaction of its own, on a fresh EntityManager attributed to `actor`: the service's
 * writes, the audit events and the change-feed entries of every record it touched commit together or not at all.
 * A service refuses with `UserErrors`; a record changed by someone else between read and write (the version
 * compared at flush) is a CONFLICT carrying the record as it is now; a value taken by another record is a CONFLICT.
 */
export function runMutation<T extends object>(root: EntityManager, actor: Actor, work: (em: EntityManager) => Promise<T>): Promise<MutationResult<T>> {
  // On SQLite a lock held by another connection fails the transaction at once; it is run again while the lock wait lasts.
  return retryWhileLocked(root, () => attemptMutation(root, actor, work));
}

async function attemptMutation<T extends object>(root: EntityManager, actor: Actor, work: (em: EntityManager) => Promise<T>): Promise<MutationResult<T>> {
  const em = root.fork({ clear: true });
  actors.set(em, actor);
  await em.begin();
  try {
    const record = await work(em);
    await em.flush();
    await em.commit();
    return { record, userErrors: [] };
  } catch (err) {
    // A connection lost mid-transaction has ended it already (the server rolls it back): the first error is the one to report.
    await em.rollback().catch(() => undefined);
    return refusal<T>(root, err);
  }
}

async function refusal<T>(root: EntityManager, err: unknown): Promise<{ record: T | null; userErrors: UserError[] }> {
  if (err instanceof UserErrors) return { record: err.current as T | null, userErrors: err.errors };
  if (err instanceof OptimisticLockError && err.getEntity()) {
    const stale = err.getEntity()!;
    const current = await root.fork({ clear: true }).findOne(wrap(stale, true).__meta.class, { id: (stale as { id: string }).id } as never);
    const now = current ? `it is now at version ${(current as { version: number }).version}` : 'it has been deleted';
    return { record: current as T | null, userErrors: [userError(UserErrorCode.CONFLICT, `The record changed while this change was being made (${now}); read it again and reapply the change.`, 'version')] };
  }
  if (err instanceof UniqueConstraintViolationException) {
    return { record: null, userErrors: [userError(UserErrorCode.CONFLICT, 'Another record already has one of these values, which must be unique.')] };
  }
  throw err;
}

/** The payload type of a mutation `<name>`: the record under `recordField`, and `userErrors`. */
export function MutationPayload<T extends object>(name: string, recordField: string, type: ClassType<T>) {
  @ObjectType(`${name}Payload`, { description: `The result of \`${name[0].toLowerCase()}${name.slice(1)}\`.` })
  class Payload {
    @Field(() => type, { name: recordField, nullable: true, description: `The ${recordField} as stored after the change; on a CONFLICT, as it is now; otherwise null when nothing was written.` })
    record!: T | null;

    @Field(() => [UserError], { description: 'Why nothing was written; empty when the change was made.' })
    userErrors!: UserError[];
  }
  return Payload;
}

/** The payload type of a delete mutation `<name>`: the deleted record's ID, and `userErrors`. */
export function DeletePayload(name: string) {
  @ObjectType(`${name}Payload`, { description: `The result of \`${name[0].toLowerCase()}${name.slice(1)}\`.` })
  class Payload {
    @Field(() => ID, { nullable: true, description: 'The ID of the deleted record; null when nothing was deleted.' })
    deletedId!: string | null;

    @Field(() => [UserError], { description: 'Why nothing was deleted; empty when the record was.' })
    userErrors!: UserError[];
  }
  return Payload;
}

/**
 * The input of a delete mutation: `Delete<Type>Input { id, version }`, the record and the version the client read.
 * `what` names the record in the descriptions ("meeting"); `note` adds what else the deletion does.
 */
export function DeleteInput(type: string, what: string, note = '') {
  @InputType(`Delete${type}Input`, { description: `The ${what} to delete, at the version read${note ? `; ${note}` : ''}.` })
  class Input {
    @Field(() => ID, { description: `The ${what} to delete.` })
    id!: string;

    @Field(() => Int, { description: `The version of the ${what} the deletion is based on; a CONFLICT if it has changed since.` })
    version!: number;
  }
  return Input;
}
