/**
 * Results beyond a rule's limit, as a summary cites them: per measure, the most abnormal value with its
 * limit, and how many results were beyond it (the values, units and times only: no conclusion). The cited
 * values are facts (abnormalValueFacts), and the clauses are rendered from them.
 */
import type { ObservationPoint } from '../../record/patient-record';
import { describeFact, resultFact } from './facts';
import type { Fact, FactKind, FactRange } from './types';

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
  /** The limit as data, the cited fact's referenceRange (`{ low: 91, unit: '%' }`). */
  range?: FactRange;
  /** The cited fact's kind: `result` unless said (a vital sign, an assessment score). */
  kind?: FactKind;
}

/** One label's cited value as a fact, with what its clause says in parentheses. */
interface CitedValue {
  fact: Fact;
  details: string[];
}

/** Per label, in the order the labels first appear, the most abnormal value (the first of equal excesses). */
function citedValues(values: readonly AbnormalValue[]): CitedValue[] {
  const byLabel = new Map<string, AbnormalValue[]>();
  for (const v of values) byLabel.set(v.label, [...(byLabel.get(v.label) ?? []), v]);
  return [...byLabel.values()].map((group) => {
    const worst = group.reduce((a, b) => (b.excess > a.excess ? b : a));
    const count = new Set(group.map((v) => v.point.reference)).size;
    return {
      fact: resultFact(worst.label, worst.point, worst.range, worst.kind),
      details: [...(worst.note ? [worst.note] : []), worst.limit, ...(count > 1 ? [`${count} results beyond it`] : [])],
    };
  });
}

/** The values describeAbnormalValues cites, as facts: one per label, the most abnormal, in the same order. */
export function abnormalValueFacts(values: readonly AbnormalValue[]): Fact[] {
  return citedValues(values).map((c) => c.fact);
}

/**
 * One clause per label, in the order the labels first appear: `SpO2 88 % on 2021-03-01 08:00 (< 91 % on
 * room air; 3 results beyond it)`. Of equal excesses, the first value is cited.
 */
export function describeAbnormalValues(values: readonly AbnormalValue[]): string {
  return citedValues(values).map(({ fact, details }) => `${describeFact(fact)} (${details.join('; ')})`).join(', ');
}
