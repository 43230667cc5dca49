import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { parse } from 'yaml';
import { NODE_TYPES, type NodeTypeName } from '../entities';
import { decimalToScaled } from '../shared/decimal';

/** The bundled dataset: `server/data/*.yaml`, readable and cited. */
export const DATA_DIR = join(__dirname, '..', '..', 'data');

type Row = Record<string, unknown> & { id?: string; citations?: CitationRow[] };
interface CitationRow {
  source: string;
  field?: string | null;
  excerpt: string;
  status: string;
  correctedValue?: string | null;
  note?: string | null;
}

/** Which file feeds which type, in dependency order, and the nested records each row carries. */
const FILES: Array<{ file: string; type: NodeTypeName; nested?: Array<{ key: string; type: NodeTypeName; parent: string }> }> = [
  { file: 'sources.yaml', type: 'Source' },
  { file: 'countries.yaml', type: 'Country' },
  { file: 'organizations.yaml', type: 'Organization' },
  { file: 'memberships.yaml', type: 'Membership' },
  { file: 'people.yaml', type: 'Person', nested: [{ key: 'roles', type: 'Role', parent: 'person' }] },
  { file: 'programs.yaml', type: 'Program' },
  { file: 'meetings.yaml', type: 'Meeting', nested: [{ key: 'participants', type: 'MeetingParticipant', parent: 'meeting' }] },
  { file: 'decisions.yaml', type: 'Decision' },
  { file: 'programs.yaml', type: 'ProgramAmendment' },
  { file: 'grants.yaml', type: 'FundingGrant' },
];

export interface SeedReport {
  created: number;
  existing: number;
}

/**
 * Loads the bundled dataset. Idempotent: records whose ID already exists are left as they are
 * (an editor's later change is never overwritten), missing ones are added, all in one transaction.
 */
export async function seed(em: EntityManager, dataDir = DATA_DIR): Promise<SeedReport> {
  const records = collect(dataDir);
  return em.transactional(async (tx) => {
    const report: SeedReport = { created: 0, existing: 0 };
    for (const [type, rows] of records) {
      const entity = NODE_TYPES[type];
      const ids = rows.map((r) => r.id as string);
      const found = await tx.find(entity as never, { id: { $in: ids } } as never, { fields: ['id'] as never });
      const existing = new Set((found as Array<{ id: string }>).map((e) => e.id));
      for (const row of rows) {
        if (existing.has(row.id as string)) {
          report.existing++;
          continue;
        }
        tx.create(entity as never, row as never);
        report.created++;
      }
      await tx.flush();
    }
    return report;
  });
}

/** Reads every file into rows per type, in insertion order; citations last. */
function collect(dataDir: string): Map<NodeTypeName, Row[]> {
  const out = new Map<NodeTypeName, Row[]>();
  const add = (type: NodeTypeName, row: Row) => out.set(type, [...(out.get(type) ?? []), row]);
  const citations: Row[] = [];
  // programs.yaml feeds two types (programs, then their amendments): read each file once.
  const files = new Map<string, Row[]>();
  const read = (file: string) => files.get(file) ?? files.set(file, parse(readFileSync(join(dataDir, file), 'utf8')) as Row[]).get(file)!;
  for (const { file, type, nested } of FILES) {
    const rows = read(file);
    for (const row of rows) {
      if (type === 'ProgramAmendment') {
        for (const a of (row.amendments as Row[] | undefined) ?? []) add(type, withCitations(citations, type, { ...a, program: row.id }));
        continue;
      }
      const { amendments: _amendments, ...own } = row;
      const fields: Row = { ...own };
      for (const n of nested ?? []) {
        delete fields[n.key];
        ((row[n.key] as Row[] | undefined) ?? []).forEach((child, i) =>
          add(n.type, withCitations(citations, n.type, { id: child.id ?? `${row.id}-${n.key}-${i + 1}`, ...child, [n.parent]: row.id })),
        );
      }
      add(type, withCitations(citations, type, toEntityData(type, fields)));
    }
  }
  // Nested rows are collected before their parent; put each type's parent-first order back.
  const ordered = new Map<NodeTypeName, Row[]>();
  for (const { type, nested } of FILES) {
    for (const t of [type, ...(nested ?? []).map((n) => n.type)]) if (out.has(t)) ordered.set(t, out.get(t)!);
  }
  ordered.set('Citation', citations);
  return ordered;
}

function toEntityData(type: NodeTypeName, row: Row): Row {
  if (type === 'Country') return { ...row, code: row.id };
  if (type === 'Source') return { ...row, publishedAt: row.publishedAt ? new Date(row.publishedAt as string) : null };
  if (type === 'FundingGrant') {
    const { amount, ...rest } = row;
    return { ...rest, amountE4: amount == null ? null : decimalToScaled(String(amount)) };
  }
  return row;
}

/** Strips a row's citations into Citation rows with stable IDs, so re-seeding finds them again. */
function withCitations(sink: Row[], subjectType: string, row: Row): Row {
  const { citations, ...rest } = row;
  for (const c of citations ?? []) {
    const hash = createHash('sha256').update(JSON.stringify([subjectType, rest.id, c])).digest('hex');
    sink.push({ ...c, id: `cit-${hash.slice(0, 24)}`, subjectType, subjectId: rest.id });
  }
  return rest;
}
