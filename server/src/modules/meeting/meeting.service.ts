import { loadAll, load } from '../../shared/relations';
import type { Country } from '../country/country.entity';
import type { Meeting } from './meeting.entity';
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
