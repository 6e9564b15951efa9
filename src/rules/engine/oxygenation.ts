/**
 * Oxygenation and ventilation as the record shows them, shared by the acute respiratory failure query trigger
 * (rules/gaps/respiratory-failure.ts) and the clinical validation of a documented acute respiratory failure
 * (rules/validation/respiratory-failure.ts).
 *
 * Criteria (common CDI clinical indicators for acute respiratory failure, shared/DOMAIN.md §2; the blood-gas
 * cut-offs are the classic definition of hypoxemic and hypercapnic respiratory failure): SpO2 < 91 % on room
 * air, PaO2 < 60 mmHg, PaCO2 > 50 mmHg with an arterial pH < 7.35 drawn within 1 hour, respiratory rate
 * > 28/min; the PaO2/FiO2 ratio pairs a PaO2 with the FiO2 charted nearest it within 1 hour.
 * Oxygen support: O2 flow > 0, FiO2 > 21 %, an oxygen, high-flow, BiPAP or ventilation procedure, or an oxygen
 * order. "Room air": no such support recorded from 1 hour before an SpO2 up to the SpO2 itself (its own
 * components included); oxygen started after a low reading is the response to it.
 */
import type { Procedure } from 'fhir/r4';
import type { ObservationPoint } from '../../record/patient-record';
import { fhirTimeMs, HOUR_MS } from '../../record/fhir-dates';
import { LOINC } from '../../terminology/loinc';
import { OXYGEN } from '../../terminology/medications';
import { OXYGEN_SUPPORT_PROCEDURES, VENTILATORY_SUPPORT_PROCEDURES } from '../../terminology/snomed';
import { SYSTEM } from '../../terminology/systems';
import type { AbnormalValue } from './abnormal-values';
import { medicationFact, resultFact, statedFact } from './facts';
import { medicationsInWindow } from './medication-events';
import type { Fact, FactRange, RuleContext } from './types';

/** The common CDI clinical indicators of acute respiratory failure, as thresholds a rule may override. */
export const RESPIRATORY_FAILURE_CRITERIA = {
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
  /** PaCO2 and pH (and PaO2 and FiO2) must be drawn within this many hours of each other. */
  bloodGasPairingHours: 1,
  /** /min */
  respiratoryRateAbove: 28,
};

type Criteria = typeof RESPIRATORY_FAILURE_CRITERIA;

/** Pulse oximetry and arterial saturation. */
export const SPO2_LOINC = [LOINC.OXYGEN_SATURATION_PULSE_OX, LOINC.OXYGEN_SATURATION] as const;

/** Oxygen and ventilation named in procedures coded in other systems (local codes, CPT) or as text only. */
const OXYGEN_SUPPORT_TEXT = /\b(oxygen (therapy|administration)|supplemental oxygen|high[- ]flow (nasal|oxygen)|bipap|bi-?level|non-?invasive (positive pressure )?ventilation|mechanical(ly assisted)? ventilation|ventilator|intubation)\b/i;
const VENTILATION_TEXT = /\b(bipap|bi-?level|non-?invasive (positive pressure )?ventilation|mechanical(ly assisted)? ventilation|ventilator|intubation)\b/i;
const CHRONIC_OXYGEN_TEXT = /\b(long[- ]term|home|nocturnal)\b/i;

/** Oxygen support from any source: a charted flow or FiO2, a procedure, an order. */
export interface OxygenSupport {
  kind: string;
  reference: string;
  /** The record as a fact: a charted value, a procedure, an oxygen order or administration. */
  fact: Fact;
  startMs: number;
  endMs: number;
  point?: ObservationPoint;
  /** Ventilatory support (non-invasive or mechanical ventilation, intubation), not oxygen alone. */
  ventilation: boolean;
}

const VOID_PROCEDURE = new Set(['entered-in-error', 'not-done']);

/** Oxygen or ventilation procedures overlapping the window: by SNOMED CT code, else by name (chronic oxygen excluded). */
function procedureSupport(context: RuleContext): OxygenSupport[] {
  const named = (p: Procedure): { name: string; ventilation: boolean } | undefined => {
    const code = (p.code?.coding ?? []).find((c) => c.system === SYSTEM.SNOMED && c.code !== undefined && Object.hasOwn(OXYGEN_SUPPORT_PROCEDURES, c.code));
    if (code) return { name: OXYGEN_SUPPORT_PROCEDURES[code.code!]!, ventilation: VENTILATORY_SUPPORT_PROCEDURES.has(code.code!) };
    const text = [p.code?.text, ...(p.code?.coding ?? []).map((c) => c.display)].find((x) => x && OXYGEN_SUPPORT_TEXT.test(x));
    return text && !CHRONIC_OXYGEN_TEXT.test(text) ? { name: text, ventilation: VENTILATION_TEXT.test(text) } : undefined;
  };
  return context.record.byType('Procedure').flatMap((p): OxygenSupport[] => {
    const found = named(p);
    const start = p.performedDateTime ?? p.performedPeriod?.start;
    const startMs = fhirTimeMs(start) ?? NaN;
    if (!found || !start || VOID_PROCEDURE.has(p.status) || Number.isNaN(startMs)) return [];
    const endMs = fhirTimeMs(p.performedPeriod?.end) ?? NaN;
    const end = Number.isNaN(endMs) ? startMs : endMs;
    if (end < context.window.startMs || startMs > context.window.endMs) return [];
    const reference = `Procedure/${p.id}`;
    return [{ kind: found.name, reference, fact: statedFact('procedure', found.name, reference, { time: start }), startMs, endMs: end, ventilation: found.ventilation }];
  });
}

/** Every record of supplemental oxygen in the window (the SpO2's own O2 components included). */
export function oxygenSupport(context: RuleContext, t: Pick<Criteria, 'roomAirFio2AtMost'>): OxygenSupport[] {
  // Charted oxygen is a value above room air's: flow above 0 L/min, FiO2 above 21 %.
  const charted = (loinc: string, label: string, range: FactRange) => context.observations(loinc)
    .filter((p) => p.value !== undefined && p.value > range.high!)
    .map((p): OxygenSupport => ({
      kind: label, reference: p.reference, fact: resultFact(label, p, range, 'vital-sign'), startMs: p.timeMs, endMs: p.timeMs, point: p, ventilation: false,
    }));
  const orders = medicationsInWindow(context, OXYGEN).flatMap((m): OxygenSupport[] => (m.timeMs === undefined ? [] : [{
    kind: 'oxygen order', reference: m.reference, fact: medicationFact(m), startMs: m.timeMs, endMs: m.timeMs, ventilation: false,
  }]));
  return [
    ...charted(LOINC.OXYGEN_FLOW, 'oxygen flow', { high: 0, unit: 'L/min' }),
    ...charted(LOINC.FIO2, 'FiO2', { high: t.roomAirFio2AtMost, unit: '%' }),
    ...procedureSupport(context),
    ...orders,
  ];
}

/** On room air: no oxygen support overlapping the lookback hour up to and including the reading. */
export function onRoomAir(spo2: ObservationPoint, support: readonly OxygenSupport[], t: Pick<Criteria, 'roomAirLookbackHours'>): boolean {
  const from = spo2.timeMs - t.roomAirLookbackHours * HOUR_MS;
  return !support.some((s) => s.startMs <= spo2.timeMs && s.endMs >= from);
}

/** PaCO2 above the limit with an acidemic pH within the pairing window (the lowest such pH is cited). */
export function hypercapnia(context: RuleContext, t: Pick<Criteria, 'paco2Above' | 'phBelow' | 'bloodGasPairingHours'>): AbnormalValue[] {
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

/** Per kind of support, in order, the first record (the one a summary cites) and how many there were. */
export function supportByKind(support: readonly OxygenSupport[]): Array<{ first: Fact; count: number }> {
  const byKind = new Map<string, OxygenSupport[]>();
  for (const s of [...support].sort((a, b) => a.startMs - b.startMs)) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  return [...byKind.values()].map((group) => ({ first: group[0]!.fact, count: group.length }));
}

/** A PaO2 with the FiO2 charted nearest it: the PaO2/FiO2 ratio (mmHg over the inspired fraction). */
export interface PfRatio {
  pao2: ObservationPoint;
  fio2: ObservationPoint;
  ratio: number;
  /** The PaO2's point carrying the ratio (rounded to 1), unitless, for citing it as a fact. */
  point: ObservationPoint;
}

/** Each PaO2 of the window with an FiO2 charted within `pairingHours` (the nearest in time): its PaO2/FiO2 ratio. */
export function pfRatios(context: RuleContext, pairingHours: number): PfRatio[] {
  const fio2 = context.observations(LOINC.FIO2).filter((p) => p.value !== undefined && p.value > 0);
  return context.observations(LOINC.PAO2).flatMap((pao2): PfRatio[] => {
    if (pao2.value === undefined) return [];
    const nearest = fio2.filter((f) => Math.abs(f.timeMs - pao2.timeMs) <= pairingHours * HOUR_MS)
      .sort((a, b) => Math.abs(a.timeMs - pao2.timeMs) - Math.abs(b.timeMs - pao2.timeMs))[0];
    if (!nearest) return [];
    const ratio = pao2.value / (nearest.value! / 100);
    return [{ pao2, fio2: nearest, ratio, point: { ...pao2, value: Math.round(ratio), unit: undefined } }];
  });
}
