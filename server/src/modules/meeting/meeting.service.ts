import type { EntityManager } from '@mikro-orm/core';
import { loadAll, load } from '../../shared/relations';
import { dateRange, recordAtVersion, reference, text } from '../../shared/write/checks';
import { refuseIfDependedOn } from '../../shared/write/dependents';
import { recordWrites } from '../../shared/write/record-writes';
import { Checks, UserErrorCode, UserErrors, userError } from '../../shared/write/user-error';
import { Country } from '../country/country.entity';
import { countryByCode } from '../country/country.service';
import { Organization } from '../organization/organization.entity';
import { Person } from '../person/person.entity';
import { Program } from '../program/program.entity';
import { Decision } from './decision.entity';
import { MeetingParticipant } from './meeting-participant.entity';
import { Meeting } from './meeting.entity';
import type {
  AddMeetingParticipantInput,
  CreateMeetingInput,
  DeleteMeetingInput,
  RecordDecisionInput,
  RemoveMeetingParticipantInput,
} from './meeting.commands';
import { ParticipantRole } from './meeting.types';

/** Countries that took part as members, each once, by name. */
export async function attendingCountries(meeting: Meeting): Promise<Country[]> {
  const participants = await loadAll(meeting.participants);
  const countries = await Promise.all(
    participants.filter((p) => p.role === ParticipantRole.MEMBER && p.country).map((p) => load(p.country)),
  );
  const unique = new Map(countries.filter((c): c is Country => !!c).map((c) => [c.id, c]));
  return [...unique.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

// The rules of editing meetings, their participants and their decisions. Each function checks the whole input,
// then writes or refuses with every problem found; the mutation's transaction is committed by the caller.

const meetings = recordWrites(Meeting, meetingData);

export const createMeeting = meetings.create;
export const updateMeeting = meetings.update;

/** Deletes a meeting with its participants (its parts); not while decisions, sessions or citations point at it. */
export async function deleteMeeting(em: EntityManager, input: DeleteMeetingInput): Promise<string> {
  const meeting = await recordAtVersion(em, Meeting, input.id, input.version);
  await refuseIfDependedOn(em, meeting, ['participants']);
  const participants = await meeting.participants.loadItems();
  for (const participant of participants) await refuseIfParticipantDependedOn(em, meeting, participant);
  em.remove(participants);
  em.remove(meeting);
  return meeting.globalId;
}

/** A participant goes with its meeting, but not when something else points at it (a citation would point at nothing). */
async function refuseIfParticipantDependedOn(em: EntityManager, meeting: Meeting, participant: MeetingParticipant): Promise<void> {
  try {
    await refuseIfDependedOn(em, participant);
  } catch (err) {
    if (!(err instanceof UserErrors)) throw err;
    throw new UserErrors([userError(UserErrorCode.CONFLICT, `This Meeting cannot be deleted with its participant ${participant.globalId}: ${err.errors[0].message}`, 'id')], meeting);
  }
}

/** The entity data of the fields the input sets (all of them for a new meeting), checked. */
async function meetingData(em: EntityManager, checks: Checks, input: CreateMeetingInput, existing: Meeting | null): Promise<Record<string, unknown>> {
  const creating = existing == null;
  const given = (key: keyof CreateMeetingInput) => creating || input[key] !== undefined;
  const data: Record<string, unknown> = {};
  if (given('organization')) {
    if (input.organization == null) checks.bad('organization', 'Required: every meeting is a meeting of an organization.');
    else data.organization = await reference(em, checks, 'organization', Organization, input.organization);
  }
  for (const key of ['kind', 'modality', 'startDate'] as const) {
    if (!given(key)) continue;
    if (input[key] == null) checks.bad(key, 'Required.');
    else data[key] = input[key];
  }
  if (given('sessionNumber')) data.sessionNumber = positive(checks, 'sessionNumber', input.sessionNumber);
  if (given('title')) data.title = text(checks, 'title', input.title, { max: 500, required: true });
  if (given('endDate')) data.endDate = input.endDate ?? null;
  if (given('timezone')) data.timezone = timeZone(checks, input.timezone);
  if (given('platform')) data.platform = text(checks, 'platform', input.platform, { max: 200 });
  if (given('durationMinutes')) data.durationMinutes = positive(checks, 'durationMinutes', input.durationMinutes);
  if (given('hostCountry')) data.hostCountry = await countryByCode(em, checks, 'hostCountry', input.hostCountry);
  if (given('chair')) data.chair = await reference(em, checks, 'chair', Person, input.chair);
  if (given('parent')) data.parent = await parentMeeting(em, checks, input.parent, existing);
  const start = given('startDate') ? input.startDate : existing?.startDate;
  const end = given('endDate') ? input.endDate : existing?.endDate;
  dateRange(checks, start, end, 'endDate');
  if (existing && given('startDate') && input.startDate) await refuseDecisionsBefore(em, checks, existing, input.startDate);
  await refuseTakenSession(em, checks, data, existing);
  return data;
}

/** A positive whole number, or null. */
function positive(checks: Checks, field: string, value: number | null | undefined): number | null {
  if (value != null && value < 1) checks.bad(field, `Must be a positive whole number; got ${value}.`);
  return value ?? null;
}

/**
 * An IANA time zone name that Intl knows (e.g. `Asia/Jakarta`), stored as sent: Intl would rename some zones
 * to their older ICU names (Asia/Kolkata to Asia/Calcutta). Offsets such as `+07:00` name no zone.
 */
function timeZone(checks: Checks, value: string | null | undefined): string | null {
  const zone = value?.trim() || null;
  if (zone == null) return null;
  if (!/^[A-Za-z]/.test(zone) || !knownTimeZone(zone)) checks.bad('timezone', `Must be an IANA time zone name such as "Asia/Jakarta"; got "${zone}".`);
  return zone;
}

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The meeting a meeting belongs to: not itself, nor one of its own sessions (its parents would go round in a circle). */
async function parentMeeting(em: EntityManager, checks: Checks, id: string | null | undefined, meeting: Meeting | null): Promise<Meeting | null> {
  const parent = await reference(em, checks, 'parent', Meeting, id);
  if (!parent || !meeting) return parent;
  // `seen` stops the walk on a circle stored before this rule (e.g. by an import) instead of hanging the request.
  const seen = new Set<string>();
  for (let m: Meeting | null = parent; m && !seen.has(m.id); m = await load(m.parent)) {
    if (m.id === meeting.id) {
      checks.bad('parent', m === parent ? 'A meeting cannot belong to itself.' : `A meeting cannot belong to one of its own sessions: "${parent.title}" belongs to this meeting.`);
      break;
    }
    seen.add(m.id);
  }
  return parent;
}

/** A meeting's start moved later must not leave its decisions dated before it. */
async function refuseDecisionsBefore(em: EntityManager, checks: Checks, meeting: Meeting, startDate: string): Promise<void> {
  const early = await em.count(Decision, { meeting, decidedOn: { $lt: startDate } });
  if (early) checks.bad('startDate', `${early} of the meeting's decisions ${early === 1 ? 'is' : 'are'} dated before ${startDate}; change their dates first.`);
}

/**
 * A CONFLICT at `sessionNumber` when another meeting of the same organization and kind has the number, checked
 * when one of the three changes (a unique index backs this up against two editors racing).
 */
async function refuseTakenSession(em: EntityManager, checks: Checks, data: Record<string, unknown>, existing: Meeting | null): Promise<void> {
  if (!['organization', 'kind', 'sessionNumber'].some((key) => key in data)) return;
  const pick = <K extends 'organization' | 'kind' | 'sessionNumber'>(key: K) => (key in data ? data[key] : existing?.[key]);
  const organization = pick('organization') as Organization | { id: string } | null | undefined;
  const kind = pick('kind');
  const sessionNumber = pick('sessionNumber');
  if (!organization || !kind || sessionNumber == null) return;
  const other = await em.findOne(Meeting, { organization: organization.id, kind, sessionNumber, ...(existing ? { id: { $ne: existing.id } } : {}) } as never);
  if (other) checks.add(UserErrorCode.CONFLICT, `Session ${sessionNumber} of this organization's ${kind} meetings is already "${other.title}" (${other.globalId}).`, 'sessionNumber');
}

/** Adds who took part: a person, an organization or a country; a person once per meeting, a country once as a MEMBER. */
export async function addMeetingParticipant(em: EntityManager, input: AddMeetingParticipantInput): Promise<MeetingParticipant> {
  const checks = new Checks();
  const meeting = await reference(em, checks, 'meeting', Meeting, input.meeting);
  const person = await reference(em, checks, 'person', Person, input.person);
  const organization = await reference(em, checks, 'organization', Organization, input.organization);
  const country = await countryByCode(em, checks, 'country', input.country);
  if (input.person == null && input.organization == null && input.country == null) {
    checks.add(UserErrorCode.BAD_USER_INPUT, 'A participant is a person, an organization or a country: give at least one.');
  }
  if (meeting && person && (await em.count(MeetingParticipant, { meeting, person }))) {
    checks.add(UserErrorCode.CONFLICT, `${person.name} already takes part in this meeting.`, 'person');
  }
  if (meeting && country && input.role === ParticipantRole.MEMBER && (await em.count(MeetingParticipant, { meeting, country, role: ParticipantRole.MEMBER }))) {
    checks.add(UserErrorCode.CONFLICT, `${country.name} is already a member at this meeting.`, 'country');
  }
  checks.done();
  return em.create(MeetingParticipant, { meeting: meeting!, role: input.role, person, organization, country });
}

export async function removeMeetingParticipant(em: EntityManager, input: RemoveMeetingParticipantInput): Promise<string> {
  const checks = new Checks();
  const participant = await reference(em, checks, 'id', MeetingParticipant, input.id);
  checks.done();
  await refuseIfDependedOn(em, participant!);
  em.remove(participant!);
  return participant!.globalId;
}

const decisions = recordWrites(Decision, decisionData);

export const recordDecision = decisions.create;
export const updateDecision = decisions.update;
/** Deletes a decision (its links to programs go with it); not while program amendments or citations point at it. */
export const deleteDecision = decisions.delete;

/** The entity data of the fields the input sets (all of them for a new decision), checked. */
async function decisionData(em: EntityManager, checks: Checks, input: RecordDecisionInput, existing: Decision | null): Promise<Record<string, unknown>> {
  const creating = existing == null;
  const given = (key: keyof RecordDecisionInput) => creating || input[key] !== undefined;
  const data: Record<string, unknown> = {};
  if (given('meeting')) {
    if (input.meeting == null) checks.bad('meeting', 'Required: every decision is taken at a meeting.');
    else data.meeting = await reference(em, checks, 'meeting', Meeting, input.meeting);
  }
  for (const key of ['kind', 'result'] as const) {
    if (!given(key)) continue;
    if (input[key] == null) checks.bad(key, 'Required.');
    else data[key] = input[key];
  }
  if (given('title')) data.title = text(checks, 'title', input.title, { max: 500, required: true });
  if (given('text')) data.text = text(checks, 'text', input.text, { max: 20_000, required: true });
  if (given('requirement')) data.requirement = input.requirement ?? null;
  if (given('decidedOn')) data.decidedOn = input.decidedOn ?? null;
  if (given('programs')) data.programs = await programList(em, checks, input.programs ?? []);
  if (given('meeting') || given('decidedOn')) {
    const meeting = given('meeting') ? (data.meeting as Meeting | null | undefined) : await existing!.meeting.load();
    const decidedOn = given('decidedOn') ? input.decidedOn : existing!.decidedOn;
    if (meeting) dateRange(checks, meeting.startDate, decidedOn, 'decidedOn', "the meeting's first day");
  }
  return data;
}

/** The programs a list of IDs names, each of which must exist (a NOT_FOUND error at its place in the list). */
async function programList(em: EntityManager, checks: Checks, ids: readonly string[]): Promise<Program[]> {
  const programs: Program[] = [];
  for (const [i, id] of ids.entries()) {
    const program = await reference(em, checks, ['programs', i], Program, id);
    if (program) programs.push(program);
  }
  return programs;
}
