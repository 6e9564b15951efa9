/**
 * Acute respiratory failure query trigger: hypoxemia or hypercapnia while oxygen support is given, and no
 * acute respiratory failure diagnosis.
 *
 * Criteria (common CDI clinical indicators for acute respiratory failure, shared/DOMAIN.md §2; the blood-gas
 * cut-offs are the classic definition of hypoxemic and hypercapnic respiratory failure):
 * - hypoxemia: SpO2 < 91% on room air, or PaO2 < 60 mmHg;
 * - hypercapnia: PaCO2 > 50 mmHg with an arterial pH < 7.35 drawn within 1 hour;
 * - supporting evidence: respiratory rate > 28/min;
 * - plus oxygen support within 24 hours of an indicator: O2 flow > 0, FiO2 > 21%, an oxygen, high-flow, BiPAP or
 *   ventilation procedure, or an oxygen order.
 * "Room air": no O2 flow > 0 L/min, FiO2 > 21%, oxygen procedure or oxygen order recorded from 1 hour before the
 * SpO2 up to the SpO2 itself (its own components included). Oxygen started after a low reading is the response
 * to it, so later oxygen does not disqualify the reading.
 * ICD-10-CM Official Guidelines I.C.10.b (acute respiratory failure): J96.0- (J96.2- acute and chronic when
 * chronic respiratory failure J96.1- is documented); R09.02 hypoxemia when the provider documents only that.
 * The oxygen-support, room-air and blood-gas reading is engine/oxygenation.ts, shared with the clinical
 * validation of a documented acute respiratory failure.
 */
import { LOINC } from '../../terminology/loinc';
import { RESPIRATORY_SNOMED } from '../../terminology/snomed';
import { withStandardOptions } from '../engine/answer-options';
import { capitalize, encounterOf, latestTime } from '../engine/evidence';
import { abnormalValueFacts, describeAbnormalValues, type AbnormalValue } from '../engine/abnormal-values';
import { describeFact } from '../engine/facts';
import { hypercapnia, onRoomAir, oxygenSupport, RESPIRATORY_FAILURE_CRITERIA, supportByKind } from '../engine/oxygenation';
import type { AnswerOption, DiagnosisTarget, Fact, Rule } from '../engine/types';
import { formatFhirDateTime, HOUR_MS } from '../../record/fhir-dates';

/** What documents acute respiratory failure (J96.1- chronic and J96.9- unspecified acuity do not). */
export const ACUTE_RESPIRATORY_FAILURE_DIAGNOSIS: DiagnosisTarget = {
  icd10: ['J96.0', 'J96.2', 'J80', 'J95.821', 'J95.822', 'P28.5'],
  snomed: [RESPIRATORY_SNOMED.ACUTE_RESPIRATORY_FAILURE, RESPIRATORY_SNOMED.ARDS],
};

export const RESPIRATORY_FAILURE_THRESHOLDS = {
  ...RESPIRATORY_FAILURE_CRITERIA,
  /** Oxygen support and supporting values count within this many hours of an indicator. */
  linkHours: 24,
};

type Thresholds = typeof RESPIRATORY_FAILURE_THRESHOLDS;

/** `oxygen flow 2 L/min on …`, `Oxygen administration by mask on …`, `<oxygen product> ordered or given on …`. */
function describeSupportFact(fact: Fact): string {
  return fact.kind === 'medication' ? `${fact.label} ordered or given on ${formatFhirDateTime(fact.time!)}` : describeFact(fact);
}

/** One clause per kind of support: the first record and how many there were. */
function describeSupport(groups: ReadonlyArray<{ first: Fact; count: number }>): string {
  return groups.map(({ first, count }) => `${describeSupportFact(first)}${count > 1 ? ` (${count} records)` : ''}`).join('; ');
}

const option = (icd10: string, text: string): AnswerOption => ({ text, icd10 });

export const acuteRespiratoryFailure: Rule<Thresholds> = {
  id: 'respiratory/acute-respiratory-failure',
  title: 'Hypoxemia or hypercapnia with oxygen support without an acute respiratory failure diagnosis',
  category: 'documentation-gap',
  severity: 'high',
  rationale: 'SpO2 below 91% on room air, PaO2 below 60 mmHg, or PaCO2 above 50 mmHg with pH below 7.35, while oxygen or ventilatory support is given, are common CDI clinical indicators for acute respiratory failure (J96.0-, ICD-10-CM Guidelines I.C.10.b) when no such diagnosis is documented.',
  thresholds: RESPIRATORY_FAILURE_THRESHOLDS,
  evaluate(context, t) {
    if (context.isDocumented(ACUTE_RESPIRATORY_FAILURE_DIAGNOSIS)) return [];
    const support = oxygenSupport(context, t);
    const lowSpo2 = context.observations(LOINC.OXYGEN_SATURATION_PULSE_OX, LOINC.OXYGEN_SATURATION)
      .filter((p) => p.value !== undefined && p.value < t.spo2Below && onRoomAir(p, support, t))
      .map((p): AbnormalValue => ({
        label: 'SpO2', limit: `< ${t.spo2Below} % on room air`, point: p, excess: t.spo2Below - p.value!, note: 'no supplemental oxygen recorded in the hour before',
        range: { low: t.spo2Below, unit: '%' }, kind: 'vital-sign',
      }));
    const lowPao2 = context.observations(LOINC.PAO2).filter((p) => p.value !== undefined && p.value < t.pao2Below)
      .map((p): AbnormalValue => ({ label: 'PaO2', limit: `< ${t.pao2Below} mmHg`, point: p, excess: t.pao2Below - p.value!, range: { low: t.pao2Below, unit: 'mm[Hg]' } }));
    const hypercapnic = hypercapnia(context, t);
    const indicators = [...lowSpo2, ...lowPao2, ...hypercapnic];
    if (indicators.length === 0) return [];

    const linkMs = t.linkHours * HOUR_MS;
    const near = (startMs: number, endMs: number) => indicators.some((i) => startMs - linkMs <= i.point.timeMs && i.point.timeMs <= endMs + linkMs);
    const linkedSupport = support.filter((s) => near(s.startMs, s.endMs));
    if (linkedSupport.length === 0) return [];
    const tachypnea = context.observations(LOINC.RESPIRATORY_RATE)
      .filter((p) => p.value !== undefined && p.value > t.respiratoryRateAbove && near(p.timeMs, p.timeMs))
      .map((p): AbnormalValue => ({
        label: 'respiratory rate', limit: `> ${t.respiratoryRateAbove}/min`, point: p, excess: p.value! - t.respiratoryRateAbove,
        range: { high: t.respiratoryRateAbove, unit: '/min' }, kind: 'vital-sign',
      }));

    const cited = [...indicators, ...tachypnea].sort((a, b) => a.point.timeMs - b.point.timeMs);
    const points = [...cited.map((c) => c.point), ...linkedSupport.flatMap((s) => (s.point ? [s.point] : []))];
    const hypoxemic = lowSpo2.length > 0 || lowPao2.length > 0;
    const chronic = context.isDocumented({ icd10: ['J96.1'], snomed: [] });
    const [unspecified, hypoxia, hypercapniaOption] = chronic
      ? [option('J96.20', 'Acute and chronic respiratory failure, unspecified whether with hypoxia or hypercapnia'),
        option('J96.21', 'Acute and chronic respiratory failure with hypoxia'), option('J96.22', 'Acute and chronic respiratory failure with hypercapnia')]
      : [option('J96.00', 'Acute respiratory failure, unspecified whether with hypoxia or hypercapnia'),
        option('J96.01', 'Acute respiratory failure with hypoxia'), option('J96.02', 'Acute respiratory failure with hypercapnia')];
    const supportGroups = supportByKind(linkedSupport);
    return [{
      facts: [...abnormalValueFacts(cited), ...supportGroups.map((g) => g.first)],
      summary: `${capitalize(describeAbnormalValues(cited))}. Oxygen support: ${describeSupport(supportGroups)}.${chronic ? ' Chronic respiratory failure is documented.' : ''} No acute respiratory failure diagnosis is documented for ${context.window.label}.`,
      evidence: [...new Set([...cited.map((c) => c.point.reference), ...linkedSupport.map((s) => s.reference)])],
      suspectedCondition: unspecified.icd10!,
      encounter: encounterOf(cited.map((c) => c.point)),
      observedAt: latestTime(points),
      answerOptions: withStandardOptions([
        ...(hypoxemic ? [hypoxia] : []), ...(hypercapnic.length ? [hypercapniaOption] : []), unspecified,
        ...(hypoxemic ? [option('R09.02', 'Hypoxemia')] : []),
      ]),
    }];
  },
};
