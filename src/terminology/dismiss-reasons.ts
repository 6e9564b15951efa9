/**
 * Why a CDI specialist dismisses a finding without a query: the short list the review offers (free text may
 * add to any). A dismissal is kept in the EHR (a DetectedIssue mitigation, src/review/disposition.ts) so the
 * next reviewer sees it and the finding does not come back as new. Codes are Clarify's own.
 */
export const DISMISS_REASONS = [
  { code: 'documented-elsewhere', label: 'Already documented (e.g. in a note or another diagnosis)' },
  { code: 'clinically-insignificant', label: 'Not clinically significant for this patient' },
  { code: 'other-encounter', label: 'Belongs to another encounter' },
  { code: 'record-error', label: 'Data error in the record (wrong result, wrong patient)' },
  { code: 'query-not-warranted', label: 'Indicators do not warrant a query' },
  { code: 'other', label: 'Other (say why below)' },
] as const;

export type DismissReasonCode = (typeof DISMISS_REASONS)[number]['code'];

export function dismissReasonLabel(code: string): string | undefined {
  return DISMISS_REASONS.find((r) => r.code === code)?.label;
}
