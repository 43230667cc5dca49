/** A filter on the date `field` for days from `onOrAfter` to `onOrBefore`, either end optional; empty when neither is given. */
export function dateRange(field: string, onOrAfter?: string | null, onOrBefore?: string | null): Record<string, { $gte?: string; $lte?: string }> {
  if (!onOrAfter && !onOrBefore) return {};
  return { [field]: { ...(onOrAfter ? { $gte: onOrAfter } : {}), ...(onOrBefore ? { $lte: onOrBefore } : {}) } };
}
