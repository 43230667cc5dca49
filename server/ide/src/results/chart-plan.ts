// Can these rows be charted, and how: the rules of the chart view, pure so they are unit-tested.
// Amounts in different currencies are never added together nor drawn on one axis: each currency gets a panel
// (its own axis) and a series of its own; counts are a measure of their own.
import { pick, type Column } from '../../../../sdk/src/rows';
import { isNumeric } from './table-model';

export interface ChartPoint {
  /** Index of the point's category in `ChartPlan.labels` (labels may repeat). */
  at: number;
  label: string;
  /** For drawing only: the height of the bar or point. */
  value: number;
  /** The value as the API returned it (exact decimals stay exact): shown on hover and focus. */
  exact: string;
}

export interface ChartSeries {
  name: string;
  /** Index into SERIES_COLOURS, stable for the series' name within a chart. */
  colour: number;
  points: ChartPoint[];
}

/** One axis: the series drawn against it share a unit. */
export interface ChartPanel {
  axis: string;
  series: ChartSeries[];
}

/** Something the rows can be charted by: amounts (one panel per currency) or one numeric column. */
export interface Measure {
  name: string;
  panels: ChartPanel[];
}

export interface ChartPlan {
  kind: 'bar' | 'line';
  labelColumn: string;
  /** The categories along the x axis, in drawing order. */
  labels: string[];
  measures: Measure[];
  /** What is left out and why (rows without a year on a line chart, rows without a value). */
  notes: string[];
}

export type ChartResult = { ok: true; plan: ChartPlan } | { ok: false; reason: string };

/** Bars beyond this would be unreadable; the rest are left out with a note. */
export const MAX_CATEGORIES = 100;
/** Colours with luminance far enough apart to stay distinguishable in grey scale (tested). */
export const SERIES_COLOURS = ['#08306b', '#e69f00', '#b2182b', '#c6dbef', '#2c7f6e'];

const YEAR = /^\d{4}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LABEL_NAMES = ['label', 'name', 'title', 'code', 'key'];

/** The chart of `rows` with `columns`, or the one-line reason there is none. */
export function chartPlan(rows: readonly unknown[], columns: readonly Column[]): ChartResult {
  if (!rows.length) return { ok: false, reason: 'Nothing to chart: the result has no rows.' };
  const money = moneyColumns(columns);
  const moneyParts = new Set(money.flatMap((m) => (m.kind === 'object' ? [m.amount, m.currency] : [m.path])));
  const numbers = columns.filter((c) => isNumeric(c) && !moneyParts.has(c.path));
  if (!money.length && !numbers.length) {
    return { ok: false, reason: 'Cannot chart this result: it has no numeric column (a count or an amount) to draw.' };
  }
  const label = labelColumn(columns, moneyParts);
  if (!label) return { ok: false, reason: 'Cannot chart this result: it has no column to label the bars with (such as `label`, `name` or a year).' };

  const notes: string[] = [];
  const labelled = rows.map((row) => ({ row, label: labelText(pick(row, label.path)) }));
  const timeLike = label.type === 'Date' || label.type === 'DateTime' || (labelled.filter((r) => YEAR.test(r.label) || DATE.test(r.label)).length >= 2);
  let drawn = labelled;
  if (timeLike) {
    drawn = labelled.filter((r) => YEAR.test(r.label) || DATE.test(r.label)).sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    const left = labelled.filter((r) => !drawn.includes(r)).map((r) => `“${r.label}”`);
    if (left.length) notes.push(`Not drawn on the time line: ${left.join(', ')} (not a year or a date).`);
  }
  if (drawn.length > MAX_CATEGORIES) {
    notes.push(`Showing the first ${MAX_CATEGORIES} of ${drawn.length} rows.`);
    drawn = drawn.slice(0, MAX_CATEGORIES);
  }

  const measures: Measure[] = [];
  for (const m of money) measures.push(moneyMeasure(m, drawn, notes));
  for (const c of numbers) measures.push(numberMeasure(c, drawn, notes));
  return { ok: true, plan: { kind: timeLike ? 'line' : 'bar', labelColumn: label.path, labels: drawn.map((r) => r.label), measures, notes } };
}

type MoneyColumn = { kind: 'list'; path: string } | { kind: 'object'; path: string; amount: string; currency: string };

/** Lists of Money (`totals`), and `x.amount` beside `x.currency` (a grant's `amount`). */
function moneyColumns(columns: readonly Column[]): MoneyColumn[] {
  const out: MoneyColumn[] = [];
  for (const c of columns) {
    if (c.list && c.type === 'Money') out.push({ kind: 'list', path: c.path });
    const m = /^(.*\.)?amount$/.exec(c.path);
    if (m && !c.list && c.type === 'Decimal') {
      const currency = `${m[1] ?? ''}currency`;
      if (columns.some((o) => o.path === currency)) out.push({ kind: 'object', path: (m[1] ?? '').replace(/\.$/, '') || c.path, amount: c.path, currency });
    }
  }
  return out;
}

function labelColumn(columns: readonly Column[], moneyParts: Set<string>): Column | undefined {
  const candidates = columns.filter((c) => !c.list && !isNumeric(c) && !moneyParts.has(c.path) && c.type !== 'ID' && c.type !== 'Boolean');
  const last = (c: Column) => c.path.split('.').pop()!;
  for (const name of LABEL_NAMES) {
    const found = candidates.find((c) => last(c) === name);
    if (found) return found;
  }
  return candidates.find((c) => c.type === 'Date') ?? candidates[0];
}

const labelText = (value: unknown) => (value == null || value === '' ? '(none)' : String(value));

type Labelled = { row: unknown; label: string };

function moneyMeasure(m: MoneyColumn, rows: readonly Labelled[], notes: string[]): Measure {
  const byCurrency = new Map<string, ChartPoint[]>();
  let missing = 0;
  for (const [at, { row, label }] of rows.entries()) {
    const entries: Array<{ amount: unknown; currency: unknown }> =
      m.kind === 'list'
        ? ((pick(row, m.path) as Array<{ amount: unknown; currency: unknown }> | null) ?? [])
        : [{ amount: pick(row, m.amount), currency: pick(row, m.currency) }];
    const known = entries.filter((e) => e && e.amount != null && e.currency != null);
    if (!known.length) missing++;
    for (const e of known) {
      const currency = String(e.currency);
      if (!byCurrency.has(currency)) byCurrency.set(currency, []);
      byCurrency.get(currency)!.push({ at, label, value: Number(e.amount), exact: String(e.amount) });
    }
  }
  if (missing) notes.push(`${missing} of ${rows.length} rows have no amount in \`${m.path}\` and draw no ${m.kind === 'list' ? 'total' : 'bar'} there.`);
  const currencies = [...byCurrency.keys()].sort();
  return {
    name: `Amounts (${m.path}), one axis per currency`,
    panels: currencies.map((currency, i) => ({ axis: `${m.path} (${currency})`, series: [{ name: currency, colour: i % SERIES_COLOURS.length, points: byCurrency.get(currency)! }] })),
  };
}

function numberMeasure(c: Column, rows: readonly Labelled[], notes: string[]): Measure {
  const points: ChartPoint[] = [];
  for (const [at, { row, label }] of rows.entries()) {
    const value = pick(row, c.path);
    if (value != null) points.push({ at, label, value: Number(value), exact: String(value) });
  }
  if (points.length < rows.length) notes.push(`${rows.length - points.length} of ${rows.length} rows have no \`${c.path}\`.`);
  return { name: c.path, panels: [{ axis: c.path, series: [{ name: c.path, colour: 0, points }] }] };
}

/** WCAG relative luminance of a `#rrggbb` colour: how light it looks in grey scale. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
