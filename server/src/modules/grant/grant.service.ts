import type { EntityManager } from '@mikro-orm/core';
import { decimalToScaled } from '../../shared/decimal';
import { amount, dateRange, recordAtVersion, reference, text } from '../../shared/write/checks';
import { refuseIfDependedOn } from '../../shared/write/dependents';
import { Checks } from '../../shared/write/user-error';
import { Organization } from '../organization/organization.entity';
import { Program } from '../program/program.entity';
import type { CreateGrantInput, DeleteGrantInput, UpdateGrantInput } from './grant.commands';
import { FundingGrant } from './grant.entity';

// The rules of editing grants. Each function checks the whole input, then writes or refuses with every
// problem found; the mutation's transaction is committed by the caller.

export async function createGrant(em: EntityManager, input: CreateGrantInput): Promise<FundingGrant> {
  const checks = new Checks();
  const data = await grantData(em, checks, input, null);
  checks.done();
  return em.create(FundingGrant, data as never);
}

export async function updateGrant(em: EntityManager, input: UpdateGrantInput): Promise<FundingGrant> {
  const grant = await recordAtVersion(em, FundingGrant, input.id, input.version);
  const checks = new Checks();
  const data = await grantData(em, checks, input, grant);
  checks.done();
  em.assign(grant, data as never);
  return grant;
}

export async function deleteGrant(em: EntityManager, input: DeleteGrantInput): Promise<string> {
  const grant = await recordAtVersion(em, FundingGrant, input.id, input.version);
  await refuseIfDependedOn(em, grant);
  em.remove(grant);
  return grant.globalId;
}

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
