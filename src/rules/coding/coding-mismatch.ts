/**
 * coding-mismatch: a Condition whose ICD-10-CM coding and SNOMED CT coding (in the same CodeableConcept)
 * name different diagnoses. Both codings state one provider diagnosis (ICD-10-CM Official Guidelines
 * I.A.19: code assignment is based on the provider's diagnostic statement), so they must agree.
 *
 * The SNOMED CT side is judged only for concepts of the curated map (terminology/snomed-icd10cm.ts), whose
 * target the ICD-10-CM Alphabetic Index gives; concepts outside the map, or mapped to no single code, are
 * not judged. WHO ICD-10 codings (http://hl7.org/fhir/sid/icd-10) are another code system and are not read.
 *
 * Tolerance, category level: the codings agree when the ICD-10-CM code equals the mapped code or shares its
 * 3-character category. The category is the diagnosis; the characters after it add detail that the SNOMED
 * CT concept often does not carry, so the map had to choose a default: J01.90 and J01.91 are both acute
 * sinusitis (recurrence), S72.009A and S72.001D the same hip fracture (side, episode of care), E11.9 and
 * E11.65 both type 2 diabetes. Detail the record holds is the unspecified-code check's business, not this
 * one's. A different category is a different diagnosis: J32 chronic vs J01 acute sinusitis, E10 type 1 vs
 * E11 type 2 diabetes, N28.9 renal insufficiency vs N17 acute kidney failure. The tolerance is the named
 * threshold `sharedPrefixLength` (3).
 *
 * It reads the diagnoses of the review (RuleContext.diagnoses), whatever their date of service: whether two
 * codings of one Condition name the same category does not depend on the fiscal year (the table only
 * titles the codes), so unlike the table checks it also judges Conditions of services before 2015-10-01,
 * which EHRs code in ICD-10-CM after the fact.
 */
import type { Coding } from 'fhir/r4';
import type { PatientRecord } from '../../record/patient-record';
import { dottedIcd10, undottedIcd10, type Icd10CmTable } from '../../terminology/icd10cm/icd10cm-table';
import { icd10CmCodes, icd10CmCodings } from '../../terminology/icd10cm-codings';
import { snomedMapping, type SnomedIcd10CmMapping } from '../../terminology/snomed-icd10cm';
import { SYSTEM } from '../../terminology/systems';
import { dateOfService } from '../engine/coded-diagnoses';
import { describeIcd10Code } from '../engine/describe-diagnosis';
import { statedFact } from '../engine/facts';
import type { DocumentedDiagnosis, CodingDiscrepancyDraft, Fact, Rule } from '../engine/types';

export const CODING_MISMATCH_THRESHOLDS = {
  /** Leading characters (dot aside) two ICD-10-CM codes share to agree: 3 = the category. */
  sharedPrefixLength: 3,
};

type Thresholds = typeof CODING_MISMATCH_THRESHOLDS;

/** A SNOMED CT coding of the curated map that has a target. */
interface MappedSnomed {
  coding: Coding;
  mapping: SnomedIcd10CmMapping & { icd10: string };
}

function mappedSnomedCodings(codings: readonly Coding[]): MappedSnomed[] {
  return codings.flatMap((coding) => {
    if (coding.system !== SYSTEM.SNOMED || !coding.code) return [];
    const mapping = snomedMapping(coding.code);
    return mapping?.icd10 ? [{ coding, mapping: { ...mapping, icd10: mapping.icd10 } }] : [];
  });
}

/** Whether two ICD-10-CM codes agree: equal, or sharing their first `length` characters (the category at 3). */
export function icd10CodesAgree(code: string, mapped: string, length: number): boolean {
  const a = undottedIcd10(code);
  const b = undottedIcd10(mapped);
  return a === b || (a.length >= length && b.length >= length && a.slice(0, length) === b.slice(0, length));
}

/**
 * The Condition's ICD-10-CM codes as facts, each once (`J32.9`, with the coding's display), on the
 * Condition's date of service (else its recorded time).
 */
function icd10Facts(diagnosis: DocumentedDiagnosis, time: string | undefined): Fact[] {
  const codings = icd10CmCodings(diagnosis.concept);
  return icd10CmCodes(diagnosis.concept).map((code) => {
    const display = codings.find((c) => undottedIcd10(c.code!) === code)?.display ?? diagnosis.concept.text;
    return statedFact('diagnosis', dottedIcd10(code), diagnosis.reference, { time, text: display });
  });
}

function mismatchDrafts(record: PatientRecord, diagnosis: DocumentedDiagnosis, table: Icd10CmTable, t: Thresholds): CodingDiscrepancyDraft[] {
  const codings = diagnosis.concept.coding ?? [];
  const icd10 = icd10CmCodes(diagnosis.concept);
  if (icd10.length === 0) return [];
  const time = dateOfService(record, diagnosis.resource) ?? diagnosis.time;
  return mappedSnomedCodings(codings)
    .filter(({ mapping }) => !icd10.some((code) => icd10CodesAgree(code, mapping.icd10, t.sharedPrefixLength)))
    .map(({ coding, mapping }) => {
      const icd10Coded = icd10Facts(diagnosis, time);
      const snomedCoded = statedFact('diagnosis', mapping.snomed, diagnosis.reference, { time, text: coding.display ?? mapping.display });
      // `J32.9 (Chronic sinusitis, unspecified)`, or what the table says of a code it lacks.
      const stated = icd10Coded.map((f) => describeIcd10Code(table, f.label, { tableStatus: true })).join(', ');
      const categories = [...new Set([...icd10, undottedIcd10(mapping.icd10)].map((code) => dottedIcd10(code.slice(0, t.sharedPrefixLength))))];
      return {
        facts: [...icd10Coded, snomedCoded],
        summary: `The Condition is coded ${stated} in ICD-10-CM and ${snomedCoded.label} (${snomedCoded.text}) in SNOMED CT, `
          + `which maps to ${describeIcd10Code(table, mapping.icd10, { tableStatus: true })}: the two codings are in different categories (${categories.join(', ')}).`,
        evidence: [diagnosis.reference],
        suspectedCondition: dottedIcd10(icd10[0]!),
        target: diagnosis.reference,
        kind: 'coding-mismatch' as const,
        encounter: diagnosis.encounter,
        observedAt: diagnosis.time,
        answerOptions: [],
      };
    });
}

/**
 * ICD-10-CM and SNOMED CT codings of one Condition that disagree at the category level, judged for the
 * SNOMED CT concepts of the curated map (ICD-10-CM Alphabetic Index targets); silent without the code table.
 */
export const codingMismatch: Rule<Thresholds> = {
  id: 'coding/coding-mismatch',
  title: 'ICD-10-CM and SNOMED CT codings of a diagnosis disagree',
  category: 'coding-discrepancy',
  severity: 'medium',
  rationale: 'The ICD-10-CM and SNOMED CT codings of one Condition state one provider diagnosis (ICD-10-CM Official Guidelines I.A.19), so an ICD-10-CM code outside the category the Alphabetic Index gives for the SNOMED CT concept means one of the two codings is wrong.',
  thresholds: CODING_MISMATCH_THRESHOLDS,
  evaluate(context, t) {
    const table = context.icd10cm;
    if (!table) return [];
    // Each Condition once: Encounter.diagnosis entries repeat a Condition's concept and are left to it.
    return context.diagnoses()
      .filter((d) => d.resource.resourceType === 'Condition')
      .flatMap((d) => mismatchDrafts(context.record, d, table, t));
  },
};

export const CODING_MISMATCH_RULES: readonly Rule[] = [codingMismatch] as Rule[];
