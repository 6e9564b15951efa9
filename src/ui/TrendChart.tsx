import type { Trend, TrendPoint } from '../review/trend';
import type { FactRange } from '../rules/index';
import { formatFhirDate, formatFhirDateTime } from '../record/fhir-dates';
import { formatNumber, formatQuantity, unitLabel } from '../record/describe';
import './trend-chart.css';

/*
 * Geometry in viewBox units. The SVG has no pixel size: CSS gives it the container's width (320 to 700 px
 * in an EHR frame) and the viewBox keeps its proportions; trend-chart.css enlarges the text in narrow
 * containers so it stays legible when the drawing is scaled down.
 */
const WIDTH = 560;
const HEIGHT = 240;
const PLOT = { left: 72, right: WIDTH - 16, top: 18, bottom: HEIGHT - 36 };
/** Space between the axes and the first and last points, so no marker sits on an axis. */
const INSET = 12;
const CITED_SIZE = 11;
const OTHER_RADIUS = 4.5;
/** The largest font size trend-chart.css gives the chart's text, in viewBox units (narrow containers). */
const FONT = 22;
/** Keeps the min and max labels apart when the values are close (viewBox units, about a line of text). */
const LABEL_GAP = FONT;

const capitalized = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

/** How a point's side of the threshold reads in the table, e.g. "below threshold". */
function flagText(point: TrendPoint, threshold: FactRange | undefined): string {
  if (!point.beyond) return '—';
  const prefix = threshold?.inclusive ? 'at or ' : '';
  return `${prefix}${point.beyond} threshold`;
}

/** `threshold below 135`, `threshold below 135 or above 145`, `threshold at or above 30`. */
function describeThreshold(threshold: FactRange): string {
  const prefix = threshold.inclusive ? 'at or ' : '';
  const sides = [
    ...(threshold.low !== undefined ? [`${prefix}below ${formatNumber(threshold.low)}`] : []),
    ...(threshold.high !== undefined ? [`${prefix}above ${formatNumber(threshold.high)}`] : []),
  ];
  return `threshold ${sides.join(' or ')}`;
}

/** The dates the x axis and the name show: the first and last dates, with their times when on one day. */
function spanLabels(points: readonly TrendPoint[]): [string, string] {
  const first = points[0]!.time;
  const last = points[points.length - 1]!.time;
  const [a, b] = [formatFhirDate(first) ?? formatFhirDateTime(first), formatFhirDate(last) ?? formatFhirDateTime(last)];
  return a === b ? [formatFhirDateTime(first), formatFhirDateTime(last)] : [a, b];
}

/** The chart's accessible name: what, in which unit, how many values over which dates, cited count, threshold. */
export function trendChartName(trend: Trend): string {
  const unit = unitLabel(trend.unit);
  const [from, to] = spanLabels(trend.points);
  const cited = trend.points.filter((p) => p.cited).length;
  const span = from === to ? `on ${from}` : `from ${from} to ${to}`;
  return [
    `${capitalized(trend.label)}${unit ? `, ${unit}` : ''}, ${trend.points.length} values ${span}`,
    ...(cited > 0 ? [`, ${cited} cited by the finding`] : []),
    ...(trend.threshold ? [`; ${describeThreshold(trend.threshold)}`] : []),
  ].join('');
}

/** The values' scale: from the lowest to the highest of values and limits, with a margin so nothing sits on an edge. */
function valueDomain(trend: Trend): [number, number] {
  const limits = [trend.threshold?.low, trend.threshold?.high].filter((n): n is number => n !== undefined);
  const all = [...trend.points.map((p) => p.value), ...limits];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = hi > lo ? (hi - lo) * 0.12 : Math.max(Math.abs(hi) * 0.05, 1);
  return [lo - pad, hi + pad];
}

const round = (n: number) => Math.round(n * 10) / 10;

/** `2021-02-10 09:00` as recorded, breaking between the date and the time only (never inside the date). */
function DateTime({ time }: { time: string }) {
  const [date, clock] = formatFhirDateTime(time).split(' ');
  return clock ? <><span class="trend-nowrap">{date}</span> <span class="trend-nowrap">{clock}</span></> : <span class="trend-nowrap">{date}</span>;
}

interface LimitLabel {
  x: number;
  y: number;
  anchor: 'start' | 'end';
  baseline: 'auto' | 'hanging';
}

/**
 * Where a limit's label goes: on the normal side of its line (above a low limit, below a high one) at the
 * right end, else at the left end, else on the abnormal side; the first place whose text (estimated at
 * the largest font size) covers no point marker.
 */
function placeLimitLabel(lineY: number, side: 'low' | 'high', text: string, markers: ReadonlyArray<{ cx: number; cy: number }>): LimitLabel {
  const width = text.length * FONT * 0.6;
  const gap = 5;
  const above = (x: number, anchor: LimitLabel['anchor']): LimitLabel => ({ x, y: lineY - gap, anchor, baseline: 'auto' });
  const below = (x: number, anchor: LimitLabel['anchor']): LimitLabel => ({ x, y: lineY + gap, anchor, baseline: 'hanging' });
  const [right, left] = [PLOT.right - 2, PLOT.left + 4];
  const normal = side === 'low' ? above : below;
  const abnormal = side === 'low' ? below : above;
  const candidates = [normal(right, 'end'), normal(left, 'start'), abnormal(right, 'end'), abnormal(left, 'start')];
  const clear = (label: LimitLabel) => {
    const [x0, x1] = label.anchor === 'end' ? [label.x - width, label.x] : [label.x, label.x + width];
    const [y0, y1] = label.baseline === 'auto' ? [label.y - FONT * 0.8, label.y] : [label.y, label.y + FONT * 0.8];
    if (y0 < 0 || y1 > PLOT.bottom) return false;
    const pad = CITED_SIZE / 2 + 2;
    return markers.every(({ cx, cy }) => cx < x0 - pad || cx > x1 + pad || cy < y0 - pad || cy > y1 + pad);
  };
  return candidates.find(clear) ?? candidates[0]!;
}

/**
 * The values behind a lab-driven finding, drawn as an inline SVG line chart (no library), with the
 * threshold as a dashed line and its abnormal side shaded, and the same values as a table for anyone who
 * does not read the chart. Cited values are filled squares, the others hollow circles: shape, not colour
 * alone, tells them apart (WCAG 2.2 SC 1.4.1 Use of Color; the table is SC 1.1.1's text alternative).
 */
export function TrendChart({ trend }: { trend: Trend }) {
  const { points, threshold } = trend;
  if (points.length === 0) return null;
  const unit = unitLabel(trend.unit);
  const [yMin, yMax] = valueDomain(trend);
  const y = (value: number) => round(PLOT.bottom - ((value - yMin) / (yMax - yMin)) * (PLOT.bottom - PLOT.top));
  const first = points[0]!.timeMs;
  const span = points[points.length - 1]!.timeMs - first;
  // Points at one instant are spread evenly rather than stacked.
  const x = (point: TrendPoint, index: number) => round(PLOT.left + INSET
    + (span > 0 ? (point.timeMs - first) / span : points.length > 1 ? index / (points.length - 1) : 0.5) * (PLOT.right - PLOT.left - 2 * INSET));
  const placed = points.map((point, index) => ({ point, cx: x(point, index), cy: y(point.value) }));

  const values = points.map((p) => p.value);
  const [minValue, maxValue] = [Math.min(...values), Math.max(...values)];
  let [minY, maxY] = [y(minValue), y(maxValue)];
  if (minValue !== maxValue && minY - maxY < LABEL_GAP) {
    const shift = (LABEL_GAP - (minY - maxY)) / 2;
    [minY, maxY] = [minY + shift, maxY - shift];
  }
  const [fromLabel, toLabel] = spanLabels(points);
  const limits = [
    ...(threshold?.low !== undefined ? [{ side: 'low' as const, value: threshold.low }] : []),
    ...(threshold?.high !== undefined ? [{ side: 'high' as const, value: threshold.high }] : []),
  ].map((limit) => {
    const text = formatQuantity(limit.value, trend.unit);
    return { ...limit, text, label: placeLimitLabel(y(limit.value), limit.side, text, placed) };
  });
  const caption = `${capitalized(trend.label)}${unit ? ` (${unit})` : ''}, oldest first`;

  return (
    <div class="trend-chart">
      <svg class="trend-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={trendChartName(trend)} preserveAspectRatio="xMidYMid meet">
        {limits.map(({ side, value }) => (
          <rect
            key={`region-${side}`} class="trend-abnormal" x={PLOT.left} width={PLOT.right - PLOT.left}
            y={side === 'low' ? y(value) : PLOT.top} height={side === 'low' ? PLOT.bottom - y(value) : y(value) - PLOT.top}
          />
        ))}
        <line class="trend-axis" x1={PLOT.left} y1={PLOT.top} x2={PLOT.left} y2={PLOT.bottom} />
        <line class="trend-axis" x1={PLOT.left} y1={PLOT.bottom} x2={PLOT.right} y2={PLOT.bottom} />
        <line class="trend-grid" x1={PLOT.left} y1={y(maxValue)} x2={PLOT.right} y2={y(maxValue)} />
        {minValue !== maxValue ? <line class="trend-grid" x1={PLOT.left} y1={y(minValue)} x2={PLOT.right} y2={y(minValue)} /> : null}
        <text class="trend-tick trend-y-max" x={PLOT.left - 8} y={maxY} text-anchor="end" dominant-baseline="middle">{formatNumber(maxValue)}</text>
        {minValue !== maxValue
          ? <text class="trend-tick trend-y-min" x={PLOT.left - 8} y={minY} text-anchor="end" dominant-baseline="middle">{formatNumber(minValue)}</text>
          : null}
        <text class="trend-tick trend-x-first" x={PLOT.left} y={HEIGHT - 8} text-anchor="start">{fromLabel}</text>
        {toLabel !== fromLabel
          ? <text class="trend-tick trend-x-last" x={PLOT.right} y={HEIGHT - 8} text-anchor="end">{toLabel}</text>
          : null}
        {limits.map(({ side, value }) => (
          <line key={`limit-${side}`} class="trend-threshold" x1={PLOT.left} y1={y(value)} x2={PLOT.right} y2={y(value)} stroke-dasharray="7 5" />
        ))}
        <polyline class="trend-line" points={placed.map(({ cx, cy }) => `${cx},${cy}`).join(' ')} />
        {placed.map(({ point, cx, cy }) => {
          const title = `${formatFhirDateTime(point.time)}: ${formatQuantity(point.value, point.unit)}${point.beyond ? `, ${flagText(point, threshold)}` : ''}${point.cited ? ', cited' : ''}`;
          return point.cited
            ? <rect key={point.reference} class="trend-point trend-point-cited" data-cited="true" x={cx - CITED_SIZE / 2} y={cy - CITED_SIZE / 2} width={CITED_SIZE} height={CITED_SIZE}><title>{title}</title></rect>
            : <circle key={point.reference} class="trend-point trend-point-other" data-cited="false" cx={cx} cy={cy} r={OTHER_RADIUS}><title>{title}</title></circle>;
        })}
        {limits.map(({ side, text, label }) => (
          <text key={`label-${side}`} class="trend-threshold-label" x={label.x} y={label.y} text-anchor={label.anchor} dominant-baseline={label.baseline}>
            {text}
          </text>
        ))}
      </svg>
      <p class="trend-legend" aria-hidden="true">
        <span><svg viewBox="0 0 12 12" class="trend-key"><rect class="trend-point-cited" x="1" y="1" width="10" height="10" /></svg> cited by the finding</span>
        <span><svg viewBox="0 0 12 12" class="trend-key"><circle class="trend-point-other" cx="6" cy="6" r="4" /></svg> other result</span>
        {limits.length > 0
          ? <span><svg viewBox="0 0 20 12" class="trend-key trend-key-wide"><line class="trend-threshold-key" x1="0" y1="6" x2="20" y2="6" stroke-dasharray="4 3" /></svg> threshold</span>
          : null}
        {limits.length > 0
          ? <span><svg viewBox="0 0 12 12" class="trend-key"><rect class="trend-abnormal-key" x="0" y="0" width="12" height="12" /></svg> beyond the threshold</span>
          : null}
      </p>
      <details class="trend-table">
        <summary>Values as a table</summary>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr><th scope="col">Date</th><th scope="col">Value</th><th scope="col">Flag</th><th scope="col">In finding</th></tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.reference} class={point.cited ? 'trend-row-cited' : undefined}>
                <td><DateTime time={point.time} /></td>
                <td class="trend-value">{formatQuantity(point.value, point.unit)}</td>
                <td>{flagText(point, threshold)}</td>
                <td>{point.cited ? 'cited' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {trend.excludedForUnit > 0
          ? <p class="muted trend-excluded">{trend.excludedForUnit === 1 ? '1 value' : `${trend.excludedForUnit} values`} in another unit not shown.</p>
          : null}
      </details>
    </div>
  );
}
