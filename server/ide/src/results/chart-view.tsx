import { useMemo, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Column } from '../../../../sdk/src/rows';
import { chartPlan, SERIES_COLOURS, type ChartPanel, type ChartPlan } from './chart-plan';
import { download } from '../download';
import { fileName, pictureOf, pngOf } from './picture';

const HEIGHT = 260;
/** Lines differ by dash and marker as well as colour, for grey-scale prints. */
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2'];

/** The rows as a chart (bars, or a line over years and dates), one panel per axis, or the one-line reason there is none. */
export function ChartView({ rows, columns, title }: { rows: readonly unknown[]; columns: readonly Column[]; title: string }) {
  const result = useMemo(() => chartPlan(rows, columns), [rows, columns]);
  const [measureIndex, setMeasure] = useState(0);
  const figure = useRef<HTMLDivElement>(null);
  if (!result.ok) return <p className="apo-view-message" role="status">{result.reason}</p>;
  const { plan } = result;
  const measure = plan.measures[Math.min(measureIndex, plan.measures.length - 1)];

  const save = async (kind: 'svg' | 'png') => {
    const svg = pictureOf(figure.current!, title);
    download(kind === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await pngOf(svg), fileName(title, kind));
  };

  return (
    <div className="apo-chart-view">
      <div className="apo-view-toolbar">
        {plan.measures.length > 1 && (
          <label>
            Measure{' '}
            <select value={measureIndex} onChange={(e) => setMeasure(Number(e.target.value))}>
              {plan.measures.map((m, i) => <option key={m.name} value={i}>{m.name}</option>)}
            </select>
          </label>
        )}
        <button type="button" onClick={() => save('svg')}>Download SVG</button>
        <button type="button" onClick={() => save('png')}>Download PNG</button>
      </div>
      {plan.notes.map((n) => <p key={n} className="apo-view-note">{n}</p>)}
      <div ref={figure} className="apo-chart-figure" data-chart-kind={plan.kind}>
        {measure.panels.length === 0 && <p className="apo-view-message" role="status">No row has a value for {measure.name}.</p>}
        {measure.panels.map((panel) => <PanelChart key={panel.axis} plan={plan} panel={panel} />)}
      </div>
    </div>
  );
}

/** One axis: its series as bars, or as lines with markers over a time line. */
function PanelChart({ plan, panel }: { plan: ChartPlan; panel: ChartPanel }) {
  const data = plan.labels.map((label, at) => {
    const row: Record<string, unknown> = { label, x: timeOf(label) };
    for (const s of panel.series) {
      const point = s.points.find((p) => p.at === at);
      row[s.name] = point?.value ?? null;
      row[`${s.name}\u0000exact`] = point?.exact;
    }
    return row;
  });
  const common = { data, margin: { top: 8, right: 24, bottom: 28, left: 24 }, accessibilityLayer: true };
  const axisLabel = { value: plan.labelColumn, position: 'insideBottom' as const, offset: -16 };
  // Bars stand side by side, one per label; a line runs over a time axis, so gaps between years show as gaps.
  const xAxis =
    plan.kind === 'line' ? (
      <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} tickFormatter={timeText(plan.labels[0])} label={axisLabel} />
    ) : (
      <XAxis dataKey="label" interval={plan.labels.length <= 30 ? 0 : 'preserveStartEnd'} label={axisLabel} />
    );
  const yAxis = <YAxis tickFormatter={compact} label={{ value: panel.axis, angle: -90, position: 'insideLeft', offset: -12, style: { textAnchor: 'middle' } }} width={72} />;
  const tooltip = <Tooltip formatter={(_value, name, item) => [String((item.payload as Record<string, unknown>)[`${String(name)}\u0000exact`] ?? ''), String(name)]} />;
  // What both kinds of chart draw around their series.
  const frame = (
    <>
      <CartesianGrid strokeDasharray="3 3" />
      {xAxis}
      {yAxis}
      {tooltip}
      <Legend verticalAlign="top" />
    </>
  );
  return (
    <figure className="apo-chart-panel" data-axis={panel.axis} data-series={panel.series.map((s) => s.name).join(',')}>
      <figcaption>
        {panel.axis}
        {/* The series and their colours, for the downloaded picture (Recharts draws its legend in HTML). */}
        {panel.series.map((s) => <span key={s.name} hidden data-legend-colour={SERIES_COLOURS[s.colour]}>{s.name}</span>)}
      </figcaption>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        {plan.kind === 'line' ? (
          <LineChart {...common}>
            {frame}
            {panel.series.map((s, i) => (
              <Line key={s.name} dataKey={s.name} name={s.name} type="linear" stroke={SERIES_COLOURS[s.colour]} strokeWidth={2} strokeDasharray={DASHES[i % DASHES.length]} dot={(p: unknown) => <Dot key={(p as Mark).index} mark={p as Mark} series={s.name} colour={SERIES_COLOURS[s.colour]} />} isAnimationActive={false} connectNulls={false} />
            ))}
          </LineChart>
        ) : (
          <BarChart {...common}>
            {frame}
            {panel.series.map((s) => (
              <Bar key={s.name} dataKey={s.name} name={s.name} fill={SERIES_COLOURS[s.colour]} stroke="#000" strokeWidth={1} isAnimationActive={false} shape={(p: unknown) => <Block mark={p as Mark} series={s.name} colour={SERIES_COLOURS[s.colour]} />} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </figure>
  );
}

/** What Recharts hands a custom bar or dot: where to draw it and the data row it stands for. */
interface Mark {
  index: number;
  cx?: number;
  cy?: number;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  payload: Record<string, unknown>;
}

/** A point of a line, carrying its label and exact value (read by assistive tech and the browser test). */
function Dot({ mark, series, colour }: { mark: Mark; series: string; colour: string }) {
  const exact = mark.payload[`${series}\u0000exact`];
  if (exact == null || mark.cx == null || mark.cy == null) return <g />;
  return (
    <circle className="apo-chart-mark" cx={mark.cx} cy={mark.cy} r={4} fill={colour} stroke="#000" strokeWidth={1} data-label={String(mark.payload.label)} data-value={String(exact)}>
      <title>{`${String(mark.payload.label)}: ${String(exact)} ${series}`}</title>
    </circle>
  );
}

/** A bar, carrying its label and exact value like Dot. */
function Block({ mark, series, colour }: { mark: Mark; series: string; colour: string }) {
  const exact = mark.payload[`${series}\u0000exact`];
  if (exact == null || mark.x == null || mark.y == null) return <g />;
  return (
    <rect className="apo-chart-mark" x={mark.x} y={mark.y} width={mark.width} height={mark.height} fill={colour} stroke="#000" strokeWidth={1} data-label={String(mark.payload.label)} data-value={String(exact)}>
      <title>{`${String(mark.payload.label)}: ${String(exact)} ${series}`}</title>
    </rect>
  );
}

/** A year or a day as a number on the time axis: the year itself, or the day's milliseconds. */
const timeOf = (label: string) => (/^\d{4}$/.test(label) ? Number(label) : Date.parse(`${label}T00:00:00Z`));
/** Time axis ticks written as the labels are: years as years, days as YYYY-MM-DD. */
const timeText = (sample: string | undefined) => (value: number) => (sample && /^\d{4}$/.test(sample) ? String(value) : new Date(value).toISOString().slice(0, 10));

/** Axis ticks: 1.2M, 350k; the exact value is in the tooltip. */
const compact = (value: number) => new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
