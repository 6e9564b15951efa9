/**
 * Statuses as the rules read them: one place for what "refuted", "uncertain", "current" and "performed" mean.
 * For a Condition's two statuses the trust boundary (read-resource.ts) keeps only codes of their value sets,
 * whatever shape the server sent (an STU3 string, a CodeableConcept), so these checks read codes only.
 *
 * - Verification status, http://hl7.org/fhir/R4/valueset-condition-ver-status.html: `refuted` (ruled out)
 *   and `entered-in-error` document nothing; `unconfirmed` and its children `provisional` and
 *   `differential` are uncertain diagnoses (coded for inpatients only, ICD-10-CM Official Guidelines II.H,
 *   III.C, IV.H); `confirmed` and no status at all are plain diagnoses.
 * - Clinical status, http://hl7.org/fhir/R4/valueset-condition-clinical.html: `active` and its children
 *   `recurrence` and `relapse` are current; `inactive`, `remission` and `resolved` are not. A Condition with
 *   no clinical status (or one the boundary could not read) counts as current: unknown is never weaker than
 *   absent.
 */
import type { Condition, Procedure } from 'fhir/r4';

type WithVerification = Pick<Condition, 'verificationStatus'>;
type WithClinical = Pick<Condition, 'clinicalStatus'>;

/** Verification statuses of a diagnosis that documents nothing: ruled out, or recorded by mistake. */
export const VOID_VERIFICATION_STATUSES: ReadonlySet<string> = new Set(['refuted', 'entered-in-error']);
/** Verification statuses of an uncertain diagnosis (unconfirmed and its specializations). */
export const UNCERTAIN_VERIFICATION_STATUSES: ReadonlySet<string> = new Set(['unconfirmed', 'provisional', 'differential']);
/** Clinical statuses of a current condition (active and its specializations). */
export const CURRENT_CLINICAL_STATUSES: ReadonlySet<string> = new Set(['active', 'recurrence', 'relapse']);

function hasCode(concept: { coding?: Array<{ code?: string }> } | undefined, codes: ReadonlySet<string>): boolean {
  return (concept?.coding ?? []).some((c) => codes.has(c.code ?? ''));
}

/** The Condition's verification status code (the first coding that has one), if any. */
export function verificationStatusOf(condition: WithVerification): string | undefined {
  return condition.verificationStatus?.coding?.find((c) => c.code)?.code;
}

const ENTERED_IN_ERROR: ReadonlySet<string> = new Set(['entered-in-error']);

/** Whether the Condition is marked entered-in-error (it is left out of the record's condition index). */
export function isEnteredInError(condition: WithVerification): boolean {
  return hasCode(condition.verificationStatus, ENTERED_IN_ERROR);
}

/** Refuted or entered-in-error: the Condition documents nothing, whatever its code. */
export function isRefutedOrEnteredInError(condition: WithVerification): boolean {
  return hasCode(condition.verificationStatus, VOID_VERIFICATION_STATUSES);
}

/** Unconfirmed, provisional or differential (the verification status, its first code): an uncertain diagnosis. */
export function isUncertain(condition: WithVerification): boolean {
  return UNCERTAIN_VERIFICATION_STATUSES.has(verificationStatusOf(condition) ?? '');
}

/** Active, recurrence or relapse, or no clinical status at all: the condition is current. */
export function isClinicallyCurrent(condition: WithClinical): boolean {
  return !condition.clinicalStatus || hasCode(condition.clinicalStatus, CURRENT_CLINICAL_STATUSES);
}

/**
 * Procedure statuses of a procedure that has not taken place: not yet (`preparation`), not at all
 * (`not-done`), or recorded by mistake. http://hl7.org/fhir/R4/valueset-event-status.html
 */
export const PROCEDURE_NOT_PERFORMED_STATUSES: ReadonlySet<string> = new Set(['preparation', 'not-done', 'entered-in-error']);

/** Whether the procedure has taken place (in progress, on hold, stopped, completed, or of unknown status). */
export function wasPerformed(procedure: Pick<Procedure, 'status'>): boolean {
  return !PROCEDURE_NOT_PERFORMED_STATUSES.has(procedure.status);
}
