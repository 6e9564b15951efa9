/**
 * Encounters that are administrative rather than clinical care: nothing in them is documented for a
 * CDI review (no diagnosis is treated, no query is due), so the review skips them by default.
 * - Encounter.type SNOMED CT 308646001 "Death certification" (the visit Synthea, and EHRs, record after a death).
 * - A reason in ICD-10-CM Z02 "Encounter for administrative examination" (certificates, licences, insurance).
 */
import type { Encounter } from 'fhir/r4';
import { SYSTEM } from './systems';
import { icd10CmCodes } from './icd10cm-codings';
import { undottedIcd10 } from './icd10cm/icd10cm-table';

/** SNOMED CT encounter types that are administrative. */
export const ADMINISTRATIVE_ENCOUNTER_TYPES: ReadonlyMap<string, string> = new Map([
  ['308646001', 'Death certification'],
]);

/** ICD-10-CM categories of an administrative reason for the encounter. */
export const ADMINISTRATIVE_REASON_CATEGORIES: ReadonlyMap<string, string> = new Map([
  ['Z02', 'Encounter for administrative examination'],
]);

/** Whether an encounter is administrative (see the file header): by its type, or by a reason in Z02. */
export function isAdministrativeEncounter(encounter: Encounter): boolean {
  const byType = (encounter.type ?? []).some((type) => (type.coding ?? [])
    .some((c) => c.system === SYSTEM.SNOMED && c.code !== undefined && ADMINISTRATIVE_ENCOUNTER_TYPES.has(c.code)));
  const byReason = (encounter.reasonCode ?? []).some((reason) => icd10CmCodes(reason)
    .some((code) => ADMINISTRATIVE_REASON_CATEGORIES.has(undottedIcd10(code).slice(0, 3))));
  return byType || byReason;
}

/** Encounter.class (HL7 v3 ActCode, http://terminology.hl7.org/CodeSystem/v3-ActCode) as people say it. */
export const ENCOUNTER_CLASS_LABELS: ReadonlyMap<string, string> = new Map([
  ['IMP', 'Inpatient stay'],
  ['ACUTE', 'Inpatient stay (acute)'],
  ['NONAC', 'Inpatient stay (non-acute)'],
  ['OBSENC', 'Observation stay'],
  ['SS', 'Short stay'],
  ['EMER', 'Emergency visit'],
  ['AMB', 'Outpatient visit'],
  ['HH', 'Home health visit'],
  ['VR', 'Virtual visit'],
  ['FLD', 'Field visit'],
  ['PRENC', 'Pre-admission visit'],
]);

/** Encounter.status (R4; STU3 spelled `in-progress` the same) as people say it. */
export const ENCOUNTER_STATUS_LABELS: ReadonlyMap<string, string> = new Map([
  ['planned', 'planned'],
  ['arrived', 'arrived'],
  ['triaged', 'triaged'],
  ['in-progress', 'in progress'],
  ['onleave', 'on leave'],
  ['finished', 'finished'],
  ['cancelled', 'cancelled'],
  ['entered-in-error', 'entered in error'],
  ['unknown', 'status unknown'],
]);
