/**
 * Sepsis query trigger: infection evidence together with a systemic response, and no sepsis diagnosis.
 *
 * Criteria encoded:
 * - Systemic response, SIRS (ACCP/SCCM Consensus Conference, Bone et al., Chest 1992;101:1644): at least two
 *   of temperature > 38.0 °C or < 36.0 °C, heart rate > 90/min, respiratory rate > 20/min or PaCO2 < 32 mmHg,
 *   WBC > 12 or < 4 ×10³/µL, all within one 24-hour period; or a lactate > 2 mmol/L.
 * - Infection evidence: an antibiotic ordered or given, a blood culture, or an infection diagnosis, within
 *   72 hours of the systemic response (suspected-infection window of Seymour et al., JAMA 2016;315:762).
 * - Organ dysfunction (Sepsis-3, Singer et al., JAMA 2016;315:801, SOFA-derived): lactate > 2 mmol/L,
 *   MAP < 70 mmHg, platelets < 100 ×10³/µL, bilirubin ≥ 2 mg/dL, creatinine ≥ 2 mg/dL (not counted when
 *   end-stage renal disease or dialysis is documented: a chronic baseline, not an acute change), GCS < 15.
 *   It makes the finding high severity and supports offering severe sepsis (R65.20).
 * - Septic shock (Sepsis-3): a vasopressor with a lactate > 2 mmol/L supports offering R65.21.
 * ICD-10-CM Official Guidelines I.C.1.d: sepsis is A40–A41 (A41.9 when the organism is not specified); severe
 * sepsis R65.20 / septic shock R65.21 are added only when the provider documents them.
 * The SIRS, organ-dysfunction and vasopressor reading is engine/sepsis-criteria.ts, shared with the clinical
 * validation of a documented sepsis.
 */
import type { CodeableConcept, DiagnosticReport, ServiceRequest } from 'fhir/r4';
import type { ObservationPoint } from '../../record/patient-record';
import { conceptText } from '../../record/describe';
import { fhirTimeMs, formatFhirDateTime, HOUR_MS } from '../../record/fhir-dates';
import { isRefutedOrEnteredInError } from '../../record/statuses';
import { BLOOD_CULTURE_LOINC } from '../../terminology/loinc';
import { SEPSIS, SEVERE_SEPSIS } from '../../terminology/diagnoses';
import { ANTIBIOTICS } from '../../terminology/medications';
import { SEPSIS_SNOMED } from '../../terminology/snomed';
import { SYSTEM } from '../../terminology/systems';
import { withStandardOptions } from '../engine/answer-options';
import { conceptMatches } from '../engine/run-rules';
import { capitalize, encounterOf, latestTime } from '../engine/evidence';
import { abnormalValueFacts, describeAbnormalValues } from '../engine/abnormal-values';
import { medicationFact, statedFact } from '../engine/facts';
import { medicationsInWindow, type MedicationEvent } from '../engine/medication-events';
import { organDysfunction, sirsEpisodes, sirsValues, SIRS_CRITERIA, vasopressorsInWindow } from '../engine/sepsis-criteria';
import type { AnswerOption, DiagnosisTarget, Fact, FactKind, Rule, RuleContext } from '../engine/types';

/** What documents sepsis: ICD-10-CM sepsis categories (I.C.1.d), severe sepsis and septic shock, and SNOMED CT sepsis concepts. */
export const SEPSIS_DIAGNOSIS: DiagnosisTarget = {
  icd10: [...SEPSIS.icd10, ...SEVERE_SEPSIS.icd10],
  snomed: [...SEPSIS.snomed, ...SEVERE_SEPSIS.snomed],
};

/** Documented infections that are common sources of sepsis (a diagnosis of infection is infection evidence). */
export const INFECTION_DIAGNOSIS: DiagnosisTarget = {
  icd10: [
    'J09', 'J10', 'J11', 'J12', 'J13', 'J14', 'J15', 'J16', 'J17', 'J18', 'J69.0', 'J85', 'J86', 'U07.1', // influenza, pneumonia, lung abscess, empyema, COVID-19
    'N39.0', 'N10', 'N30.0', 'T83.5', // urinary tract infection, acute pyelonephritis, acute cystitis, urinary device infection
    'L03', 'L02', 'M86', 'M00', // cellulitis, abscess, osteomyelitis, pyogenic arthritis
    'K65', 'K83.0', 'A04.7', // peritonitis, cholangitis, C. difficile enterocolitis
    'G00', 'G01', 'G02', 'I33.0', // bacterial meningitis, infective endocarditis
    'T81.4', 'T82.6', 'T82.7', // infection following a procedure, cardiac/vascular device infection
    'R78.81', 'A49', 'B95', 'B96', 'B97', // bacteremia, bacterial infection of unspecified site, infectious agents
  ],
  snomed: [
    SEPSIS_SNOMED.PNEUMONIA, SEPSIS_SNOMED.URINARY_TRACT_INFECTION, SEPSIS_SNOMED.E_COLI_URINARY_TRACT_INFECTION,
    SEPSIS_SNOMED.RECURRENT_URINARY_TRACT_INFECTION, SEPSIS_SNOMED.CYSTITIS, SEPSIS_SNOMED.PYELONEPHRITIS,
    SEPSIS_SNOMED.CELLULITIS, SEPSIS_SNOMED.COVID_19,
  ],
};

export const SEPSIS_THRESHOLDS = {
  ...SIRS_CRITERIA,
  /** mmol/L: a lactate above this is a systemic response on its own and an organ-dysfunction marker. */
  lactateAbove: 2,
  /** Infection evidence, organ-dysfunction results and vasopressors count within this many hours of the response. */
  linkHours: 72,
  /** mmHg */
  mapBelow: 70,
  /** ×10³/µL */
  plateletsBelow: 100,
  /** mg/dL */
  bilirubinAtLeast: 2,
  /** mg/dL */
  creatinineAtLeast: 2,
  gcsBelow: 15,
};

type Thresholds = typeof SEPSIS_THRESHOLDS;

/** Infection evidence that is not an observation: an order, a culture, a diagnosis; `text` is rendered from `fact`. */
interface Indicator {
  fact: Fact;
  text: string;
  timeMs?: number;
  encounter?: string;
}

/** DiagnosticReport and ServiceRequest statuses of a culture that was never resulted or ordered after all. */
const VOID_STATUSES = new Set(['entered-in-error', 'cancelled', 'revoked']);
/** Topical, ophthalmic, otic, vaginal and inhaled antibacterials do not treat a systemic infection. */
const NON_SYSTEMIC_FORM = /\b(topical|ophthalmic|otic|vaginal|cream|ointment|gel|lotion|shampoo|foam|swab|pledgets?|medicated pad|inhalation|inhalant|mouthwash|irrigation|drops?)\b/i;

/** An order or administration as infection or pressor evidence, with its time. */
function medicationIndicator(event: MedicationEvent): Indicator {
  const fact = medicationFact(event);
  return { fact, timeMs: event.timeMs, text: `${fact.label} ordered or given${fact.time ? ` on ${formatFhirDateTime(fact.time)}` : ''}` };
}

/** Whether a code carries one of the LOINC codes. */
function hasLoinc(concept: CodeableConcept | undefined, codes: readonly string[]): boolean {
  return (concept?.coding ?? []).some((c) => c.system === SYSTEM.LOINC && c.code !== undefined && codes.includes(c.code));
}

function inWindow(context: RuleContext, timeMs: number): boolean {
  return timeMs >= context.window.startMs && timeMs <= context.window.endMs;
}

/** Blood cultures resulted (Observation, DiagnosticReport) or ordered (ServiceRequest) in the window. */
function bloodCultures(context: RuleContext): Indicator[] {
  const codes = Object.values(BLOOD_CULTURE_LOINC);
  // A resulted culture is a result; an order is a procedure asked for.
  const culture = (kind: FactKind, reference: string, time: string | undefined, encounter: string | undefined): Indicator[] => {
    const timeMs = fhirTimeMs(time) ?? NaN;
    if (!time || Number.isNaN(timeMs) || !inWindow(context, timeMs)) return [];
    const fact = statedFact(kind, 'blood culture', reference, { time });
    return [{ fact, timeMs, encounter, text: `${fact.label} on ${formatFhirDateTime(time)}` }];
  };
  const void_ = (status: string | undefined) => VOID_STATUSES.has(status ?? '');
  return [
    ...context.observations(...codes).flatMap((p) => culture('result', p.reference, p.time, p.observation.encounter?.reference)),
    ...context.record.byType('DiagnosticReport').filter((r: DiagnosticReport) => !void_(r.status) && hasLoinc(r.code, codes))
      .flatMap((r) => culture('result', `DiagnosticReport/${r.id}`, r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued, r.encounter?.reference)),
    ...context.record.byType('ServiceRequest').filter((r: ServiceRequest) => !void_(r.status) && hasLoinc(r.code, codes))
      .flatMap((r) => culture('procedure', `ServiceRequest/${r.id}`, r.occurrenceDateTime ?? r.occurrencePeriod?.start ?? r.authoredOn, r.encounter?.reference)),
  ];
}

/** The readable name of a coded diagnosis: text, else a display, else the code. */
function displayOf(concept: CodeableConcept | undefined): string {
  return conceptText(concept) ?? 'an infection';
}

/** Infection diagnoses on Conditions and infection reasons on Encounters (linked later by time or encounter). */
function infectionDiagnoses(context: RuleContext): Indicator[] {
  const conditions = context.record.byType('Condition').filter((c) => !isRefutedOrEnteredInError(c) && conceptMatches(c.code, INFECTION_DIAGNOSIS))
    .map((c): Indicator => {
      const time = c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate;
      const timeMs = fhirTimeMs(time) ?? NaN;
      const fact = statedFact('diagnosis', displayOf(c.code), `Condition/${c.id}`, { time });
      return {
        fact, encounter: c.encounter?.reference, ...(Number.isNaN(timeMs) ? {} : { timeMs }),
        text: `${fact.label} documented${fact.time ? ` (onset ${formatFhirDateTime(fact.time)})` : ''}`,
      };
    });
  const encounters = context.record.byType('Encounter').flatMap((e): Indicator[] => {
    const reason = (e.reasonCode ?? []).find((r) => conceptMatches(r, INFECTION_DIAGNOSIS));
    const start = e.period?.start;
    const timeMs = fhirTimeMs(start) ?? NaN;
    if (!reason || !start || Number.isNaN(timeMs)) return [];
    // The reason as the encounter states it: a diagnosis, cited by the Encounter.
    const fact = statedFact('diagnosis', displayOf(reason), `Encounter/${e.id}`, { time: start });
    return [{ fact, encounter: `Encounter/${e.id}`, timeMs, text: `encounter reason ${fact.label} on ${formatFhirDateTime(start)}` }];
  });
  return [...conditions, ...encounters];
}

/** Whether an indicator lies within `linkMs` of one of the points, or names the same encounter. */
function linked(indicator: Indicator, points: readonly ObservationPoint[], linkMs: number): boolean {
  return points.some((p) =>
    (indicator.timeMs !== undefined && Math.abs(indicator.timeMs - p.timeMs) <= linkMs) ||
    (indicator.encounter !== undefined && indicator.encounter === p.observation.encounter?.reference));
}

const A41_9: AnswerOption = { text: 'Sepsis, unspecified organism', icd10: 'A41.9' };
const R65_20: AnswerOption = { text: 'Severe sepsis without septic shock', icd10: 'R65.20' };
const R65_21: AnswerOption = { text: 'Severe sepsis with septic shock', icd10: 'R65.21' };

export const sepsisIndicators: Rule<Thresholds> = {
  id: 'sepsis/indicators',
  title: 'Infection evidence and systemic response without a sepsis diagnosis',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'Infection evidence (antibiotic, blood culture or infection diagnosis) with two SIRS criteria within 24 hours (ACCP/SCCM 1992) or a lactate above 2 mmol/L, and Sepsis-3 organ dysfunction or shock indicators, are CDI query triggers for sepsis (A41.9, R65.2-) when no sepsis diagnosis is documented.',
  thresholds: SEPSIS_THRESHOLDS,
  evaluate(context, t) {
    if (context.isDocumented(SEPSIS_DIAGNOSIS)) return [];
    const linkMs = t.linkHours * HOUR_MS;
    const dysfunction = organDysfunction(context, t);
    const lactates = dysfunction.filter((v) => v.criterion === 'lactate');
    const responses = [...sirsEpisodes(sirsValues(context, t), t), ...lactates.map((v) => [v])];
    if (responses.length === 0) return [];

    const antibiotics = medicationsInWindow(context, ANTIBIOTICS).filter((m) => !NON_SYSTEMIC_FORM.test(m.name)).map(medicationIndicator);
    const infection = [...antibiotics, ...bloodCultures(context), ...infectionDiagnoses(context)];
    const kept = responses.filter((episode) => infection.some((i) => linked(i, episode.map((v) => v.point), linkMs)));
    if (kept.length === 0) return [];

    const response = [...new Set(kept.flat())];
    const responsePoints = response.map((v) => v.point);
    const near = (point: ObservationPoint) => responsePoints.some((p) => Math.abs(p.timeMs - point.timeMs) <= linkMs);
    const evidenceOfInfection = infection.filter((i) => linked(i, responsePoints, linkMs));
    const organ = dysfunction.filter((v) => !response.includes(v) && near(v.point));
    const vasopressors = vasopressorsInWindow(context).map(medicationIndicator).filter((m) => linked(m, responsePoints, linkMs));

    const values = [...response, ...organ].sort((a, b) => a.point.timeMs - b.point.timeMs);
    const hasDysfunction = values.some((v) => dysfunction.includes(v));
    const shock = vasopressors.length > 0 && values.some((v) => v.criterion === 'lactate');
    const points = values.map((v) => v.point);
    const texts = (items: readonly Indicator[]) => [...new Set(items.map((i) => i.text))].join('; ');
    const pressorText = vasopressors.length ? ` Vasopressor: ${texts(vasopressors)}.` : '';
    const facts = [...evidenceOfInfection.map((i) => i.fact), ...abnormalValueFacts(values), ...vasopressors.map((m) => m.fact)];
    return [{
      severity: hasDysfunction ? 'high' : undefined,
      facts,
      summary: `Infection evidence: ${texts(evidenceOfInfection)}. ${capitalize(describeAbnormalValues(values))}.${pressorText} No sepsis diagnosis is documented for ${context.window.label}.`,
      evidence: [...new Set([...evidenceOfInfection.map((i) => i.fact.reference), ...points.map((p) => p.reference), ...vasopressors.map((m) => m.fact.reference)])],
      suspectedCondition: 'A41.9',
      encounter: encounterOf(points),
      observedAt: latestTime(points),
      answerOptions: withStandardOptions([A41_9, ...(hasDysfunction ? [R65_20] : []), ...(shock ? [R65_21] : [])]),
    }];
  },
};
