import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { parse } from 'yaml';
import { NODE_TYPES, SEED_STEPS } from '../modules';
import { splitCitations } from '../modules/source/citation.seed';
import type { SeedRow, SeedStep } from '../shared/module';

/** The bundled dataset: `server/data/*.yaml`, readable and cited. */
export const DATA_DIR = join(__dirname, '..', '..', 'data');

export interface SeedReport {
  created: number;
  existing: number;
}

/**
 * Loads the bundled dataset. Idempotent: records whose ID already exists are left as they are
 * (an editor's later change is never overwritten), missing ones are added, all in one transaction.
 */
export async function seed(em: EntityManager, dataDir = DATA_DIR): Promise<SeedReport> {
  const batches = collect(dataDir, SEED_STEPS);
  return em.transactional(async (tx) => {
    const report: SeedReport = { created: 0, existing: 0 };
    for (const { type, rows } of batches) {
      const entity = NODE_TYPES[type];
      const found = await tx.find(entity as never, { id: { $in: rows.map((r) => r.id) } } as never, { fields: ['id'] as never });
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

/** The rows of each step, in the steps' order, each file read once; then the citations they all carry. */
export function collect(dataDir: string, steps: readonly SeedStep[]): Array<{ type: string; rows: SeedRow[] }> {
  const files = new Map<string, SeedRow[]>();
  const read = (file: string) => files.get(file) ?? files.set(file, parse(readFileSync(join(dataDir, file), 'utf8')) as SeedRow[]).get(file)!;
  const citations: SeedRow[] = [];
  const batches = steps.map((step) => {
    const records = read(step.file).flatMap((record) => step.rowsOf?.(record) ?? [record]);
    const rows = records.map((record) => {
      const own = Object.fromEntries(Object.entries(record).filter(([key]) => !step.omit?.includes(key)));
      const { row, citations: cited } = splitCitations(step.type, own);
      citations.push(...cited);
      return step.toEntity?.(row, dataDir) ?? row;
    });
    return { type: step.type, rows };
  });
  return [...batches, { type: 'Citation', rows: citations }];
}
