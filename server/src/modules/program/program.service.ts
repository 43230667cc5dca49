import type { EntityManager } from '@mikro-orm/core';
import { keyOf } from '../../shared/global-id';
import { load, loadAll } from '../../shared/relations';
import { isIsoDate } from '../../shared/scalars';
import { dateRange, recordAtVersion, reference, text } from '../../shared/write/checks';
import { recordWrites } from '../../shared/write/record-writes';
import { Checks, UserErrorCode } from '../../shared/write/user-error';
import { Country } from '../country/country.entity';
import { Decision } from '../meeting/decision.entity';
import { DecisionResult } from '../meeting/meeting.types';
import { Organization } from '../organization/organization.entity';
import type { AmendProgramInput, CreateProgramInput, UpdateProgramInput } from './program.commands';
import { ProgramAmendment } from './program-amendment.entity';
import { Program } from './program.entity';
import { AmendableProgramField, ProgramStatus } from './program.types';

/**
 * The value a program field had as planned on `asOf`: the newest amendment in effect by then,
 * or, before the first amendment, the value that amendment replaced.
 */
export async function fieldAsOf(program: Program, field: 'endDate', asOf: string | null | undefined): Promise<string | null> {
  if (!asOf) return program[field] ?? null;
  const amendments = (await loadAll(program.amendments))
    .filter((a) => a.field === field)
    .sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn));
  const inEffect = amendments.filter((a) => a.effectiveOn <= asOf);
  if (inEffect.length) return inEffect[inEffect.length - 1].newValue ?? null;
  return amendments.length ? amendments[0].previousValue ?? null : program[field] ?? null;
}

// The rules of editing programs. Each function checks the whole input, then writes or refuses with every
// problem found; the mutation's transaction is committed by the caller.
//
// The dates and status of a program are its plan. Editors set them when they record a program and may correct
// them with updateProgram (a data-entry error; the audit log keeps the change) until a decision amends them.
// From then on only amendProgram changes them: it records each change as an amendment with its decision, which
// `endDate(asOf:)` reads, so a direct edit would leave the current value and the amendments disagreeing.

const CODE = /^[A-Z0-9-]+$/;
const MAX_THEMES = 20;
const YEARS = { min: 1900, max: 2100 };

const writes = recordWrites(Program, async (em, checks, input: CreateProgramInput, existing) => {
  const data = await programData(em, checks, input, existing);
  if (existing) await refuseAmendedFields(em, checks, input as UpdateProgramInput, existing);
  return data;
});

export const createProgram = writes.create;
export const updateProgram = writes.update;
/** Deletes a program nothing depends on: grants, amendments, decisions, successors and citations all refuse it. */
export const deleteProgram = writes.delete;

/**
 * Changes a date or the status of a program by a decision: records the amendment (the value before and after,
 * from when, by which decision) and sets the program's current value, together.
 */
export async function amendProgram(em: EntityManager, input: AmendProgramInput): Promise<Program> {
  const field = input.field;
  // Read before the program: an amendment committed meanwhile by someone else then shows as a newer version of
  // the program (a CONFLICT), not as a later amendment this one would have to follow.
  const latest = await latestAmendment(em, input.program, field);
  const checks = new Checks();
  await reference(em, checks, 'program', Program, input.program);
  checks.done();
  const program = await recordAtVersion(em, Program, input.program, input.version);
  const decision = await amendingDecision(em, checks, input.decision, program);
  const value = amendedValue(checks, field, input.newValue.trim(), program);
  const effectiveOn = input.effectiveOn ?? decision?.decidedOn ?? null;
  if (decision && !effectiveOn) checks.bad('effectiveOn', 'Required: the decision has no date to take it from.');
  // Amendments of a field are read in the order they take effect: a new one effective earlier would be overtaken by one already made.
  if (latest && effectiveOn && effectiveOn <= latest.effectiveOn) {
    checks.bad('effectiveOn', `Must be after the latest amendment of ${field} (effective ${latest.effectiveOn}); got ${effectiveOn}.`);
  }
  checks.done();
  em.create(ProgramAmendment, { program, field, previousValue: program[field] ?? null, newValue: value, effectiveOn: effectiveOn!, decision });
  em.assign(program, { [field]: value, ...(field === AmendableProgramField.START_DATE ? { startYear: yearOf(value) } : {}) } as never);
  return program;
}

/** The latest amendment of `field` of the program `programId` names; none for an ID of no program (reported when the program is looked up). */
async function latestAmendment(em: EntityManager, programId: string, field: AmendableProgramField): Promise<ProgramAmendment | null> {
  let key: string;
  try {
    key = keyOf(programId, 'Program', 'program');
  } catch {
    return null;
  }
  return em.findOne(ProgramAmendment, { program: key, field }, { orderBy: { effectiveOn: 'desc' } });
}

/** The entity data of the fields the input sets (all of them for a new program), checked. */
async function programData(em: EntityManager, checks: Checks, input: CreateProgramInput, existing: Program | null): Promise<Record<string, unknown>> {
  const creating = existing == null;
  const given = (key: keyof CreateProgramInput) => creating || input[key] !== undefined;
  const data: Record<string, unknown> = {};
  if (given('code')) data.code = await programCode(em, checks, input.code, existing);
  if (given('title')) data.title = text(checks, 'title', input.title, { max: 500, required: true });
  if (given('description')) data.description = text(checks, 'description', input.description, { max: 10_000 });
  if (given('themes')) data.themes = themes(checks, input.themes ?? []);
  if (given('implementingOrganization')) data.implementingOrganization = await reference(em, checks, 'implementingOrganization', Organization, input.implementingOrganization);
  if (given('participatingCountries')) {
    data.participatingCountries = await countries(em, checks, input.participatingCountries ?? []);
  }
  if (given('predecessor')) data.predecessor = await predecessor(em, checks, input.predecessor, existing);
  for (const key of ['status', 'startDate', 'endDate'] as const) if (given(key)) data[key] = input[key] ?? null;
  const start = given('startDate') ? input.startDate : existing?.startDate;
  const end = given('endDate') ? input.endDate : existing?.endDate;
  if (given('startYear') || input.startDate) data.startYear = startYear(checks, input, start);
  dateRange(checks, start, end, 'endDate');
  return data;
}

/** The code, trimmed: required, of upper-case letters, digits and `-`, and no other program's. */
async function programCode(em: EntityManager, checks: Checks, value: string | null | undefined, existing: Program | null): Promise<string | null> {
  const code = text(checks, 'code', value, { max: 40, required: true });
  if (!code) return code;
  if (!CODE.test(code)) checks.bad('code', `Only upper-case letters, digits and "-", e.g. "GP2"; got "${code}".`);
  else if (await em.count(Program, { code, ...(existing ? { id: { $ne: existing.id } } : {}) })) {
    checks.add(UserErrorCode.CONFLICT, `Another program has the code ${code}; codes are unique.`, 'code');
  }
  return code;
}

function themes(checks: Checks, values: string[]): string[] {
  if (values.length > MAX_THEMES) checks.bad('themes', `At most ${MAX_THEMES} themes; got ${values.length}.`);
  return values.map((theme, i) => text(checks, ['themes', i], theme, { max: 100, required: true })!);
}

/** The countries of the codes, each once; a NOT_FOUND error at each code no country has. */
async function countries(em: EntityManager, checks: Checks, codes: string[]): Promise<Country[]> {
  const found = new Map((await em.find(Country, { code: { $in: codes } })).map((c) => [c.code, c]));
  codes.forEach((code, i) => {
    if (!found.has(code)) checks.add(UserErrorCode.NOT_FOUND, `No Country has the code ${code}.`, ['participatingCountries', i]);
  });
  return [...new Set(codes)].flatMap((code) => found.get(code) ?? []);
}

/** The predecessor the ID names; refused when it is the program itself or succeeds it (a succession would loop). */
async function predecessor(em: EntityManager, checks: Checks, id: string | null | undefined, program: Program | null): Promise<Program | null> {
  const found = await reference(em, checks, 'predecessor', Program, id);
  if (!found || !program) return found;
  const seen = new Set<Program>();
  for (let p: Program | null = found; p && !seen.has(p); p = await load(p.predecessor)) {
    if (p === program) {
      checks.bad('predecessor', p === found ? 'A program cannot succeed itself.' : `${found.code} succeeds this program (through its predecessors): it cannot also precede it.`);
      break;
    }
    seen.add(p);
  }
  return found;
}

/**
 * The start year: as sent, else that of the start date sent; when a start date is known, the year must be its
 * year. A start date cleared leaves the year, which is still known.
 */
function startYear(checks: Checks, input: CreateProgramInput, start: string | null | undefined): number | null {
  const year = input.startYear ?? (input.startDate ? yearOf(input.startDate) : null);
  if (year == null) return null;
  if (year < YEARS.min || year > YEARS.max) checks.bad(input.startYear != null ? 'startYear' : 'startDate', `The start year must be between ${YEARS.min} and ${YEARS.max}; got ${year}.`);
  else if (start && yearOf(start) !== year) checks.bad('startYear', `Must be the year of the start date (${start}); got ${year}.`);
  return year;
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/** Refuses direct changes to the dates or status once decisions have amended them (see the note above). */
async function refuseAmendedFields(em: EntityManager, checks: Checks, input: UpdateProgramInput, program: Program): Promise<void> {
  const changed = Object.values(AmendableProgramField).filter((f) => input[f] !== undefined && (input[f] ?? null) !== (program[f] ?? null));
  if (!changed.length) return;
  const amended = new Set((await em.find(ProgramAmendment, { program, field: { $in: changed } })).map((a) => a.field));
  for (const field of changed) {
    if (amended.has(field)) checks.bad(field, `Decisions have amended ${field}: change it with amendProgram, which records the decision, so that the plan's history stays whole.`);
  }
}

/** The decision making an amendment: it exists, was adopted, and concerns the program. */
async function amendingDecision(em: EntityManager, checks: Checks, id: string, program: Program): Promise<Decision | null> {
  const decision = await reference(em, checks, 'decision', Decision, id);
  if (!decision) return null;
  if (decision.result !== DecisionResult.ADOPTED) {
    checks.bad('decision', `The decision was ${decision.result.toLowerCase()}: only an adopted decision amends a program.`);
  } else if (!(await em.count(Decision, { id: decision.id, programs: program }))) {
    checks.bad('decision', `The decision does not concern program ${program.code}: list the program among the decision's programs first.`);
  }
  return decision;
}

/** The new value of an amended field, checked: a date or a status, a change, and dates still in order. */
function amendedValue(checks: Checks, field: AmendableProgramField, value: string, program: Program): string {
  if (field === AmendableProgramField.STATUS) {
    if (!(Object.values(ProgramStatus) as string[]).includes(value)) checks.bad('newValue', `Must be a ProgramStatus value (${Object.values(ProgramStatus).join(', ')}); got "${value}".`);
  } else if (!isIsoDate(value)) {
    checks.bad('newValue', `Must be a calendar date written YYYY-MM-DD; got "${value}".`);
  } else if (field === AmendableProgramField.START_DATE) {
    if (yearOf(value) < YEARS.min || yearOf(value) > YEARS.max) checks.bad('newValue', `The start year must be between ${YEARS.min} and ${YEARS.max}; got ${yearOf(value)}.`);
    else if (program.endDate && program.endDate < value) checks.bad('newValue', `Must not be after the end date (${program.endDate}); got ${value}.`);
  } else {
    dateRange(checks, program.startDate, value, 'newValue');
  }
  if (value === (program[field] ?? null)) checks.bad('newValue', `The ${field} is already ${value}: an amendment changes it.`);
  return value;
}
