/**
 * Hematology query triggers: anemia, acute blood loss anemia, thrombocytopenia.
 *
 * Anemia — WHO, Haemoglobin concentrations for the diagnosis of anaemia and assessment of severity
 * (WHO/NMH/NHD/MNM/11.1, 2011): hemoglobin below 13 g/dL in men ≥15 years, 12 g/dL in non-pregnant women
 * ≥15 years, 11 g/dL in pregnancy, 12 g/dL at 12–14 years, 11.5 g/dL at 5–11 years, 11 g/dL at 6–59 months;
 * severe anemia below 8 g/dL. Sex not recorded: 12 g/dL (the lower adult limit). Under one year: no trigger
 * (WHO gives no cut-off below 6 months and the engine knows age in whole years only). Pregnancy is taken
 * from a documented pregnancy (ICD-10-CM Chapter 15 "O" codes, used only for pregnancy, childbirth and the
 * puerperium — Official Guidelines I.C.15.a — Z33.1, Z34; SNOMED CT pregnancy findings).
 * Fires on two results below the limit in the review window. Answer options: D64.9, plus D63.1 when chronic
 * kidney disease is documented (D63.1 "code first underlying CKD (N18.-)"), D63.0 when a malignant neoplasm
 * is documented (D63.0 "code first neoplasm"), D50.9 when an iron product is ordered or given.
 *
 * Acute blood loss anemia — a fall in hemoglobin of at least 2 g/dL (the ISTH major-bleeding criterion:
 * Schulman & Kearon, J Thromb Haemost 2005;3:692) between two results at most 72 hours apart, ending below
 * the WHO limit; or a red-cell transfusion with a hemoglobin below the WHO limit (two independent
 * indicators, shared/DOMAIN.md §2: a transfusion alone may treat a chronic anemia). D62 Acute
 * posthemorrhagic anemia (Excludes1: chronic blood loss anemia D50.0).
 *
 * Thrombocytopenia — platelets below 150 ×10³/µL (lower limit of the adult reference interval) on two
 * results, or on one with a platelet transfusion; high severity below 50 ×10³/µL (CTCAE v5.0 grade 3,
 * "platelet count decreased" <50,000/mm³). D69.6 Thrombocytopenia, unspecified; D69.59 Other secondary
 * thrombocytopenia; D75.829 Heparin-induced thrombocytopenia, unspecified, only when heparin was ordered or
 * given before a low count.
 */
import type { ObservationPoint } from '../../record/patient-record';
import { LOINC } from '../../terminology/loinc';
import { HEMATOLOGY_SNOMED, SNOMED } from '../../terminology/snomed';
import { HEPARINS, IRON_PRODUCTS } from '../../terminology/medications';
import { withStandardOptions } from '../engine/answer-options';
import { capitalize, encounterOf, latestTime, referencesOf, drawCount } from '../engine/evidence';
import { describeFact, describeFacts, documentingConditionFacts, medicationFact, resultFact } from '../engine/facts';
import {
  cutOffRange, describeCutOff, HEMOGLOBIN_FALL, hemoglobinLimit, hemoglobinOf, largestFall, PLATELET_TRANSFUSION, PLATELETS_LOWER_LIMIT,
  RED_CELL_TRANSFUSION, transfusionsInWindow, WHO_HEMOGLOBIN_LIMITS, type Transfusion,
} from '../engine/hematology-indicators';
import { medicationsInWindow, type MedicationEvent } from '../engine/medication-events';
import type { AnswerOption, DiagnosisTarget, Fact, FactRange, Rule, RuleContext } from '../engine/types';
import { formatQuantity } from '../../record/describe';
import { fhirTimeMs, HOUR_MS } from '../../record/fhir-dates';

export const ANEMIA_THRESHOLDS = {
  ...WHO_HEMOGLOBIN_LIMITS,
  /** Results below the limit (separate draws) needed in the review window. */
  lowResults: 2,
  /** g/dL: WHO severe anemia; a value this low makes the finding high severity. */
  severeBelow: 8,
};

export const ACUTE_BLOOD_LOSS_ANEMIA_THRESHOLDS = {
  ...WHO_HEMOGLOBIN_LIMITS,
  /** g/dL: a fall at least this large counts (ISTH major bleeding: 2 g/dL); at most `fallWithinHours` apart. */
  ...HEMOGLOBIN_FALL,
};

export const THROMBOCYTOPENIA_THRESHOLDS = {
  /** ×10³/µL: below this a platelet count is low (150 itself is normal). */
  plateletsBelow: PLATELETS_LOWER_LIMIT,
  /** Low results (separate draws) needed without a platelet transfusion. */
  lowResultsWithoutTransfusion: 2,
  /** ×10³/µL: a count this low makes the finding high severity. */
  severeBelow: 50,
};

const ANEMIA: DiagnosisTarget = {
  // D50–D64 (there is no D54), refractory anemias in MDS, anemia in pregnancy and the puerperium, perinatal anemias.
  icd10: ['D50', 'D51', 'D52', 'D53', 'D55', 'D56', 'D57', 'D58', 'D59', 'D60', 'D61', 'D62', 'D63', 'D64',
    'D46.0', 'D46.1', 'D46.2', 'D46.4', 'O99.0', 'O90.81', 'P61.2', 'P61.3', 'P61.4'],
  snomed: [SNOMED.ANEMIA, HEMATOLOGY_SNOMED.IRON_DEFICIENCY_ANEMIA, HEMATOLOGY_SNOMED.APLASTIC_ANEMIA],
};

// No SNOMED CT code for acute posthemorrhagic anemia could be verified; D62 alone documents it.
const ACUTE_POSTHEMORRHAGIC_ANEMIA: DiagnosisTarget = { icd10: ['D62'], snomed: [] };

const THROMBOCYTOPENIA: DiagnosisTarget = {
  // D69.3–D69.6; HIT; pancytopenia and TTP (D69 Excludes1 M31.1) and HELLP include the low platelets; neonatal.
  icd10: ['D69.3', 'D69.4', 'D69.5', 'D69.6', 'D75.82', 'D61.81', 'M31.1', 'O14.2', 'P61.0'],
  snomed: [HEMATOLOGY_SNOMED.THROMBOCYTOPENIC_DISORDER, HEMATOLOGY_SNOMED.ACQUIRED_THROMBOCYTOPENIA,
    HEMATOLOGY_SNOMED.HEPARIN_INDUCED_THROMBOCYTOPENIA, HEMATOLOGY_SNOMED.IMMUNE_THROMBOCYTOPENIC_PURPURA,
    HEMATOLOGY_SNOMED.PLATELET_COUNT_BELOW_RANGE],
};

const CHRONIC_KIDNEY_DISEASE: DiagnosisTarget = {
  icd10: ['N18'],
  snomed: [SNOMED.CHRONIC_KIDNEY_DISEASE, SNOMED.CKD_STAGE_1, HEMATOLOGY_SNOMED.CKD_STAGE_2, HEMATOLOGY_SNOMED.CKD_STAGE_3,
    HEMATOLOGY_SNOMED.CKD_STAGE_4, HEMATOLOGY_SNOMED.CKD_STAGE_5, HEMATOLOGY_SNOMED.CKD_STAGE_5_ON_DIALYSIS,
    HEMATOLOGY_SNOMED.END_STAGE_RENAL_DISEASE],
};

// C00–C96 (with C4A, C7A, C7B) are the malignant neoplasms.
const MALIGNANT_NEOPLASM: DiagnosisTarget = { icd10: ['C'], snomed: [HEMATOLOGY_SNOMED.MALIGNANT_NEOPLASTIC_DISEASE] };


export const anemia: Rule<typeof ANEMIA_THRESHOLDS> = {
  id: 'hematology/anemia',
  title: 'Low hemoglobin without an anemia diagnosis',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'Hemoglobin below the WHO anemia cut-off for the patient\'s sex, age and pregnancy (WHO 2011: 13 g/dL men, 12 g/dL non-pregnant women) on two results is a query trigger for anemia (D50–D64) when no diagnosis documents it.',
  thresholds: ANEMIA_THRESHOLDS,
  evaluate(context, t) {
    if (context.isDocumented(ANEMIA)) return [];
    const limit = hemoglobinLimit(context, t);
    if (!limit) return [];
    const low = hemoglobinOf(context).filter((p) => p.value! < limit.below);
    if (drawCount(low) < t.lowResults) return [];

    const range = cutOffRange(limit);
    const results = low.map((p) => resultFact('hemoglobin', p, range));
    const sentences = [`${capitalize(describeFacts(results))} (${describeCutOff(range, limit)}).`];
    const facts: Fact[] = [...results];
    const evidence = referencesOf(low);
    const options: AnswerOption[] = [];
    if (context.isCoded(CHRONIC_KIDNEY_DISEASE)) {
      const ckd = documentingConditionFacts(context.documentedDiagnoses(CHRONIC_KIDNEY_DISEASE), 'chronic kidney disease');
      sentences.push('Chronic kidney disease is documented.');
      facts.push(...ckd);
      evidence.push(...ckd.map((f) => f.reference));
      options.push({ text: 'Anemia in chronic kidney disease', icd10: 'D63.1' });
    }
    if (context.isCoded(MALIGNANT_NEOPLASM)) {
      const neoplasm = documentingConditionFacts(context.documentedDiagnoses(MALIGNANT_NEOPLASM), 'malignant neoplasm');
      sentences.push('A malignant neoplasm is documented.');
      facts.push(...neoplasm);
      evidence.push(...neoplasm.map((f) => f.reference));
      options.push({ text: 'Anemia in neoplastic disease', icd10: 'D63.0' });
    }
    // A standing iron order is a current treatment even when written before the window.
    const iron = medicationsInWindow(context, IRON_PRODUCTS, { includeActiveOrders: true }).map(medicationFact);
    if (iron.length) {
      sentences.push(`${iron.map((m) => m.label).join(', ')} ordered or given.`);
      facts.push(...iron);
      evidence.push(...iron.map((m) => m.reference));
      options.push({ text: 'Iron deficiency anemia, unspecified', icd10: 'D50.9' });
    }
    options.push({ text: 'Anemia, unspecified', icd10: 'D64.9' });

    return [{
      severity: Math.min(...low.map((p) => p.value!)) < t.severeBelow ? 'high' : undefined,
      facts,
      summary: [...sentences, `No anemia diagnosis is documented for ${context.window.label}.`].join(' '),
      evidence: [...new Set(evidence)],
      suspectedCondition: 'D64.9',
      encounter: encounterOf(low),
      observedAt: latestTime(low),
      answerOptions: withStandardOptions(options),
    }];
  },
};

const gdl = (value: number) => `${Math.round(value * 100) / 100} g/dL`;

/** `Transfusion of red blood cells (procedure) on 2021-03-02 10:00` */
const describeTransfusions = (transfusions: readonly Transfusion[]) => describeFacts(transfusions.map((x) => x.fact));

export const acuteBloodLossAnemia: Rule<typeof ACUTE_BLOOD_LOSS_ANEMIA_THRESHOLDS> = {
  id: 'hematology/acute-blood-loss-anemia',
  title: 'Hemoglobin fall or red-cell transfusion without an acute blood loss anemia diagnosis',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'A hemoglobin fall of 2 g/dL or more within 72 hours (ISTH major-bleeding criterion) or a red-cell transfusion, with hemoglobin below the WHO anemia cut-off, is a query trigger for acute posthemorrhagic anemia (D62) when no diagnosis documents it.',
  thresholds: ACUTE_BLOOD_LOSS_ANEMIA_THRESHOLDS,
  evaluate(context, t) {
    if (context.isDocumented(ACUTE_POSTHEMORRHAGIC_ANEMIA)) return [];
    const limit = hemoglobinLimit(context, t);
    if (!limit) return [];
    const hemoglobin = hemoglobinOf(context);
    const fall = largestFall(hemoglobin, t, limit.below);
    const low = hemoglobin.filter((p) => p.value! < limit.below);
    const transfusions = low.length ? transfusionsInWindow(context, RED_CELL_TRANSFUSION) : [];
    if (!fall && transfusions.length === 0) return [];

    const range = cutOffRange(limit);
    const sentences: string[] = [];
    const facts: Fact[] = [];
    const points: ObservationPoint[] = [];
    if (fall) {
      const hours = Math.ceil((fall.to.timeMs - fall.from.timeMs) / HOUR_MS);
      // The earlier value is where the fall starts; the later one is judged against the cut-off.
      const values = [resultFact('hemoglobin', fall.from), resultFact('hemoglobin', fall.to, range)];
      sentences.push(`${capitalize(describeFacts(values))} (a fall of ${gdl(fall.fall)} within ${hours} hour${hours === 1 ? '' : 's'}; ${describeCutOff(range, limit)}).`);
      facts.push(...values);
      points.push(fall.from, fall.to);
    }
    if (transfusions.length) {
      const lowest = low.reduce((a, b) => (b.value! < a.value! ? b : a));
      sentences.push(`Red-cell transfusion: ${describeTransfusions(transfusions)}.`);
      facts.push(...transfusions.map((x) => x.fact));
      if (!fall) {
        const lowestFact = resultFact('lowest hemoglobin', lowest, range);
        sentences.push(`${capitalize(describeFact(lowestFact))} (${describeCutOff(range, limit)}).`);
        facts.push(lowestFact);
      }
      if (!points.includes(lowest)) points.push(lowest);
    }
    const latest = [latestTime(points), ...transfusions.map((x) => x.time)]
      .filter((time): time is string => time !== undefined)
      .reduce((a, b) => ((fhirTimeMs(b) ?? NaN) > (fhirTimeMs(a) ?? NaN) ? b : a));
    return [{
      facts,
      summary: [...sentences, `No acute blood loss anemia diagnosis is documented for ${context.window.label}.`].join(' '),
      evidence: [...new Set([...referencesOf(points), ...transfusions.map((x) => x.fact.reference)])],
      suspectedCondition: 'D62',
      encounter: encounterOf(points),
      observedAt: latest,
      answerOptions: withStandardOptions([{ text: 'Acute posthemorrhagic anemia', icd10: 'D62' }]),
    }];
  },
};

/** Heparin orders or administrations in the window dated at or before the time. */
function heparinBefore(context: RuleContext, timeMs: number): MedicationEvent[] {
  return medicationsInWindow(context, HEPARINS).filter((m) => m.timeMs !== undefined && m.timeMs <= timeMs);
}

export const thrombocytopenia: Rule<typeof THROMBOCYTOPENIA_THRESHOLDS> = {
  id: 'hematology/thrombocytopenia',
  title: 'Low platelets without a thrombocytopenia diagnosis',
  category: 'documentation-gap',
  severity: 'medium',
  rationale: 'Platelets below 150 ×10³/µL (the lower reference limit) on two results, or on one with a platelet transfusion, is a common CDI query trigger for thrombocytopenia (D69.6) when no diagnosis documents it.',
  thresholds: THROMBOCYTOPENIA_THRESHOLDS,
  evaluate(context, t) {
    if (context.isDocumented(THROMBOCYTOPENIA)) return [];
    const low = context.observations(LOINC.PLATELETS).filter((p) => p.value !== undefined && p.value < t.plateletsBelow);
    if (low.length === 0) return [];
    const transfusions = transfusionsInWindow(context, PLATELET_TRANSFUSION);
    if (drawCount(low) < t.lowResultsWithoutTransfusion && transfusions.length === 0) return [];

    const latestLow = low[low.length - 1]!;
    const heparin = heparinBefore(context, latestLow.timeMs).map(medicationFact);
    const range: FactRange = { low: t.plateletsBelow, unit: '10*3/uL' };
    const results = low.map((p) => resultFact('platelets', p, range));
    const sentences = [`${capitalize(describeFacts(results))} (reference limit ${formatQuantity(range.low!, range.unit)}).`];
    if (transfusions.length) sentences.push(`Platelet transfusion: ${describeTransfusions(transfusions)}.`);
    if (heparin.length) sentences.push(`${heparin.map((m) => m.label).join(', ')} ordered or given.`);
    const options: AnswerOption[] = [
      { text: 'Thrombocytopenia, unspecified', icd10: 'D69.6' },
      { text: 'Other secondary thrombocytopenia', icd10: 'D69.59' },
      ...(heparin.length ? [{ text: 'Heparin-induced thrombocytopenia, unspecified', icd10: 'D75.829' }] : []),
    ];
    const latest = [latestLow.time, ...transfusions.map((x) => x.time)].reduce((a, b) => ((fhirTimeMs(b) ?? NaN) > (fhirTimeMs(a) ?? NaN) ? b : a));
    return [{
      severity: Math.min(...low.map((p) => p.value!)) < t.severeBelow ? 'high' : undefined,
      facts: [...results, ...transfusions.map((x) => x.fact), ...heparin],
      summary: [...sentences, `No thrombocytopenia diagnosis is documented for ${context.window.label}.`].join(' '),
      evidence: [...referencesOf(low), ...transfusions.map((x) => x.fact.reference), ...heparin.map((m) => m.reference)],
      suspectedCondition: 'D69.6',
      encounter: encounterOf(low),
      observedAt: latest,
      answerOptions: withStandardOptions(options),
    }];
  },
};
