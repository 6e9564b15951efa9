/**
 * What Clarify reads for a patient, in the order the technician sees the parts of the record. Each
 * search is by `patient`; the dependent parts are read by id once the searches name them.
 */
import { CLARIFY_CODE, SYSTEM } from '../terminology/systems';

export interface RecordSearch {
  type: string;
  label: string;
  /** Extra search parameters beyond `patient`. */
  params?: Record<string, string>;
}

export const RECORD_SEARCHES: readonly RecordSearch[] = [
  { type: 'Encounter', label: 'Encounters' },
  { type: 'Condition', label: 'Conditions' },
  { type: 'Observation', label: 'Observations' },
  { type: 'MedicationRequest', label: 'Medication orders' },
  { type: 'MedicationAdministration', label: 'Medication administrations' },
  { type: 'Procedure', label: 'Procedures' },
  { type: 'DiagnosticReport', label: 'Diagnostic reports' },
  // Clinical notes (their text inline, or a link to a Binary: the note texts part below).
  { type: 'DocumentReference', label: 'Notes' },
  { type: 'AllergyIntolerance', label: 'Allergies' },
  { type: 'Claim', label: 'Claims' },
  { type: 'ExplanationOfBenefit', label: 'Explanations of benefit' },
  { type: 'CareTeam', label: 'Care teams' },
  { type: 'Task', label: 'Clarify queries', params: { code: `${SYSTEM.CLARIFY}|${CLARIFY_CODE.QUERY}` } },
  { type: 'DetectedIssue', label: 'Clarify findings', params: { code: `${SYSTEM.CLARIFY}|${CLARIFY_CODE.FINDING}` } },
  // The physicians' answers to the queries (Task.output), shown on their finding.
  { type: 'QuestionnaireResponse', label: 'Query answers' },
];

/** Read by id after the searches: what the searched resources reference. */
export const RECORD_REFERENCED: readonly RecordSearch[] = [
  { type: 'Medication', label: 'Medications referenced by orders' },
  { type: 'Practitioner', label: 'Clinicians' },
  { type: 'PractitionerRole', label: 'Clinician roles' },
  // The texts notes and reports link to by url (a Binary on this FHIR server), and the limits on what is kept
  // of all note text, inline or linked (src/fhir/note-texts.ts).
  { type: 'Binary', label: 'Note texts' },
];

/** Every type read in the patient's record; each has its row in the scopes table (src/fhir/scopes.ts). */
export const RECORD_READ_TYPES: readonly string[] = ['Patient', ...RECORD_SEARCHES.map((s) => s.type), ...RECORD_REFERENCED.map((s) => s.type)];

/**
 * Observations are the bulk of a record and their pages come one after another, so they are read as
 * parallel streams by category (the US Core Observation categories: the two big ones alone, the rest
 * together), then checked against the server's total.
 */
export const OBSERVATION_STREAMS: readonly string[] = [
  'laboratory',
  'vital-signs',
  'social-history,survey,exam,imaging,procedure,therapy,activity',
];
