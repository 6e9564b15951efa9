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
 */
import type { Procedure } from 'fhir/r4';
import type { ObservationPoint } from '../../record/patient-record';
import { LOINC } from '../../terminology/loinc';
import { OXYGEN } from '../../terminology/medications';
import { OXYGEN_SUPPORT_PROCEDURES, RESPIRATORY_SNOMED } from '../../terminology/snomed';
import { SYSTEM } from '../../terminology/systems';
import { withStandardOptions } from '../engine/answer-options';
import { capitalize, encounterOf, latestTime } from '../engine/evidence';
import { abnormalValueFacts, describeAbnormalValues, type AbnormalValue } from '../engine/abnormal-values';
import { describeFact, medicationFact, resultFact, statedFact } from '../engine/facts';
import { medicationsInWindow } from '../engine/medication-events';
import type { AnswerOption, DiagnosisTarget, Fact, FactRange, Rule, RuleContext } from '../engine/types';
import { fhirTimeMs, formatFhirDateTime, HOUR_MS } from '../../record/fhir-dates';

/** Oxygen and ventilation named in procedures coded in other systems (local codes, CPT) or as text only. */
const OXYGEN_SUPPORT_TEXT = /\b(oxygen (therapy|administration)|supplemental oxygen|high[- ]flow (nasal|oxygen)|bipap|bi-?level|non-?invasive (positive pressure )?ventilation|mechanical(ly assisted)? ventilation|ventilator|intubation)\b/i;
const CHRONIC_OXYGEN_TEXT = /\b(long[- ]term|home|nocturnal)\b/i;

/** What documents acute respiratory failure (J96.1- chronic and J96.9- unspecified acuity do not). */
export const ACUTE_RESPIRATORY_FAILURE_DIAGNOSIS: DiagnosisTarget = {
  icd10: ['J96.0', 'J96.2', 'J80', 'J95.821', 'J95.822', 'P28.5'],
  snomed: [RESPIRATORY_SNOMED.ACUTE_RESPIRATORY_FAILURE, RESPIRATORY_SNOMED.ARDS],
};

export const RESPIRATORY_FAILURE_THRESHOLDS = {
  /** %: an SpO2 on room air below this is hypoxemic (91 itself is not). */
  spo2Below: 91,
  /** %: FiO2 at or below this is room air. */
  roomAirFio2AtMost: 21,
  /** Oxygen recorded this many hours before an SpO2 (through the reading) means it was not on room air. */
  roomAirLookbackHours: 1,
  /** mmHg */
  pao2Below: 60,
  /** mmHg: PaCO2 above this counts with an acidemic pH. */
  paco2Above: 50,
  /** pH below this is acidemic (7.35 itself is not). */
  phBelow: 7.35,
  /** PaCO2 and pH must be drawn within this many hours of each other. */
  bloodGasPairingHours: 1,
  /** /min: supporting evidence only. */
  respiratoryRateAbove: 28,
  /** Oxygen support and supporting values count within this many hours of an indicator. */
  linkHours: 24,
};

type Thresholds = typeof RESPIRATORY_FAILURE_THRESHOLDS;

/** Oxygen support from any source: a charted flow or FiO2, a procedure, an order. */
interface Support {
  kind: string;
  reference: string;
  /** The record as a fact: a charted value, a procedure, an oxygen order or administration. */
  fact: Fact;
  startMs: number;
  endMs: number;
  point?: ObservationPoint;
}

const VOID_PROCEDURE = new Set(['entered-in-error', 'not-done']);

/** Oxygen or ventilation procedures overlapping the window: by SNOMED CT code, else by name (chronic oxygen excluded). */
function procedureSupport(context: RuleContext): Support[] {
  const named = (p: Procedure) => {
    const code = (p.code?.coding ?? []).find((c) => c.system === SYSTEM.SNOMED && c.code !== undefined && Object.hasOwn(OXYGEN_SUPPORT_PROCEDURES, c.code));
    if (code) return OXYGEN_SUPPORT_PROCEDURES[code.code!];
    const text = [p.code?.text, ...(p.code?.coding ?? []).map((c) => c.display)].find((x) => x && OXYGEN_SUPPORT_TEXT.test(x));
    return text && !CHRONIC_OXYGEN_TEXT.test(text) ? text : undefined;
  };
  return context.record.byType('Procedure').flatMap((p): Support[] => {
    const name = named(p);
    const start = p.performedDateTime ?? p.performedPeriod?.start;
    const startMs = fhirTimeMs(start) ?? NaN;
    if (!name || !start || VOID_PROCEDURE.has(p.status) || Number.isNaN(startMs)) return [];
    const endMs = fhirTimeMs(p.performedPeriod?.end) ?? NaN;
    const end = Number.isNaN(endMs) ? startMs : endMs;
    if (end < context.window.startMs || startMs > context.window.endMs) return [];
    const reference = `Procedure/${p.id}`;
    return [{ kind: name, reference, fact: statedFact('procedure', name, reference, { time: start }), startMs, endMs: end }];
  });
}

/** Every record of supplemental oxygen in the window (the SpO2's own O2 components included). */
function oxygenSupport(context: RuleContext, t: Thresholds): Support[] {
  // Charted oxygen is a value above room air's: flow above 0 L/min, FiO2 above 21 %.
  const charted = (loinc: string, label: string, range: FactRange) => context.observations(loinc)
    .filter((p) => p.value !== undefined && p.value > range.high!)
    .map((p): Support => ({ kind: label, reference: p.reference, fact: resultFact(label, p, range, 'vital-sign'), startMs: p.timeMs, endMs: p.timeMs, point: p }));
  const orders = medicationsInWindow(context, OXYGEN).flatMap((m): Support[] => (m.timeMs === undefined ? [] : [{
    kind: 'oxygen order', reference: m.reference, fact: medicationFact(m), startMs: m.timeMs, endMs: m.timeMs,
  }]));
  return [
    ...charted(LOINC.OXYGEN_FLOW, 'oxygen flow', { high: 0, unit: 'L/min' }),
    ...charted(LOINC.FIO2, 'FiO2', { high: t.roomAirFio2AtMost, unit: '%' }),
    ...procedureSupport(context),
    ...orders,
  ];
}

/** On room air: no oxygen support overlapping the lookback hour up to and including the reading. */
function onRoomAir(spo2: ObservationPoint, support: readonly Support[], t: Thresholds): boolean {
  const from = spo2.timeMs - t.roomAirLookbackHours * HOUR_MS;
  return !support.some((s) => s.startMs <= spo2.timeMs && s.endMs >= from);
}

/** PaCO2 above the limit with an acidemic pH within the pairing window (the lowest such pH is cited). */
function hypercapnia(context: RuleContext, t: Thresholds): AbnormalValue[] {
  const ph = context.observations(LOINC.PH_ARTERIAL).filter((p) => p.value !== undefined && p.value < t.phBelow);
  return context.observations(LOINC.PACO2).flatMap((paco2): AbnormalValue[] => {
    if (paco2.value === undefined || paco2.value <= t.paco2Above) return [];
    const paired = ph.filter((p) => Math.abs(p.timeMs - paco2.timeMs) <= t.bloodGasPairingHours * HOUR_MS)
      .sort((a, b) => a.value! - b.value!)[0];
    return paired ? [
      { label: 'PaCO2', limit: `> ${t.paco2Above} mmHg with pH < ${t.phBelow}`, point: paco2, excess: paco2.value - t.paco2Above, range: { high: t.paco2Above, unit: 'mm[Hg]' } },
      { label: 'arterial pH', limit: `< ${t.phBelow}`, point: paired, excess: t.phBelow - paired.value!, range: { low: t.phBelow, unit: '[pH]' } },
    ] : [];
  });
}

/** Per kind of support, in order, the first record (the one the summary cites) and how many there were. */
function supportByKind(support: readonly Support[]): Array<{ first: Fact; count: number }> {
  const byKind = new Map<string, Support[]>();
  for (const s of [...support].sort((a, b) => a.startMs - b.startMs)) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  return [...byKind.values()].map((group) => ({ first: group[0]!.fact, count: group.length }));
}

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
