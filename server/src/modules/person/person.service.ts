import type { EntityManager } from '@mikro-orm/core';
import { dateRange, recordAtVersion, reference, text } from '../../shared/write/checks';
import { refuseIfDependedOn } from '../../shared/write/dependents';
import { Checks, UserErrorCode, UserErrors, userError } from '../../shared/write/user-error';
import { Country } from '../country/country.entity';
import { localizedNames } from '../../shared/write/localized-names';
import { Organization } from '../organization/organization.entity';
import type { CreatePersonInput, DeletePersonInput, RoleInput, UpdatePersonInput } from './person.commands';
import { Person } from './person.entity';
import { Role } from './role.entity';

// The rules of editing people and their roles. Each function checks the whole input, then writes or refuses
// with every problem found; the mutation's transaction is committed by the caller.

type Path = (string | number)[];

/** The longest role title the `role.title` column holds (varchar 255). */
const ROLE_TITLE_MAX = 255;

/** A role as the input leaves it: the stored role it changes (null for a new one) and the entity data it sets. */
interface RolePlan {
  existing: Role | null;
  data: Record<string, unknown>;
}

export async function createPerson(em: EntityManager, input: CreatePersonInput): Promise<Person> {
  const checks = new Checks();
  const countries = countryLookup(em, checks);
  const data = await personData(checks, countries, input, null);
  const plans = await rolePlans(em, checks, countries, input.roles ?? [], []);
  checks.done();
  const person = em.create(Person, data as never);
  for (const plan of plans) em.create(Role, { ...plan.data, person } as never);
  return person;
}

export async function updatePerson(em: EntityManager, input: UpdatePersonInput): Promise<Person> {
  const person = await recordAtVersion(em, Person, input.id, input.version);
  const checks = new Checks();
  const countries = countryLookup(em, checks);
  const data = await personData(checks, countries, input, person);
  const current = input.roles === undefined ? null : await person.roles.loadItems();
  const plans = current && (await rolePlans(em, checks, countries, input.roles ?? [], current));
  checks.done();
  const dropped = current && plans ? current.filter((role) => !plans.some((p) => p.existing === role)) : [];
  for (const role of dropped) await refuseIfRoleDependedOn(em, role, 'roles', person);
  em.assign(person, data as never);
  if (plans) replaceRoles(em, person, dropped, plans);
  return person;
}

export async function deletePerson(em: EntityManager, input: DeletePersonInput): Promise<string> {
  const person = await recordAtVersion(em, Person, input.id, input.version);
  await refuseIfDependedOn(em, person, ['roles']);
  const roles = await person.roles.loadItems();
  for (const role of roles) await refuseIfRoleDependedOn(em, role, 'id', person);
  for (const role of roles) em.remove(role);
  em.remove(person);
  return person.globalId;
}

/** The entity data of the person's own fields the input sets (all of them for a new person), checked. */
async function personData(checks: Checks, countries: CountryLookup, input: CreatePersonInput, existing: Person | null): Promise<Record<string, unknown>> {
  const given = (key: keyof CreatePersonInput) => existing == null || input[key] !== undefined;
  const data: Record<string, unknown> = {};
  if (given('name')) data.name = text(checks, 'name', input.name, { max: 200, required: true });
  if (given('honorificPrefix')) data.honorificPrefix = text(checks, 'honorificPrefix', input.honorificPrefix, { max: 50 });
  if (given('nationality')) data.nationality = await countries('nationality', input.nationality);
  if (given('otherNames')) data.otherNames = localizedNames(checks, 'otherNames', input.otherNames, { max: 200 });
  return data;
}

/**
 * What each role of the new list becomes, checked with errors at its place in the list (`["roles", "2", "endDate"]`):
 * an item with an `id` changes that role of the person (which must be one of `current`, listed once), one without
 * is a new role.
 */
async function rolePlans(em: EntityManager, checks: Checks, countries: CountryLookup, inputs: readonly RoleInput[], current: readonly Role[]): Promise<RolePlan[]> {
  const listed = new Set<Role>();
  const plans: RolePlan[] = [];
  for (const [i, input] of inputs.entries()) {
    const at: Path = ['roles', i];
    const existing = input.id == null ? null : (current.find((r) => r.globalId === input.id) ?? null);
    if (input.id != null && !existing) {
      checks.add(UserErrorCode.NOT_FOUND, `This person has no role with the ID ${input.id}; leave \`id\` out for a new role.`, [...at, 'id']);
      continue;
    }
    if (existing && listed.has(existing)) {
      checks.bad([...at, 'id'], 'This role is already in the list: list each role once.');
      continue;
    }
    if (existing) listed.add(existing);
    plans.push({ existing, data: await roleData(em, checks, countries, at, input, existing) });
  }
  return plans;
}

/** The entity data of the role fields the input sets (all of them for a new role), checked. */
async function roleData(em: EntityManager, checks: Checks, countries: CountryLookup, at: Path, input: RoleInput, existing: Role | null): Promise<Record<string, unknown>> {
  const given = (key: keyof RoleInput) => existing == null || input[key] !== undefined;
  const data: Record<string, unknown> = {};
  if (given('title')) data.title = text(checks, [...at, 'title'], input.title, { max: ROLE_TITLE_MAX, required: true });
  if (given('organization')) {
    if (input.organization == null) checks.bad([...at, 'organization'], 'Required: every role is in an organization.');
    else data.organization = await reference(em, checks, [...at, 'organization'], Organization, input.organization);
  }
  if (given('country')) data.country = await countries([...at, 'country'], input.country);
  if (given('acting')) data.acting = input.acting ?? false;
  for (const key of ['startDate', 'endDate'] as const) if (given(key)) data[key] = input[key] ?? null;
  const start = given('startDate') ? input.startDate : existing?.startDate;
  const end = given('endDate') ? input.endDate : existing?.endDate;
  dateRange(checks, start, end, [...at, 'endDate']);
  return data;
}

/**
 * Makes the person's roles those of `plans`: the roles left out (`dropped`, which nothing depends on) are deleted,
 * the others changed or created. When any role changes, the person is touched so that their version rises: the
 * roles are edited through the person, and a client holding an older version must not overwrite them unseen.
 */
function replaceRoles(em: EntityManager, person: Person, dropped: readonly Role[], plans: readonly RolePlan[]): void {
  let changed = dropped.length > 0;
  for (const role of dropped) em.remove(role);
  for (const { existing, data } of plans) {
    if (!existing) {
      em.create(Role, { ...data, person } as never);
      changed = true;
    } else if (differs(existing, data)) {
      em.assign(existing, data as never);
      changed = true;
    }
  }
  if (changed) person.updatedAt = new Date();
}

/** True when `data` sets a field of `role` to another value (relations compared by key). */
function differs(role: Role, data: Record<string, unknown>): boolean {
  const key = (value: unknown) => (value != null && typeof value === 'object' ? (value as { id: string }).id : (value ?? null));
  return Object.entries(data).some(([name, value]) => key(value) !== key(role[name as keyof Role]));
}

/**
 * A role goes when its person does or when it is left out of the list; like any record, not while others depend
 * on it (citations of it would point at nothing). The refusal names the role, at `field`, and carries the person.
 */
async function refuseIfRoleDependedOn(em: EntityManager, role: Role, field: string, person: Person): Promise<void> {
  try {
    await refuseIfDependedOn(em, role);
  } catch (err) {
    if (!(err instanceof UserErrors)) throw err;
    throw new UserErrors(err.errors.map((e) => userError(e.code, `Role "${role.title}" (${role.globalId}): ${e.message}`, field)), person);
  }
}

/** Looks up a country by ISO code (once per code), adding a NOT_FOUND at `field` when none is stored. */
type CountryLookup = (field: string | Path, code: string | null | undefined) => Promise<Country | null>;

function countryLookup(em: EntityManager, checks: Checks): CountryLookup {
  const found = new Map<string, Promise<Country | null>>();
  return async (field, code) => {
    if (code == null) return null;
    if (!found.has(code)) found.set(code, em.findOne(Country, { code }));
    const country = await found.get(code)!;
    if (!country) checks.add(UserErrorCode.NOT_FOUND, `No Country has the code ${code}.`, field);
    return country;
  };
}
