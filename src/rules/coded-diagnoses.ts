/**
 * The record's ICD-10-CM codes as the coding checks read them: one entry per code and resource at fault
 * (a claim line or encounter diagnosis belongs to the Condition it cites), with every resource repeating
 * it and where it is reported together with other codes.
 */
import type { CodeableConcept, Coding, Condition, Encounter, Reference, Resource } from 'fhir/r4';
import type { PatientRecord } from '../record/patient-record';
import { referenceTo } from '../record/references';
import { dottedIcd10, undottedIcd10, type Icd10CmTable } from '../terminology/icd10cm/icd10cm-table';
import { SYSTEM } from '../terminology/systems';
import type { DocumentedDiagnosis, RuleContext } from './types';

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
}

/** The ICD-10-CM codes (undotted) of a concept; WHO ICD-10 and other systems are left out. */
export function icd10CmCodes(concept: CodeableConcept | undefined): string[] {
  return [...new Set((concept?.coding ?? []).flatMap((c: Coding) =>
    c.system === SYSTEM.ICD10CM && c.code?.trim() ? [undottedIcd10(c.code)] : []))];
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

const cache = new WeakMap<RuleContext, CodedDiagnosis[]>();

/**
 * Every ICD-10-CM code of context.diagnoses(), grouped by code and resource at fault: a claim line or
 * encounter diagnosis belongs to the Condition it cites, else to the Conditions of the record with the same
 * code; with none, the claim (or encounter) is itself at fault.
 */
export function codedDiagnoses(context: RuleContext): CodedDiagnosis[] {
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
  for (const d of diagnoses) {
    const scope = scopeOf(record, d);
    for (const code of icd10CmCodes(d.concept)) {
      const cited = d.resource.resourceType === 'Condition' ? [d.resource] : citedConditions(record, d.resource).filter((c) => icd10CmCodes(c.code).includes(code));
      const owners: Resource[] = cited.length ? cited : conditionsByCode.get(code) ?? [d.resource];
      for (const owner of owners) {
        const reference = referenceTo(owner);
        const key = `${code}|${reference}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { code, dotted: dottedIcd10(code), target: owner, reference, evidence: [reference], scopes: [] }));
        if (!group.evidence.includes(d.reference)) group.evidence.push(d.reference);
        if (scope && !group.scopes.includes(scope)) group.scopes.push(scope);
        const ownEncounter = owner.resourceType === 'Condition' ? canonical(record, (owner as Condition).encounter, owner) : undefined;
        group.encounter ??= ownEncounter ?? (scope?.startsWith('Encounter/') ? scope : undefined);
        if (d.time && (!group.time || d.time > group.time)) group.time = d.time;
      }
    }
  }
  const result = [...groups.values()];
  cache.set(context, result);
  return result;
}

/** `E11.9 (Type 2 diabetes mellitus without complications)`, the title from the table. */
export function describeCode(table: Icd10CmTable, code: string): string {
  const entry = table.lookup(code);
  return entry ? `${entry.code} (${entry.title})` : dottedIcd10(code);
}
