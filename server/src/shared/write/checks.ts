import type { EntityClass, EntityManager } from '@mikro-orm/core';
import { fromGlobalId } from '../global-id';
import type { BaseEntity } from '../node';
import { nodeTypeName } from '../node-type';
import { Checks, UserErrorCode, UserErrors, userError } from './user-error';

// The checks services make of an input, each adding a user error at the field at fault.

type Path = string | readonly (string | number)[];

/** Text trimmed; an error when required and empty, or longer than `max` characters. */
export function text(checks: Checks, field: Path, value: string | null | undefined, options: { max: number; required?: boolean }): string | null {
  if (value == null) {
    if (options.required) checks.bad(field, 'Required.');
    return null;
  }
  const trimmed = value.trim();
  if (!trimmed) {
    if (options.required) checks.bad(field, 'Must not be empty.');
    return options.required ? trimmed : null;
  }
  if ([...trimmed].length > options.max) checks.bad(field, `At most ${options.max} characters; got ${[...trimmed].length}.`);
  // Neither database can store a NUL in text (nor take one inside an SQL statement): refused here, not failed there.
  else if (trimmed.includes('\u0000')) checks.bad(field, 'Must not contain a NUL character (U+0000).');
  return trimmed;
}

/** An end before its start is an error (dates as `YYYY-MM-DD`, which compare as text). */
export function dateRange(checks: Checks, start: string | null | undefined, end: string | null | undefined, endField: Path, startName = 'the start date'): void {
  if (start && end && end < start) checks.bad(endField, `Must not be before ${startName} (${start}); got ${end}.`);
}

/** The largest amount the stored 64-bit integer of 1/10^4 units holds. */
const MAX_UNITS = 2n ** 63n - 1n;

/** A money amount: a non-negative decimal with at most 4 decimal places, within the stored range. */
export function amount(checks: Checks, field: Path, value: string | null | undefined): string | null {
  if (value == null) return null;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) {
    checks.bad(field, `Must be a non-negative decimal such as "1250000.50"; got "${value}".`);
    return null;
  }
  if ((m[2] ?? '').length > 4) {
    checks.bad(field, `At most 4 decimal places are stored; got ${m[2].length}.`);
    return null;
  }
  if (BigInt(m[1]) * 10000n + BigInt((m[2] ?? '').padEnd(4, '0')) > MAX_UNITS) {
    checks.bad(field, 'Too large to store exactly (at most 922337203685477.5807).');
    return null;
  }
  return value;
}

/** The record a global ID names, of the expected type; a NOT_FOUND error at `field` when there is none. */
export async function reference<T extends BaseEntity>(em: EntityManager, checks: Checks, field: Path, type: EntityClass<T>, id: string | null | undefined): Promise<T | null> {
  if (id == null) return null;
  const name = nodeTypeName(type);
  let key: string | null = null;
  try {
    const decoded = fromGlobalId(id);
    if (decoded.type === name) key = decoded.key;
  } catch {
    key = null;
  }
  const found = key == null ? null : await em.findOne(type, { id: key } as never);
  if (!found) checks.add(UserErrorCode.NOT_FOUND, `No ${name} has the ID ${id}.`, field);
  return found;
}

/** The record to change or delete, at the version the client read: NOT_FOUND, or CONFLICT with the record as it is now. */
export async function recordAtVersion<T extends BaseEntity>(em: EntityManager, type: EntityClass<T>, id: string, version: number): Promise<T> {
  const checks = new Checks();
  const found = await reference(em, checks, 'id', type, id);
  checks.done();
  if (found!.version !== version) {
    throw new UserErrors(
      [userError(UserErrorCode.CONFLICT, `The ${nodeTypeName(type)} is at version ${found!.version}, not ${version}: it changed since it was read. Read it again and reapply the change.`, 'version')],
      found,
    );
  }
  return found!;
}
