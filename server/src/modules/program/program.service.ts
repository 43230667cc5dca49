import { loadAll } from '../../shared/relations';
import type { Program } from './program.entity';

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
