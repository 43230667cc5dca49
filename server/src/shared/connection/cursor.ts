import { BadUserInputError } from '../../errors';
import type { OrderKey } from './types';

// Keyset cursors: the sort-key values of one row and the order they belong to, as opaque base64url JSON.

type CursorValue = string | number | boolean | null | { d: string };

export function encodeCursor(keys: OrderKey[], node: object, signature: string): string {
  const values: CursorValue[] = keys.map((k) => {
    const v = (node as Record<string, unknown>)[k.field];
    if (v instanceof Date) return { d: v.toISOString() };
    return (v ?? null) as CursorValue;
  });
  return Buffer.from(JSON.stringify({ o: signature, v: values })).toString('base64url');
}

export function decodeCursor(cursor: string, signature: string, arg: string): unknown[] {
  let parsed: { o?: unknown; v?: unknown } | undefined;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.v)) {
    throw new BadUserInputError(`\`${arg}\` is not a valid cursor.`, arg);
  }
  if (parsed.o !== signature || parsed.v.length !== signature.split(',').length) {
    throw new BadUserInputError(`\`${arg}\` is a cursor for another sort order; request the first page again.`, arg);
  }
  return parsed.v.map((v: unknown) => cursorValue(v, arg));
}

/** Only what `encodeCursor` writes is accepted back: scalars, or `{ d: <ISO instant> }` for dates. */
function cursorValue(v: unknown, arg: string): unknown {
  // No stored value holds a NUL, and one cannot be part of an SQL text: such a cursor is forged.
  if (typeof v === 'string' && v.includes('\u0000')) throw new BadUserInputError(`\`${arg}\` is not a valid cursor.`, arg);
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return v;
  const d = v && typeof v === 'object' && !Array.isArray(v) ? (v as { d?: unknown }).d : undefined;
  const date = typeof d === 'string' ? new Date(d) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new BadUserInputError(`\`${arg}\` is not a valid cursor.`, arg);
  return date;
}
