/**
 * ICD-10-CM codes as a CodeableConcept carries them: the one way Clarify reads them out of a concept and
 * compares codings. Only the ICD-10-CM system counts (http://hl7.org/fhir/sid/icd-10-cm, the R4 URI older
 * URIs and the OID are read as, systems.ts): WHO ICD-10 (http://hl7.org/fhir/sid/icd-10) is another code
 * system with other codes, never read as ICD-10-CM. Codes are compared without the dot, in upper case,
 * trimmed (undottedIcd10, the form of the CMS release files): `e11.9`, `E119` and ` E11.9 ` are one code.
 */
import type { CodeableConcept, Coding } from 'fhir/r4';
import { undottedIcd10 } from './icd10cm/icd10cm-table';
import { SYSTEM } from './systems';

/** The ICD-10-CM codings of a concept that carry a code (not blank), in order. */
export function icd10CmCodings(concept: CodeableConcept | undefined): Coding[] {
  return (concept?.coding ?? []).filter((c) => c.system === SYSTEM.ICD10CM && typeof c.code === 'string' && c.code.trim() !== '');
}

/** The ICD-10-CM codes of a concept, undotted and upper case (`E119`), each once, in order. */
export function icd10CmCodes(concept: CodeableConcept | undefined): string[] {
  return [...new Set(icd10CmCodings(concept).map((c) => undottedIcd10(c.code!)))];
}

/**
 * `system|code`, the key two codings are the same code by: ICD-10-CM codes undotted (undottedIcd10), other
 * systems' codes trimmed. Undefined without a system or a code.
 */
export function codingKey(system: string | undefined, code: string | undefined): string | undefined {
  if (!system || !code) return undefined;
  return `${system}|${system === SYSTEM.ICD10CM ? undottedIcd10(code) : code.trim()}`;
}

/** Whether an ICD-10-CM code falls under one of the prefixes (`E11`, `N18.3`, `e113`), both read undotted. */
export function hasIcd10CmPrefix(code: string, prefixes: readonly string[]): boolean {
  const plain = undottedIcd10(code);
  return prefixes.some((prefix) => plain.startsWith(undottedIcd10(prefix)));
}
