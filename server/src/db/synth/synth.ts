import type { MikroORM } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { buildSearchText } from '../../shared/search-text';
import { batchSizeFor } from '../transfer/format';
import { describeTables, fromPortable, type TableSpec } from '../transfer/tables';
import { COUNTRIES, CURRENCIES, THEMES, TOPICS } from './vocabulary';

/** Every synthetic record's key starts with this, so the bundled dataset beside it stays untouched and a rerun replaces only these. */
export const SYNTH_PREFIX = 'synth-';

/** The tables this generator writes to (the others, e.g. the audit trail, hold none of its rows). */
const SYNTHESIZED = new Set([
  'country', 'organization', 'membership', 'person', 'program', 'program_participating_countries',
  'meeting', 'meeting_participant', 'decision', 'decision_programs', 'program_amendment', 'funding_grant',
]);

export interface SynthOptions {
  grants: number;
  /** The same seed gives the same dataset, row for row. */
  seed: number;
  /** Called as rows are written: rows done so far, rows in all. */
  onProgress?: (done: number, total: number) => void;
}

export interface SynthReport {
  rows: Record<string, number>;
  removed: number;
}

type Row = Record<string, unknown>;

/** A small, fast, seedable PRNG (mulberry32): deterministic datasets without a dependency. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  return { next, int, pick };
}

/** Whole units and minor units of a currency, as exact 1/10^4 units (the column's scale). */
const amountE4 = (units: number, minor: number, minorDigits: number) => String((units * 10 ** minorDigits + minor) * 10 ** (4 - minorDigits));
const day = (year: number, dayOfYear: number) => new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Fills the database with a deterministic, realistic dataset beside the bundled one: economies and their
 * organizations (NPOs, ministries, donor governments), people, workshops and their decisions, programs
 * with participating countries and amendments, and `grants` grants in several currencies over five
 * decades. Earlier synthetic rows are replaced; everything happens in one transaction, so a failure leaves
 * the database as it was. Rows go in as multi-row INSERTs, grants streamed in batches (memory stays flat).
 */
export async function synthesize(orm: MikroORM, options: SynthOptions): Promise<SynthReport> {
  const tables = new Map(describeTables(orm).map((t) => [t.name, t]));
  const rng = random(options.seed);
  const now = new Date('2026-11-01T00:00:00.000Z').toISOString();
  const base = { version: 1, created_at: now, updated_at: now };
  const counts: Record<string, number> = {};

  const n = options.grants;
  const programCount = Math.max(20, Math.round(n / 25));
  const meetingCount = Math.max(10, Math.round(n / 200));
  const peopleCount = Math.max(50, Math.round(n / 2000));
  // Join-table and amendment rows are estimates for the progress bar; the grants dominate anyway.
  const total = COUNTRIES.length * 4 + peopleCount + meetingCount * 7 + programCount * 7 + n;
  let done = 0;

  const knex = (orm.em as SqlEntityManager).getConnection().getKnex();
  const removed = await knex.transaction(async (trx) => {
    const removedRows = await removeSynthetic(trx, [...tables.values()]);
    const insert = async (table: string, rows: Row[]) => {
      const spec = tables.get(table)!;
      const size = batchSizeFor(spec.columns.length);
      for (let i = 0; i < rows.length; i += size) {
        await trx(table).insert(rows.slice(i, i + size).map((r) => toDriver(orm, spec, r)));
      }
      counts[table] = (counts[table] ?? 0) + rows.length;
      done += rows.length;
      options.onProgress?.(Math.min(done, total), total);
    };

    // Economies beyond the bundled 21, each with an NPO, a ministry and a government that may fund programs.
    const existing = new Set((await trx('country').select('code')).map((r: { code: string }) => r.code));
    const newCountries = COUNTRIES.filter((c) => !existing.has(c.code));
    await insert('country', newCountries.map((c) => ({
      ...base, id: c.code, code: c.code, alpha3: c.alpha3, name: c.name, names: [], search_text: buildSearchText([c.name, c.code, c.alpha3]),
    })));
    const codes = COUNTRIES.map((c) => c.code);
    const orgs: Row[] = [];
    for (const c of COUNTRIES) {
      const org = (kind: string, slug: string, name: string, acronym: string | null) => ({
        ...base, id: `${SYNTH_PREFIX}${slug}-${c.code.toLowerCase()}`, name, acronym, kind, country_id: c.code, parent_id: null, names: [],
        search_text: buildSearchText([name, acronym]),
      });
      orgs.push(
        org('NATIONAL_PRODUCTIVITY_ORGANIZATION', 'npo', `National Productivity Centre of ${c.name}`, `NPC-${c.code}`),
        org('GOVERNMENT', 'gov', `Government of ${c.name}`, null),
        org('MINISTRY', 'moi', `Ministry of Industry of ${c.name}`, null),
      );
    }
    await insert('organization', orgs);
    const npos = orgs.filter((o) => o.kind === 'NATIONAL_PRODUCTIVITY_ORGANIZATION').map((o) => o.id as string);
    const donors = orgs.filter((o) => o.kind !== 'NATIONAL_PRODUCTIVITY_ORGANIZATION').map((o) => o.id as string);
    await insert('membership', COUNTRIES.map((c, i) => ({
      ...base, id: `${SYNTH_PREFIX}membership-${c.code.toLowerCase()}`, organization_id: `${SYNTH_PREFIX}npo-${c.code.toLowerCase()}`, country_id: c.code,
      joined_on: day(1961 + (i % 60), 0), joined_on_precision: 'YEAR', left_on: null, status: 'ACTIVE',
    })));

    const people: Row[] = Array.from({ length: peopleCount }, (_, i) => {
      const name = `${rng.pick(GIVEN)} ${rng.pick(FAMILY)} ${pad(i, 4)}`;
      return { ...base, id: `${SYNTH_PREFIX}person-${pad(i, 6)}`, name, honorific_prefix: rng.next() < 0.3 ? 'Dr' : null, nationality_id: rng.pick(codes), other_names: [], search_text: buildSearchText([name]) };
    });
    await insert('person', people);

    const programs: Row[] = Array.from({ length: programCount }, (_, i) => {
      const year = rng.int(1975, 2025);
      const theme = rng.pick(THEMES);
      const title = `${rng.pick(TOPICS)} for ${theme} ${pad(i, 6)}`;
      const code = `SYN-${pad(i, 6)}`;
      return {
        ...base, id: `${SYNTH_PREFIX}program-${pad(i, 6)}`, code, title, description: `A synthetic ${theme.toLowerCase()} program for benchmarks.`,
        themes: [theme], status: year < 2020 ? 'CLOSED' : rng.pick(['IMPLEMENTATION', 'PIPELINE', 'FINALISATION']), start_date: day(year, rng.int(0, 300)),
        start_year: year, end_date: day(year + rng.int(1, 5), rng.int(0, 300)), implementing_organization_id: rng.pick(npos),
        // A quarter of the programs succeed an earlier one.
        predecessor_id: i > 0 && rng.next() < 0.25 ? `${SYNTH_PREFIX}program-${pad(rng.int(0, i - 1), 6)}` : null, search_text: buildSearchText([title, code]),
      };
    });
    // A predecessor always has a lower number, so programs go in in order and each batch's predecessors exist.
    await insert('program', programs);
    await insert('program_participating_countries', programs.flatMap((p) => {
      const chosen = new Set<string>();
      const want = rng.int(2, 8);
      while (chosen.size < want) chosen.add(rng.pick(codes));
      return [...chosen].map((country_id) => ({ program_id: p.id, country_id }));
    }));

    const meetings: Row[] = Array.from({ length: meetingCount }, (_, i) => {
      const year = rng.int(1975, 2026);
      const start = rng.int(0, 360);
      const title = `${rng.pick(TOPICS)} workshop ${pad(i, 5)}`;
      return {
        ...base, id: `${SYNTH_PREFIX}meeting-${pad(i, 6)}`, organization_id: rng.pick(npos), kind: 'WORKSHOP_MEETING', session_number: null, title,
        start_date: day(year, start), end_date: day(year, start + rng.int(0, 4)), timezone: 'Asia/Tokyo', modality: rng.pick(['VIRTUAL', 'IN_PERSON', 'HYBRID']),
        platform: null, duration_minutes: null, host_country_id: rng.pick(codes), chair_id: rng.pick(people).id, parent_id: null, search_text: buildSearchText([title]),
      };
    });
    await insert('meeting', meetings);
    await insert('meeting_participant', meetings.flatMap((m, i) => Array.from({ length: 5 }, (_, j) => ({
      ...base, id: `${SYNTH_PREFIX}participant-${pad(i, 6)}-${j}`, meeting_id: m.id, role: j === 0 ? 'CHAIR' : 'DELEGATE',
      person_id: j === 0 ? m.chair_id : rng.pick(people).id, organization_id: null, country_id: rng.pick(codes),
    }))));
    const decisions: Row[] = meetings.map((m, i) => ({
      ...base, id: `${SYNTH_PREFIX}decision-${pad(i, 6)}`, meeting_id: m.id, kind: rng.pick(['EXTENSION', 'ENDORSEMENT', 'ADOPTION', 'BUDGET']),
      title: `Decision ${pad(i, 6)} of ${m.title as string}`, text: 'Synthetic decision text.', decided_on: m.end_date, requirement: 'CONSENSUS', result: 'ADOPTED',
      search_text: buildSearchText([`Decision ${pad(i, 6)} of ${m.title as string}`]),
    }));
    await insert('decision', decisions);
    await insert('decision_programs', decisions.map((d) => ({ decision_id: d.id, program_id: rng.pick(programs).id })));
    await insert('program_amendment', programs.flatMap((p, i) => (rng.next() < 0.5 ? [] : [{
      ...base, id: `${SYNTH_PREFIX}amendment-${pad(i, 6)}`, program_id: p.id, field: 'endDate', previous_value: p.end_date,
      new_value: day(Number(String(p.end_date).slice(0, 4)) + 1, 0), effective_on: p.start_date, decision_id: rng.pick(decisions).id,
    }])));

    // Grants: streamed in batches, so a million rows never sit in memory at once.
    const batch = batchSizeFor(tables.get('funding_grant')!.columns.length) * 20;
    for (let start = 0; start < n; start += batch) {
      const rows: Row[] = [];
      for (let i = start; i < Math.min(n, start + batch); i++) {
        const currency = rng.pick(CURRENCIES);
        const year = rng.int(1975, 2026);
        const awarded = rng.int(0, 364);
        const title = `${rng.pick(TOPICS)} grant ${pad(i, 7)}`;
        const mechanism = rng.pick(['Special Cash Grant', 'Technical Cooperation', 'Project Grant', 'Fellowship']);
        rows.push({
          ...base, id: `${SYNTH_PREFIX}grant-${pad(i, 7)}`, title, description: null, donor_id: rng.pick(donors), recipient_id: rng.next() < 0.8 ? rng.pick(npos) : null,
          program_id: rng.next() < 0.95 ? rng.pick(programs).id : null, mechanism,
          // Exact amounts in the currency's minor units; one grant in thirty has an unknown amount.
          amount_e4: rng.next() < 1 / 30 ? null : amountE4(rng.int(1_000, 5_000_000), rng.int(0, 10 ** currency.minorDigits - 1), currency.minorDigits),
          currency: currency.code, awarded_on: day(year, awarded), start_date: day(year, awarded), end_date: day(year + rng.int(0, 3), rng.int(0, 364)),
          status: year < 2022 ? 'COMPLETED' : rng.pick(['PLANNED', 'COMMITTED', 'ACTIVE']), search_text: buildSearchText([title, mechanism]),
        });
      }
      await insert('funding_grant', rows);
    }
    return removedRows;
  });
  return { rows: counts, removed };
}

/**
 * Deletes the synthetic rows of an earlier run, children first; the bundled dataset and editors' records stay.
 * Economies added by a run stay too: they are real ISO codes that other records may have come to use.
 */
async function removeSynthetic(trx: Knex.Transaction, tables: TableSpec[]): Promise<number> {
  let removed = 0;
  for (const table of [...tables].reverse()) {
    const key = table.primaryKey.length === 1 ? table.primaryKey[0] : table.primaryKey.find((c) => c !== 'country_id')!;
    if (!SYNTHESIZED.has(table.name)) continue;
    // Self-references first, so rows can go in any order.
    for (const column of table.selfReferences) await trx(table.name).where(key, 'like', `${SYNTH_PREFIX}%`).update({ [column]: null });
    removed += Number(await trx(table.name).where(key, 'like', `${SYNTH_PREFIX}%`).delete());
  }
  return removed;
}

function toDriver(orm: MikroORM, spec: TableSpec, row: Row): Row {
  return Object.fromEntries(spec.columns.map((c) => [c.name, fromPortable(orm, c.kind, row[c.name] ?? null)]));
}

const GIVEN = ['Aiko', 'Budi', 'Chen', 'Dewi', 'Eun-ji', 'Farhan', 'Gita', 'Hiroshi', 'Intan', 'Jae', 'Kamal', 'Lan', 'Minh', 'Nur', 'Oyun', 'Priya', 'Rahul', 'Siti', 'Tuan', 'Yuki'];
const FAMILY = ['Tanaka', 'Santoso', 'Wang', 'Kim', 'Nguyen', 'Rahman', 'Perera', 'Sato', 'Lim', 'Khan', 'Silva', 'Bayar', 'Chowdhury', 'Reyes', 'Yilmaz', 'Thapa'];
