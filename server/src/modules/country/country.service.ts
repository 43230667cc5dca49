import type { EntityManager } from '@mikro-orm/core';
import { text } from '../../shared/write/checks';
import { recordWrites } from '../../shared/write/record-writes';
import { Checks, UserErrorCode } from '../../shared/write/user-error';
import type { CreateCountryInput } from './country.commands';
import { Country } from './country.entity';
import { localizedNames } from '../../shared/write/localized-names';

// The rules of editing countries: what their fields may hold (the create/update/delete steps are shared, recordWrites).

const writes = recordWrites(Country, countryData);

export const createCountry = writes.create;
export const updateCountry = writes.update;
export const deleteCountry = writes.delete;

/**
 * The country an input names by its ISO alpha-2 code (as the read API's `country(code:)` and filters do); a
 * NOT_FOUND error at `field` when there is none. For every module whose inputs name countries.
 */
export async function countryByCode(em: EntityManager, checks: Checks, field: string, code: string | null | undefined): Promise<Country | null> {
  if (code == null) return null;
  const found = await em.findOne(Country, { code });
  if (!found) checks.add(UserErrorCode.NOT_FOUND, `No Country has the code ${code}.`, field);
  return found;
}

const ALPHA3_RE = /^[A-Z]{3}$/;

/** The entity data of the fields the input sets (all of them for a new country), checked. */
async function countryData(em: EntityManager, checks: Checks, input: CreateCountryInput, existing: Country | null): Promise<Record<string, unknown>> {
  const creating = existing == null;
  const given = (key: keyof CreateCountryInput) => creating || input[key] !== undefined;
  const data: Record<string, unknown> = {};
  if (given('code')) {
    if (input.code == null) checks.bad('code', 'Required: every country has an ISO alpha-2 code.');
    else await refuseTaken(em, checks, existing, 'code', input.code);
    data.code = input.code;
  }
  if (given('alpha3')) {
    if (input.alpha3 == null) checks.bad('alpha3', 'Required: every country has an ISO alpha-3 code.');
    else if (!ALPHA3_RE.test(input.alpha3)) checks.bad('alpha3', `Must be an ISO 3166-1 alpha-3 code of 3 upper-case letters, such as "JPN"; got "${input.alpha3}".`);
    else await refuseTaken(em, checks, existing, 'alpha3', input.alpha3);
    data.alpha3 = input.alpha3;
  }
  if (given('name')) data.name = text(checks, 'name', input.name, { max: 200, required: true });
  if (given('names')) data.names = localizedNames(checks, 'names', input.names, { max: 200 });
  return data;
}

/** ISO codes name one country each: a code another country has is a CONFLICT at its field, naming that country. */
async function refuseTaken(em: EntityManager, checks: Checks, existing: Country | null, field: 'code' | 'alpha3', value: string): Promise<void> {
  const other = await em.findOne(Country, { [field]: value });
  if (other && other.id !== existing?.id) checks.add(UserErrorCode.CONFLICT, `${other.name} already has the ${field} ${value}.`, field);
}
