import type { EntityManager } from '@mikro-orm/core';
import { dateRange, reference } from '../../shared/write/checks';
import { recordWrites } from '../../shared/write/record-writes';
import type { Checks } from '../../shared/write/user-error';
import { Organization } from '../organization/organization.entity';
import { countryByCode } from './country.service';
import { DatePrecision } from './country.types';
import type { CreateMembershipInput } from './membership.commands';
import { Membership } from './membership.entity';

// The rules of editing memberships: what their fields may hold (the create/update/delete steps are shared, recordWrites).

const writes = recordWrites(Membership, membershipData);

export const createMembership = writes.create;
export const updateMembership = writes.update;
export const deleteMembership = writes.delete;

/** A `joinedOn` as its precision writes it: what is not known (the month, the day) is 01. */
const FILLED: Record<DatePrecision, (date: string) => string> = {
  [DatePrecision.DAY]: (date) => date,
  [DatePrecision.MONTH]: (date) => `${date.slice(0, 7)}-01`,
  [DatePrecision.YEAR]: (date) => `${date.slice(0, 4)}-01-01`,
};

/** The entity data of the fields the input sets (all of them for a new membership), checked. */
async function membershipData(em: EntityManager, checks: Checks, input: CreateMembershipInput, existing: Membership | null): Promise<Record<string, unknown>> {
  const creating = existing == null;
  const given = (key: keyof CreateMembershipInput) => creating || input[key] !== undefined;
  const data: Record<string, unknown> = {};
  if (given('organization')) {
    if (input.organization == null) checks.bad('organization', 'Required: a membership is of an organization.');
    else data.organization = await reference(em, checks, 'organization', Organization, input.organization);
  }
  if (given('country')) {
    if (input.country == null) checks.bad('country', 'Required: a membership is of a country.');
    else data.country = await countryByCode(em, checks, 'country', input.country);
  }
  if (given('status')) {
    if (input.status == null) checks.bad('status', 'Required: every membership has a status.');
    else data.status = input.status;
  }
  // Left out of a new membership, the precision is the entity's default (DAY); it is never unknown.
  if (input.joinedOnPrecision === null) checks.bad('joinedOnPrecision', 'Must not be null: leave it out to keep it (DAY for a new membership).');
  else if (input.joinedOnPrecision !== undefined) data.joinedOnPrecision = input.joinedOnPrecision;
  for (const key of ['joinedOn', 'leftOn'] as const) if (given(key)) data[key] = input[key] ?? null;

  const joinedOn = given('joinedOn') ? input.joinedOn : existing?.joinedOn;
  const precision = input.joinedOnPrecision ?? existing?.joinedOnPrecision ?? DatePrecision.DAY;
  // A date more precise than its precision says would claim a month or day nobody knows.
  if (joinedOn && FILLED[precision](joinedOn) !== joinedOn) {
    checks.bad(input.joinedOn !== undefined ? 'joinedOn' : 'joinedOnPrecision', `Only the ${precision.toLowerCase()} is known (${precision} precision), so the rest of joinedOn is 01, as in ${FILLED[precision](joinedOn)}; got ${joinedOn}.`);
  }
  dateRange(checks, joinedOn, given('leftOn') ? input.leftOn : existing?.leftOn, 'leftOn', 'joinedOn');
  return data;
}
