/**
 * The record's ICD-10-CM codes as the coding checks read them: one entry per code and resource at fault
 * (a claim line or encounter diagnosis belongs to the Condition it cites), with every resource repeating
 * it, where it is reported together with other codes, and the code set of its date of service.
 *
 * Date of service, the one place the table-based checks (invalid-code, non-billable-code, unspecified-code,
 * excludes1-conflict, redundant-codes, missing-combination-code) learn which code set applies:
 * - ICD-10-CM replaced ICD-9-CM for dates of service from 2015-10-01 (HHS final rule, 45 CFR
 *   162.1002(c)(3)); a code stated only for earlier services is not ICD-10-CM-checked at all.
 * - Each fiscal year's code set runs from 1 October to 30 September (FY2026 = 2025-10-01..2026-09-30). The
 *   table Clarify ships is FY2026 and knows, of earlier years, only the FY2026 changes (deletions with their
 *   FY2025 titles, codes subdivided into headers): codeSetEra says what it can judge for a date.
 * - The date of service of a diagnosis: the Claim/EOB billablePeriod.start (else created); the Encounter's
 *   period start for an Encounter.diagnosis; for a Condition, its encounter's period start, else
 *   recordedDate, else onset. A date is its calendar day as written (the recorded wall clock, never the
 *   machine's zone); a partial date (`2015`, `2015-09`) counts as its first day, so a check only fires on
 *   what holds for every day it may mean. A code stated by several resources takes the latest date; an
 *   unknown date is judged by FY2026, as if the service were today.
 */
import type { Claim, Condition, Encounter, ExplanationOfBenefit, Reference, Resource } from 'fhir/r4';
import type { PatientRecord } from '../../record/patient-record';
import { calendarDay } from '../../record/fhir-dates';
import { referenceTo } from '../../record/references';
import { dottedIcd10, undottedIcd10 } from '../../terminology/icd10cm/icd10cm-table';
import { icd10CmCodes, icd10CmCodings } from '../../terminology/icd10cm-codings';
import { statedFact } from './facts';
import type { DocumentedDiagnosis, Fact, RuleContext } from './types';

/** One ICD-10-CM code as the record states it: the resource at fault and every resource that repeats it. */
export interface CodedDiagnosis {
  /** Undotted, upper case: `E119`. */
  code: string;
  /** Dotted: `E11.9`. */
  dotted: string;
  /** The Condition stating the code; a Claim, ExplanationOfBenefit or Encounter when no Condition does. */
  target: Resource;
  /** `Type/id` of the target. */
  reference: string;
  /** The target first, then each claim or encounter that repeats the code. */
  evidence: string[];
  /**
   * Where the code is reported together with others ("one encounter"): `Encounter/id` for the Conditions
   * and Encounter.diagnosis of an encounter and for a claim billing that one encounter, else `Claim/id`.
   */
  scopes: string[];
  /** `Encounter/id` the diagnosis belongs to, when known. */
  encounter?: string;
  /** Latest time the record states it (ISO). */
  time?: string;
  /**
   * When the diagnosis was made, the date the patient's age is taken on: the target Condition's
   * recordedDate (else onset), a claim's created date, else the time of the first resource stating it.
   */
  diagnosedAt?: string;
  /** What the record writes beside the code (the first coding's display, else the concept's text), if anything. */
  label?: string;
  /** Latest date of service (YYYY-MM-DD) of the resources stating it; undefined when one of them has none. */
  serviceDate?: string;
  /** What the FY2026 table can judge for that date (`icd-9-cm` only with `anyDateOfService`). */
  era: CodeSetEra;
}

export interface CodedDiagnosisOptions {
  /**
   * Also the codes stated only for dates of service before 2015-10-01 (ICD-9-CM then), for checks that do
   * not depend on the code set of the date: a sex or age edit holds whatever the fiscal year, and EHRs code
   * older Conditions in ICD-10-CM after the fact.
   */
  anyDateOfService?: boolean;
}

/** ICD-10-CM is the code set for dates of service from this day (45 CFR 162.1002(c)(3)). */
export const ICD10CM_EFFECTIVE_DATE = '2015-10-01';
/** The first day of FY2026, the code set of the table Clarify ships (FY2026 = 2025-10-01..2026-09-30). */
export const FY2026_START_DATE = '2025-10-01';

/**
 * What the FY2026 table can say about a code on a date of service:
 * - `icd-9-cm`: before 2015-10-01, ICD-9-CM was the code set: no ICD-10-CM check applies;
 * - `earlier-fy`: FY2016–FY2025: ICD-10-CM of an earlier year, of which the table knows only what FY2026
 *   changed: a code deleted in FY2026 was valid, a code subdivided in FY2026 was billable (in FY2025), and a
 *   code FY2026 lacks for another reason cannot be verified;
 * - `fy2026`: from 2025-10-01, or an unknown date (judged as today): the FY2026 table is the code set (later
 *   fiscal years are judged by it too, the newest table shipped).
 */
export type CodeSetEra = 'icd-9-cm' | 'earlier-fy' | 'fy2026';

/** The era of a date of service (YYYY-MM-DD); an unknown date is judged by FY2026. */
export function codeSetEra(serviceDate: string | undefined): CodeSetEra {
  if (serviceDate === undefined) return 'fy2026';
  if (serviceDate < ICD10CM_EFFECTIVE_DATE) return 'icd-9-cm';
  return serviceDate < FY2026_START_DATE ? 'earlier-fy' : 'fy2026';
}

/**
 * The date of service of a diagnosis as one resource states it (YYYY-MM-DD): the end of the Claim/EOB
 * billablePeriod (else its start, else created); the end of an Encounter's period (else its start); the
 * same for a Condition's encounter, else its recordedDate, else its onset. The end, because the code set of
 * an inpatient claim is the one in effect on the date of discharge (CMS MLN Matters SE1325, ICD-10
 * transition; the same rule each October 1); for a one-day service start and end are the same day.
 * Undefined when the resource gives none.
 */
export function dateOfService(record: PatientRecord, resource: Resource): string | undefined {
  if (resource.resourceType === 'Claim' || resource.resourceType === 'ExplanationOfBenefit') {
    const claim = resource as Claim | ExplanationOfBenefit;
    return calendarDay(claim.billablePeriod?.end) ?? calendarDay(claim.billablePeriod?.start) ?? calendarDay(claim.created);
  }
  const stayDay = (encounter: Encounter) => calendarDay(encounter.period?.end) ?? calendarDay(encounter.period?.start);
  if (resource.resourceType === 'Encounter') return stayDay(resource as Encounter);
  if (resource.resourceType !== 'Condition') return undefined;
  const condition = resource as Condition;
  const encounter = record.resolve(condition.encounter, condition);
  const encounterDay = encounter?.resourceType === 'Encounter' ? stayDay(encounter as Encounter) : undefined;
  return encounterDay ?? calendarDay(condition.recordedDate) ?? calendarDay(condition.onsetDateTime) ?? calendarDay(condition.onsetPeriod?.start);
}

/** `Type/id` of the referenced resource when it is in the record, else the reference as written. */
function canonical(record: PatientRecord, reference: Reference | string | undefined, container?: Resource): string | undefined {
  const resolved = record.resolve(reference, container);
  if (resolved?.id) return referenceTo(resolved);
  return typeof reference === 'string' ? reference : reference?.reference;
}

/** The Conditions a resource cites for its diagnoses (Encounter.diagnosis.condition, Claim.diagnosis.diagnosisReference). */
function citedConditions(record: PatientRecord, resource: Resource): Condition[] {
  const references: Array<Reference | undefined> = resource.resourceType === 'Encounter'
    ? ((resource as Encounter).diagnosis ?? []).map((d) => d.condition)
    : ((resource as { diagnosis?: Array<{ diagnosisReference?: Reference }> }).diagnosis ?? []).map((d) => d.diagnosisReference);
  return references.flatMap((reference) => {
    const found = record.resolve(reference, resource);
    return found?.resourceType === 'Condition' ? [found as Condition] : [];
  });
}

/** A claim billing exactly one encounter (Claim.item.encounter) is reported with that encounter. */
function scopeOf(record: PatientRecord, diagnosis: DocumentedDiagnosis): string | undefined {
  const { resource } = diagnosis;
  if (resource.resourceType === 'Condition' || resource.resourceType === 'Encounter') return canonical(record, diagnosis.encounter);
  const items = (resource as { item?: Array<{ encounter?: Reference[] }> }).item ?? [];
  const encounters = new Set(items.flatMap((item) => item.encounter ?? []).map((e) => canonical(record, e, resource)).filter(Boolean));
  return encounters.size === 1 ? [...encounters][0] : diagnosis.reference;
}

/** When the owner states the diagnosis was made: a Condition's recordedDate or onset, a claim's created date. */
function ownDiagnosisTime(owner: Resource): string | undefined {
  if (owner.resourceType === 'Condition') {
    const condition = owner as Condition;
    return condition.recordedDate ?? condition.onsetDateTime ?? condition.onsetPeriod?.start;
  }
  if (owner.resourceType === 'Claim' || owner.resourceType === 'ExplanationOfBenefit') return (owner as Claim | ExplanationOfBenefit).created;
  return undefined;
}

const caches = { byDate: new WeakMap<RuleContext, CodedDiagnosis[]>(), anyDate: new WeakMap<RuleContext, CodedDiagnosis[]>() };

/**
 * Every ICD-10-CM code of context.diagnoses() stated for a date of service from 2015-10-01 (or of unknown
 * date), grouped by code and resource at fault: a claim line or encounter diagnosis belongs to the
 * Condition it cites, else to the Conditions of the record with the same code; with none, the claim (or
 * encounter) is itself at fault. Codes stated only for ICD-9-CM dates of service are left out, unless
 * `anyDateOfService`. Worked out once per review.
 */
export function codedDiagnoses(context: RuleContext, { anyDateOfService = false }: CodedDiagnosisOptions = {}): CodedDiagnosis[] {
  const cache = anyDateOfService ? caches.anyDate : caches.byDate;
  const cached = cache.get(context);
  if (cached) return cached;
  const { record } = context;
  const diagnoses = context.diagnoses();
  const conditionsByCode = new Map<string, Condition[]>();
  for (const d of diagnoses) {
    if (d.resource.resourceType !== 'Condition') continue;
    for (const code of icd10CmCodes(d.concept)) conditionsByCode.set(code, [...(conditionsByCode.get(code) ?? []), d.resource as Condition]);
  }
  const groups = new Map<string, CodedDiagnosis>();
  // Latest date of service of each group; null once a resource of the group has none.
  const serviceDates = new Map<CodedDiagnosis, string | null>();
  for (const d of diagnoses) {
    const serviceDate = dateOfService(record, d.resource);
    if (!anyDateOfService && codeSetEra(serviceDate) === 'icd-9-cm') continue;
    const scope = scopeOf(record, d);
    for (const code of icd10CmCodes(d.concept)) {
      const cited = d.resource.resourceType === 'Condition' ? [d.resource] : citedConditions(record, d.resource).filter((c) => icd10CmCodes(c.code).includes(code));
      const owners: Resource[] = cited.length ? cited : conditionsByCode.get(code) ?? [d.resource];
      for (const owner of owners) {
        const reference = referenceTo(owner);
        const key = `${code}|${reference}`;
        let group = groups.get(key);
        if (!group) {
          const coding = icd10CmCodings(d.concept).find((c) => undottedIcd10(c.code!) === code)!;
          const label = coding.display ?? d.concept.text;
          group = { code, dotted: dottedIcd10(code), target: owner, reference, evidence: [reference], scopes: [], era: 'fy2026' };
          const diagnosedAt = ownDiagnosisTime(owner) ?? d.time;
          if (diagnosedAt !== undefined) group.diagnosedAt = diagnosedAt;
          if (label !== undefined) group.label = label;
          groups.set(key, group);
        }
        if (!group.evidence.includes(d.reference)) group.evidence.push(d.reference);
        if (scope && !group.scopes.includes(scope)) group.scopes.push(scope);
        const ownEncounter = owner.resourceType === 'Condition' ? canonical(record, (owner as Condition).encounter, owner) : undefined;
        group.encounter ??= ownEncounter ?? (scope?.startsWith('Encounter/') ? scope : undefined);
        if (d.time && (!group.time || d.time > group.time)) group.time = d.time;
        const latest = serviceDates.get(group);
        serviceDates.set(group, latest === null || serviceDate === undefined ? null : latest === undefined || serviceDate > latest ? serviceDate : latest);
      }
    }
  }
  const result = [...groups.values()];
  for (const group of result) {
    const serviceDate = serviceDates.get(group) ?? undefined;
    if (serviceDate !== undefined) group.serviceDate = serviceDate;
    group.era = codeSetEra(serviceDate);
  }
  cache.set(context, result);
  return result;
}

/**
 * A coded diagnosis as a fact: the code as findings show it (dotted, `E11.9`), stated by the resource at
 * fault, on its date of service (else the latest time the record states it), with what the record writes
 * beside the code, if anything.
 */
export function codedDiagnosisFact(diagnosis: CodedDiagnosis): Fact {
  return statedFact('diagnosis', diagnosis.dotted, diagnosis.reference, { time: diagnosis.serviceDate ?? diagnosis.time, text: diagnosis.label });
}
