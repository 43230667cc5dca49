import type { EntityManager } from '@mikro-orm/core';
import { decimalToScaled } from '../../shared/decimal';
import { amount, dateRange, reference, text } from '../../shared/write/checks';
import { recordWrites } from '../../shared/write/record-writes';
import type { Checks } from '../../shared/write/user-error';
import { Organization } from '../organization/organization.entity';
import { Program } from '../program/program.entity';
import type { CreateGrantInput } from './grant.commands';
import { FundingGrant } from './grant.entity';

// The rules of editing grants: what their fields may hold (the create/update/delete steps are shared, recordWrites).

const writes = recordWrites(FundingGrant, grantData);

export const createGrant = writes.create;
export const updateGrant = writes.update;
export const deleteGrant = writes.delete;

/** The entity data of the fields the input sets (all of them for a new grant), checked. */
async function grantData(em: EntityManager, checks: Checks, input: CreateGrantInput, existing: FundingGrant | null): Promise<Record<string, unknown>> {
  const creating = existing == null;
  const given = (key: keyof CreateGrantInput) => creating || input[key] !== undefined;
  const data: Record<string, unknown> = {};
  if (given('title')) data.title = text(checks, 'title', input.title, { max: 255, required: true });
  if (given('description')) data.description = text(checks, 'description', input.description, { max: 10_000 });
  if (given('mechanism')) data.mechanism = text(checks, 'mechanism', input.mechanism, { max: 200 });
  if (given('donor')) {
    if (input.donor == null) checks.bad('donor', 'Required: every grant has a donor.');
    else data.donor = await reference(em, checks, 'donor', Organization, input.donor);
  }
  if (given('recipient')) data.recipient = await reference(em, checks, 'recipient', Organization, input.recipient);
  if (given('program')) data.program = await reference(em, checks, 'program', Program, input.program);
  if (given('amount')) {
    const value = input.amount ? amount(checks, ['amount', 'amount'], input.amount.amount) : null;
    data.amountE4 = value == null ? null : decimalToScaled(value);
    data.currency = value == null ? null : input.amount!.currency;
  }
  if (given('status')) {
    if (input.status == null) checks.bad('status', 'Required: every grant has a status.');
    else data.status = input.status;
  }
  for (const key of ['awardedOn', 'startDate', 'endDate'] as const) if (given(key)) data[key] = input[key] ?? null;
  const start = given('startDate') ? input.startDate : existing?.startDate;
  const end = given('endDate') ? input.endDate : existing?.endDate;
  dateRange(checks, start, end, 'endDate');
  return data;
}
