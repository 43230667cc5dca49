import type { EntityManager } from '@mikro-orm/core';
import { reference, text } from '../../shared/write/checks';
import { recordWrites } from '../../shared/write/record-writes';
import type { Checks } from '../../shared/write/user-error';
import { countryByCode } from '../country/country.service';
import { localizedNames } from '../../shared/write/localized-names';
import type { CreateOrganizationInput } from './organization.commands';
import { Organization } from './organization.entity';

// The rules of editing organizations: what their fields may hold (the create/update/delete steps are shared, recordWrites).

const writes = recordWrites(Organization, organizationData);

export const createOrganization = writes.create;
export const updateOrganization = writes.update;
export const deleteOrganization = writes.delete;

/** The entity data of the fields the input sets (all of them for a new organization), checked. */
async function organizationData(em: EntityManager, checks: Checks, input: CreateOrganizationInput, existing: Organization | null): Promise<Record<string, unknown>> {
  const creating = existing == null;
  const given = (key: keyof CreateOrganizationInput) => creating || input[key] !== undefined;
  const data: Record<string, unknown> = {};
  if (given('name')) data.name = text(checks, 'name', input.name, { max: 300, required: true });
  if (given('acronym')) data.acronym = text(checks, 'acronym', input.acronym, { max: 50 });
  if (given('kind')) {
    if (input.kind == null) checks.bad('kind', 'Required: every organization has a kind.');
    else data.kind = input.kind;
  }
  if (given('country')) data.country = await countryByCode(em, checks, 'country', input.country);
  if (given('parent')) {
    const parent = await reference(em, checks, 'parent', Organization, input.parent);
    if (existing && parent) await refuseCycle(checks, existing, parent);
    data.parent = parent;
  }
  if (given('names')) data.names = localizedNames(checks, 'names', input.names, { max: 300 });
  return data;
}

/**
 * The parents of an organization form a tree: it cannot be its own parent, nor be put under one of the
 * organizations under it. Refused as BAD_USER_INPUT (the parent sent is not an acceptable value), not CONFLICT,
 * which clients take for "read again and retry": re-reading cannot make such a parent acceptable.
 */
async function refuseCycle(checks: Checks, organization: Organization, parent: Organization): Promise<void> {
  if (parent === organization) {
    checks.bad('parent', 'An organization cannot be its own parent.');
    return;
  }
  const seen = new Set<Organization>();
  for (let above = await parent.parent?.load(); above && !seen.has(above); above = await above.parent?.load()) {
    if (above === organization) {
      checks.bad('parent', `${parent.name} is itself under ${organization.name}: an organization cannot be its own ancestor.`);
      return;
    }
    seen.add(above);
  }
}
