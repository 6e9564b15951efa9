/**
 * A finding's stable id: derived from what it is about, never from when or in what order it was found, so
 * the same finding has the same id on the next launch, in the app and in `clarify audit`. Queries and reviews
 * written to the EHR are matched to findings by it.
 */
import type { UnnamedFinding } from './run-rules';

/** What a finding is about: category, coding kind, patient, encounter, suspected condition or resource at fault. */
export function findingSubject(finding: UnnamedFinding, patientId: string | undefined): string {
  const coding = finding.category === 'coding-discrepancy' || finding.category === 'clinical-validation' ? finding : undefined;
  const about = finding.suspectedCondition !== undefined
    ? [finding.suspectedCondition, coding?.target ?? '']
    // A finding with no condition is about its rule and the resources it cites.
    : [finding.ruleId, coding?.target ?? '', [...finding.evidence].sort().join(',')];
  return [finding.category, coding?.kind ?? '', `Patient/${patientId ?? ''}`, finding.encounter ?? '', ...about].join('|');
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/** FNV-1a, 64 bits, over the UTF-16 code units: the same on every machine and in every browser. */
function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * FNV_PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}

/** `f-` and 16 hex digits, e.g. `f-3b1c0e5d9a7f2c41`. */
export function findingId(finding: UnnamedFinding, patientId: string | undefined): string {
  return `f-${fnv1a64(findingSubject(finding, patientId))}`;
}
