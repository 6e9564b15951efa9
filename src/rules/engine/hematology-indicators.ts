/**
 * Hematology indicators as the rule families read them (the documentation-gap triggers in rules/gaps and the
 * clinical-validation checks in rules/validation): the WHO anemia cut-off for the patient, a hemoglobin fall,
 * red-cell and platelet transfusions, and the platelet reference limit.
 *
 * Anemia — WHO, Haemoglobin concentrations for the diagnosis of anaemia and assessment of severity
 * (WHO/NMH/NHD/MNM/11.1, 2011): hemoglobin below 13 g/dL in men ≥15 years, 12 g/dL in non-pregnant women
 * ≥15 years, 11 g/dL in pregnancy, 12 g/dL at 12–14 years, 11.5 g/dL at 5–11 years, 11 g/dL at 6–59 months.
 * Sex not recorded: 12 g/dL (the lower adult limit). Under one year: no cut-off (WHO gives none below 6
 * months and the engine knows age in whole years only).
 *
 * Hemoglobin fall — at least 2 g/dL (the ISTH major-bleeding criterion: Schulman & Kearon, J Thromb Haemost
 * 2005;3:692) between two results at most 72 hours apart.
 *
 * Platelets — below 150 ×10³/µL, the lower limit of the adult reference interval (150 itself is normal).
 */
import type { Procedure } from 'fhir/r4';
import type { ObservationPoint } from '../../record/patient-record';
import { formatQuantity } from '../../record/describe';
import { fhirTimeMs, HOUR_MS } from '../../record/fhir-dates';
import { wasPerformed } from '../../record/statuses';
import { LOINC } from '../../terminology/loinc';
import { HEMATOLOGY_SNOMED } from '../../terminology/snomed';
import { SYSTEM } from '../../terminology/systems';
import { medicationFact, statedFact } from './facts';
import { medicationEvents } from './medication-events';
import { isPregnantDuringReview } from './pregnancy';
import type { Fact, FactRange, RuleContext } from './types';

/** WHO 2011 hemoglobin cut-offs, g/dL: anemia is a value below the limit. */
export const WHO_HEMOGLOBIN_LIMITS = {
  menBelow: 13,
  womenBelow: 12,
  /** Administrative gender missing, "other" or "unknown": the lower adult limit. */
  sexNotRecordedBelow: 12,
  pregnancyBelow: 11,
  age12to14Below: 12,
  age5to11Below: 11.5,
  age1to4Below: 11,
};

/** A fall in hemoglobin that counts (ISTH major bleeding). */
export const HEMOGLOBIN_FALL = {
  /** g/dL: a fall at least this large counts (ISTH major bleeding: 2 g/dL). */
  fallAtLeast: 2,
  /** The two results of a fall are at most this many hours apart. */
  fallWithinHours: 72,
};

/** ×10³/µL: below this a platelet count is low (the limit itself is normal). */
export const PLATELETS_LOWER_LIMIT = 150;

export interface HemoglobinLimit {
  /** g/dL: anemia below this. */
  below: number;
  /** The WHO group the limit is for, for summaries. */
  group: string;
}

/** The WHO 2011 cut-off for the patient's age group, sex and pregnancy; none under one year. */
export function hemoglobinLimit(context: RuleContext, t: typeof WHO_HEMOGLOBIN_LIMITS): HemoglobinLimit | undefined {
  const age = context.ageYears;
  if (age !== undefined && age < 1) return undefined;
  if (age !== undefined && age < 5) return { below: t.age1to4Below, group: 'children 1–4 years' };
  if (age !== undefined && age < 12) return { below: t.age5to11Below, group: 'children 5–11 years' };
  if (age !== undefined && age < 15) return { below: t.age12to14Below, group: 'children 12–14 years' };
  if (context.gender === 'male') return { below: t.menBelow, group: 'men' };
  if (isPregnantDuringReview(context)) return { below: t.pregnancyBelow, group: 'pregnancy' };
  if (context.gender === 'female') return { below: t.womenBelow, group: 'non-pregnant women' };
  return { below: t.sexNotRecordedBelow, group: 'adults, sex not recorded' };
}

/** The hemoglobin results with a value in the review window, oldest first. */
export const hemoglobinOf = (context: RuleContext) => context.observations(LOINC.HEMOGLOBIN).filter((p) => p.value !== undefined);

/** The WHO cut-off as a fact's reference range: values below it are low. */
export const cutOffRange = (limit: HemoglobinLimit): FactRange => ({ low: limit.below, unit: 'g/dL' });
/** `WHO anemia cut-off 12 g/dL for non-pregnant women`, from the range the facts carry. */
export const describeCutOff = (range: FactRange, limit: HemoglobinLimit) => `WHO anemia cut-off ${formatQuantity(range.low!, range.unit)} for ${limit.group}`;

export interface TransfusionKind {
  snomed: readonly string[];
  /** The blood product, in a procedure's or an administration's text. */
  product: RegExp;
  /** Texts that name the product but are not a transfusion of it. */
  notProduct?: RegExp;
}

export const RED_CELL_TRANSFUSION: TransfusionKind = {
  snomed: [HEMATOLOGY_SNOMED.TRANSFUSION_OF_RED_BLOOD_CELLS, HEMATOLOGY_SNOMED.TRANSFUSION_OF_PACKED_RED_CELLS,
    HEMATOLOGY_SNOMED.TRANSFUSION_OF_WHOLE_BLOOD],
  product: /\b(?:packed (?:red )?(?:blood )?cells?|p?RBCs?|red (?:blood )?cells?|erythrocytes?|whole blood)\b/i,
};

export const PLATELET_TRANSFUSION: TransfusionKind = {
  snomed: [HEMATOLOGY_SNOMED.PLATELET_TRANSFUSION, HEMATOLOGY_SNOMED.IV_TRANSFUSION_OF_PLATELETS],
  product: /\bplatelets?\b/i,
  notProduct: /rich plasma/i,
};

const TRANSFUSION = /\btransfus/i;

export interface Transfusion {
  /** The procedure (or the administration of the blood product) at its time. */
  fact: Fact;
  time: string;
  timeMs: number;
}

function procedureTime(procedure: Procedure): string | undefined {
  return procedure.performedDateTime ?? procedure.performedPeriod?.start ?? procedure.performedPeriod?.end;
}

/**
 * Transfusions of a blood product in the review window: Procedures coded with a transfusion SNOMED CT code
 * or whose text names a transfusion of the product (a procedure merely naming the product, e.g. "Hemoglobin /
 * Hematocrit / Platelet count", is not one), and MedicationAdministrations of the product (blood products
 * charted as administrations).
 */
export function transfusionsInWindow(context: RuleContext, kind: TransfusionKind): Transfusion[] {
  const { startMs, endMs } = context.window;
  const inWindow = (ms: number) => ms >= startMs && ms <= endMs;
  const namesProduct = (text: string | undefined) => text !== undefined && kind.product.test(text) && !kind.notProduct?.test(text);
  const found: Transfusion[] = [];
  for (const procedure of context.record.byType('Procedure')) {
    const time = procedureTime(procedure);
    const timeMs = fhirTimeMs(time) ?? NaN;
    if (!wasPerformed(procedure) || Number.isNaN(timeMs) || !inWindow(timeMs)) continue;
    const codings = procedure.code?.coding ?? [];
    const texts = [procedure.code?.text, ...codings.map((c) => c.display)];
    const coded = codings.some((c) => c.system === SYSTEM.SNOMED && c.code !== undefined && kind.snomed.includes(c.code));
    if (coded || texts.some((text) => namesProduct(text) && TRANSFUSION.test(text!))) {
      const name = texts.find((text) => text !== undefined) ?? 'transfusion';
      found.push({ fact: statedFact('procedure', name, `Procedure/${procedure.id}`, { time }), time: time!, timeMs });
    }
  }
  for (const event of medicationEvents(context)) {
    if (event.resource.resourceType !== 'MedicationAdministration' || event.timeMs === undefined || !inWindow(event.timeMs)) continue;
    if ([event.concept?.text, ...(event.concept?.coding ?? []).map((c) => c.display)].some(namesProduct)) {
      found.push({ fact: medicationFact(event), time: event.time!, timeMs: event.timeMs });
    }
  }
  return found.sort((a, b) => a.timeMs - b.timeMs);
}

export interface HemoglobinFall {
  from: ObservationPoint;
  to: ObservationPoint;
  fall: number;
}

/** The largest fall between two results at most `fallWithinHours` apart, ending below the limit (latest on ties). */
export function largestFall(points: readonly ObservationPoint[], t: typeof HEMOGLOBIN_FALL, limit: number): HemoglobinFall | undefined {
  let largest: HemoglobinFall | undefined;
  points.forEach((to, j) => {
    if (to.value! >= limit) return;
    for (const from of points.slice(0, j)) {
      const interval = to.timeMs - from.timeMs;
      // Results drawn at the same time are one specimen: no fall can be measured between them.
      if (interval <= 0 || interval > t.fallWithinHours * HOUR_MS) continue;
      // Rounded so that unit conversion (g/L × 0.1) cannot turn an exact 2 g/dL into 1.9999.
      const fall = Math.round((from.value! - to.value!) * 1000) / 1000;
      if (fall >= t.fallAtLeast && (!largest || fall >= largest.fall)) largest = { from, to, fall };
    }
  });
  return largest;
}
