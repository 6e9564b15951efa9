// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/preact';
import { TrendChart, trendChartName } from '../../src/ui/TrendChart';
import { PatientRecord } from '../../src/record/patient-record';
import { fhirTimeMs } from '../../src/record/fhir-dates';
import { ALL_RULES, runRules } from '../../src/rules/index';
import { findingTrend, type Trend } from '../../src/review/trend';
import { LOINC } from '../../src/terminology/loinc';
import { encounter, lab, patient, vital } from '../rules/support';

afterEach(cleanup);

// A stay of 10–14 February 2021; the hyponatremia finding is the real rule's, its trend the real one.
const stay = encounter('enc-1', '2021-02-10T08:00:00Z', '2021-02-14T12:00:00Z');
const sodium = (id: string, value: number, time: string) => lab(LOINC.SODIUM_SERUM, value, 'mmol/L', time, { id, encounter: 'enc-1' });
const WINDOW = { startMs: fhirTimeMs('2021-02-10T08:00:00Z')!, endMs: fhirTimeMs('2021-02-14T12:00:00Z')! };

function trendOf(resources: Parameters<typeof PatientRecord.fromResources>[0], ruleId: string): Trend {
  const record = PatientRecord.fromResources([patient(), stay, ...resources]);
  const finding = runRules(record, ALL_RULES, { now: new Date('2021-03-15T12:00:00Z'), encounterId: 'enc-1' }).find((f) => f.ruleId === ruleId)!;
  return findingTrend(finding, record, WINDOW)!;
}

// Late-evening times with offsets: shown as recorded, whatever the machine's zone (the run covers two).
const SODIUM_TREND = trendOf([
  sodium('na-05', 138, '2021-02-05T09:00:00Z'),
  sodium('na-10', 131, '2021-02-10T23:30:00-08:00'),
  sodium('na-11', 129, '2021-02-11T09:00:00Z'),
  sodium('na-12', 133, '2021-02-12T06:00:00Z'),
  sodium('na-14', 136, '2021-02-14T00:15:00+14:00'),
], 'electrolytes/hyponatremia');

const chart = () => screen.getByRole('img');

describe('TrendChart', () => {
  it('names the chart: measure, unit, how many values, dates as recorded, cited count and threshold', () => {
    render(<TrendChart trend={SODIUM_TREND} />);
    expect(chart().getAttribute('aria-label')).toBe(
      'Sodium, mmol/L, 5 values from 2021-02-05 to 2021-02-14, 3 cited by the finding; threshold below 135');
    expect(screen.getByRole('img', { name: /^Sodium, mmol\/L, 5 values/ })).toBe(chart());
  });

  it('draws the threshold as a dashed line labelled with its value and unit, its abnormal side shaded', () => {
    render(<TrendChart trend={SODIUM_TREND} />);
    const line = chart().querySelector('line.trend-threshold')!;
    expect(line.getAttribute('stroke-dasharray')).toBeTruthy();
    expect(chart().querySelector('.trend-threshold-label')!.textContent).toBe('135 mmol/L');
    const region = chart().querySelector('rect.trend-abnormal')!;
    // A low limit: the shaded region runs from the line down to the x axis.
    expect(Number(region.getAttribute('y'))).toBe(Number(line.getAttribute('y1')));
    expect(Number(region.getAttribute('y')) + Number(region.getAttribute('height'))).toBe(Number(chart().querySelector('.trend-axis')!.getAttribute('y2')));
  });

  it('labels the y axis with the lowest and highest values and the x axis with the first and last dates', () => {
    render(<TrendChart trend={SODIUM_TREND} />);
    expect(chart().querySelector('.trend-y-min')!.textContent).toBe('129');
    expect(chart().querySelector('.trend-y-max')!.textContent).toBe('138');
    expect(chart().querySelector('.trend-x-first')!.textContent).toBe('2021-02-05');
    expect(chart().querySelector('.trend-x-last')!.textContent).toBe('2021-02-14');
  });

  it('joins the points by a line, oldest to newest, left to right', () => {
    render(<TrendChart trend={SODIUM_TREND} />);
    const coordinates = chart().querySelector('polyline.trend-line')!.getAttribute('points')!.split(' ').map((pair) => pair.split(',').map(Number));
    expect(coordinates).toHaveLength(5);
    const xs = coordinates.map(([x]) => x!);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    // Lower values sit lower (larger y): 129 below 138.
    expect(coordinates[2]![1]!).toBeGreaterThan(coordinates[0]![1]!);
  });

  it('marks cited values by shape and size, not by colour alone', () => {
    render(<TrendChart trend={SODIUM_TREND} />);
    const cited = [...chart().querySelectorAll('[data-cited="true"]')];
    const others = [...chart().querySelectorAll('[data-cited="false"]')];
    expect(cited.map((e) => e.tagName.toLowerCase())).toEqual(['rect', 'rect', 'rect']);
    expect(others.map((e) => e.tagName.toLowerCase())).toEqual(['circle', 'circle']);
    expect(Number(cited[0]!.getAttribute('width'))).toBeGreaterThan(2 * Number(others[0]!.getAttribute('r')));
    // The legend says which shape is which.
    expect(screen.getByText('cited by the finding')).toBeTruthy();
  });

  it('gives the values as a table: dates as recorded, values with units, flags and the cited marker', () => {
    render(<TrendChart trend={SODIUM_TREND} />);
    const details = screen.getByText('Values as a table').closest('details')!;
    expect(details.previousElementSibling?.previousElementSibling).toBe(chart()); // after the chart and its legend
    const table = within(details).getByRole('table');
    expect(table.querySelector('caption')!.textContent).toBe('Sodium (mmol/L), oldest first');
    const rows = [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Date', 'Value', 'Flag', 'In finding'],
      ['2021-02-05 09:00', '138 mmol/L', '—', '—'],
      ['2021-02-10 23:30', '131 mmol/L', 'below threshold', 'cited'],
      ['2021-02-11 09:00', '129 mmol/L', 'below threshold', 'cited'],
      ['2021-02-12 06:00', '133 mmol/L', 'below threshold', 'cited'],
      ['2021-02-14 00:15', '136 mmol/L', '—', '—'],
    ]);
  });

  it('says "at or above" for an inclusive limit (BMI 30 kg/m² starts obesity)', () => {
    const bmi = (id: string, value: number, time: string) => vital(LOINC.BMI, value, 'kg/m2', time, { id, encounter: 'enc-1' });
    const trend = trendOf([bmi('bmi-1', 29.5, '2021-02-06T09:00:00Z'), bmi('bmi-2', 30, '2021-02-10T09:00:00Z'), bmi('bmi-3', 31.2, '2021-02-12T09:00:00Z')], 'nutrition/obesity-class');
    render(<TrendChart trend={trend} />);
    expect(chart().getAttribute('aria-label')).toBe('BMI, kg/m2, 3 values from 2021-02-06 to 2021-02-12, 1 cited by the finding; threshold at or above 30');
    expect(chart().querySelector('.trend-threshold-label')!.textContent).toBe('30 kg/m2');
    const flags = [...screen.getByRole('table').querySelectorAll('tbody tr')].map((tr) => tr.children[2]!.textContent);
    expect(flags).toEqual(['—', 'at or above threshold', 'at or above threshold']);
  });

  it('draws no threshold when the finding states none, and says nothing of one', () => {
    const creatinine = (id: string, value: number, time: string) => lab(LOINC.CREATININE_SERUM, value, 'mg/dL', time, { id, encounter: 'enc-1' });
    const trend = trendOf([creatinine('cr-1', 0.9, '2021-02-10T09:00:00Z'), creatinine('cr-2', 2.1, '2021-02-11T09:00:00Z')], 'renal/acute-kidney-injury');
    render(<TrendChart trend={trend} />);
    expect(chart().getAttribute('aria-label')).toBe('Creatinine, mg/dL, 2 values from 2021-02-10 to 2021-02-11, 2 cited by the finding');
    expect(chart().querySelector('.trend-threshold, .trend-threshold-label, .trend-abnormal')).toBeNull();
    expect(chart().querySelector('.trend-y-min')!.textContent).toBe('0.9');
    expect(chart().querySelector('.trend-y-max')!.textContent).toBe('2.1');
  });

  it('places a threshold label clear of the point markers', () => {
    // The last sodium (136) sits just above the line at the right end: the label moves to the left end.
    render(<TrendChart trend={SODIUM_TREND} />);
    const label = chart().querySelector('.trend-threshold-label')!;
    const x = Number(label.getAttribute('x'));
    const width = label.textContent!.length * 22 * 0.6; // the widest the text gets (22 viewBox units, narrow frames)
    const [x0, x1] = label.getAttribute('text-anchor') === 'end' ? [x - width, x] : [x, x + width];
    const y = Number(label.getAttribute('y'));
    const [y0, y1] = label.getAttribute('dominant-baseline') === 'hanging' ? [y, y + 22] : [y - 22, y];
    const markers = [...chart().querySelectorAll('.trend-point')].map((m) => (m.tagName.toLowerCase() === 'circle'
      ? [Number(m.getAttribute('cx')), Number(m.getAttribute('cy'))]
      : [Number(m.getAttribute('x')) + Number(m.getAttribute('width')) / 2, Number(m.getAttribute('y')) + Number(m.getAttribute('height')) / 2]));
    expect(markers.filter(([cx, cy]) => cx! >= x0 && cx! <= x1 && cy! >= y0 && cy! <= y1)).toEqual([]);
    // The label still sits on the normal side of a low limit: above its line.
    expect(y).toBeLessThan(Number(chart().querySelector('line.trend-threshold')!.getAttribute('y1')));
  });

  it('shows no raw ids or references', () => {
    const { container } = render(<TrendChart trend={SODIUM_TREND} />);
    expect(container.innerHTML).not.toMatch(/Observation|na-\d|obs-/);
  });

  it('scales with its container: a viewBox and no fixed pixel size', () => {
    render(<TrendChart trend={SODIUM_TREND} />);
    expect(chart().getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+$/);
    expect(chart().hasAttribute('width')).toBe(false);
    expect(chart().hasAttribute('height')).toBe(false);
    expect(chart().getAttribute('style') ?? '').not.toMatch(/px/);
  });

  it('shows times with the date when every value is from one day, and says how many values another unit left out', () => {
    const trend: Trend = {
      label: 'potassium', unit: 'mmol/L', loinc: LOINC.POTASSIUM_SERUM, excludedForUnit: 2, threshold: { low: 3.5, high: 5.1, unit: 'mmol/L' },
      points: [
        { timeMs: fhirTimeMs('2021-02-11T06:00:00Z')!, time: '2021-02-11T06:00:00Z', value: 3.2, unit: 'mmol/L', reference: 'Observation/k-1', cited: true, beyond: 'below' },
        { timeMs: fhirTimeMs('2021-02-11T18:00:00Z')!, time: '2021-02-11T18:00:00Z', value: 5.4, unit: 'mmol/L', reference: 'Observation/k-2', cited: false, beyond: 'above' },
      ],
    };
    render(<TrendChart trend={trend} />);
    expect(trendChartName(trend)).toBe('Potassium, mmol/L, 2 values from 2021-02-11 06:00 to 2021-02-11 18:00, 1 cited by the finding; threshold below 3.5 or above 5.1');
    expect([...chart().querySelectorAll('.trend-threshold-label')].map((t) => t.textContent)).toEqual(['3.5 mmol/L', '5.1 mmol/L']);
    expect(chart().querySelectorAll('rect.trend-abnormal')).toHaveLength(2);
    expect(screen.getByText('2 values in another unit not shown.')).toBeTruthy();
  });
});
