/**
 * How findings name a diagnosis code, the one place for it: an ICD-10-CM code dotted with its official
 * short title from the FY2026 table (CDC/NCHS-CMS order file) when the table is loaded, else with what the
 * record writes beside it; a code the table lacks, when asked, with what the table says of it; a coding of
 * another system by its display and code. Text only: never a conclusion, never HTML.
 */
import type { CodeableConcept, Coding } from 'fhir/r4';
import { dottedIcd10, type Icd10CmTable } from '../../terminology/icd10cm/icd10cm-table';
import { icd10CmCodings } from '../../terminology/icd10cm-codings';
import { SYSTEM } from '../../terminology/systems';
import { conceptMatches } from './run-rules';
import type { DiagnosisTarget } from './types';

export interface Icd10CodeDescription {
  /** What the record writes beside the code (the coding's display, the concept's text), shown when the table gives no title. */
  label?: string;
  /**
   * With the table loaded and lacking the code, say what the table knows instead of the label: "deleted in
   * FY2026; FY2025 title: …", or "not an ICD-10-CM FY2026 code".
   */
  tableStatus?: boolean;
}

/**
 * `E11.9 (Type 2 diabetes mellitus without complications)`: the code dotted, with its FY2026 title; without
 * one, `E11.9 (<label>)` or the bare code, or (tableStatus) `T78.1XXA (deleted in FY2026; FY2025 title: …)`,
 * `X99.9 (not an ICD-10-CM FY2026 code)`.
 */
export function describeIcd10Code(table: Icd10CmTable | undefined, code: string, { label, tableStatus = false }: Icd10CodeDescription = {}): string {
  const entry = table?.lookup(code);
  if (entry) return `${entry.code} (${entry.title})`;
  const dotted = dottedIcd10(code);
  if (table && tableStatus) {
    const deleted = table.deletedInFy2026(code);
    return deleted !== undefined ? `${dotted} (deleted in FY2026; FY2025 title: ${deleted})` : `${dotted} (not an ICD-10-CM FY2026 code)`;
  }
  return label ? `${dotted} (${label})` : dotted;
}

/**
 * How a summary names a coded diagnosis: its first ICD-10-CM code as describeIcd10Code shows it (labelled
 * with the coding's display, else the concept's text), with `code` the dotted code; else the first coding
 * of another system by display and code (`Anemia (SNOMED CT 271737000)`), or the concept's text.
 */
export function nameDiagnosis(context: { icd10cm?: Icd10CmTable }, concept: CodeableConcept | undefined): { code?: string; text: string } {
  const [icd] = icd10CmCodings(concept);
  if (icd) return { code: dottedIcd10(icd.code!), text: describeIcd10Code(context.icd10cm, icd.code!, { label: icd.display ?? concept?.text }) };
  const coding = concept?.coding?.find((c) => c.code);
  const label = coding?.display ?? concept?.text;
  if (!coding) return { text: label ?? 'a diagnosis without a code' };
  const system = coding.system === SYSTEM.SNOMED ? 'SNOMED CT' : (coding.system ?? 'no system');
  return { text: label ? `${label} (${system} ${coding.code})` : `${system} ${coding.code}` };
}

/** The codings of a concept that name the target diagnosis (RuleContext.isDocumented's matching, coding by coding). */
export function matchingCodings(concept: CodeableConcept | undefined, target: DiagnosisTarget): Coding[] {
  return (concept?.coding ?? []).filter((c) => conceptMatches({ coding: [c] }, target));
}

/**
 * `Heart failure, unspecified (I50.9)`: the first coding that names the target, by its display (else the
 * concept's text) and its code as written; undefined when no coding names it.
 */
export function describeMatchingCoding(concept: CodeableConcept, target: DiagnosisTarget): string | undefined {
  const [coding] = matchingCodings(concept, target);
  if (!coding) return undefined;
  const label = coding.display ?? concept.text;
  return label ? `${label} (${coding.code})` : coding.code;
}
