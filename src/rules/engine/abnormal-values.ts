/**
 * Results beyond a rule's limit, as a summary cites them: per measure, the most abnormal value with its
 * limit, and how many results were beyond it (the values, units and times only: no conclusion).
 */
import type { ObservationPoint } from '../../record/patient-record';
import { describePoint } from './evidence';

/** A result beyond a rule's limit. */
export interface AbnormalValue {
  /** The measure in the summary's words (`SpO2`, `lactate`); values of one label are cited together. */
  label: string;
  /** The limit as the summary states it: `< 91 % on room air`. */
  limit: string;
  point: ObservationPoint;
  /** How far beyond the limit: the most abnormal value of a label is the one cited. */
  excess: number;
  /** Said before the limit: how the value was obtained or read (`calculated from 92/40 mmHg`). */
  note?: string;
}

/**
 * One clause per label, in the order the labels first appear: `SpO2 88 % on 2021-03-01 08:00 (< 91 % on
 * room air; 3 results beyond it)`. Of equal excesses, the first value is cited.
 */
export function describeAbnormalValues(values: readonly AbnormalValue[]): string {
  const byLabel = new Map<string, AbnormalValue[]>();
  for (const v of values) byLabel.set(v.label, [...(byLabel.get(v.label) ?? []), v]);
  return [...byLabel.values()].map((group) => {
    const worst = group.reduce((a, b) => (b.excess > a.excess ? b : a));
    const count = new Set(group.map((v) => v.point.reference)).size;
    const details = [...(worst.note ? [worst.note] : []), worst.limit, ...(count > 1 ? [`${count} results beyond it`] : [])];
    return `${describePoint(worst.label, worst.point)} (${details.join('; ')})`;
  }).join(', ');
}
