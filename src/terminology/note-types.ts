/**
 * Kinds of clinical note by their LOINC document type, as a note is named to the user ("Progress note of
 * 12 Mar"). US Core DocumentReference types (the clinical-note set of the US Core Clinical Notes guidance):
 * https://hl7.org/fhir/us/core/STU6.1/ValueSet-us-core-clinical-note-type.html and LOINC's own displays.
 */
export const NOTE_TYPE_TITLES: ReadonlyMap<string, string> = new Map([
  ['11506-3', 'Progress note'],
  ['34117-2', 'History and physical'],
  ['18842-5', 'Discharge summary'],
  ['11488-4', 'Consult note'],
  ['34111-5', 'Emergency department note'],
  ['28570-0', 'Procedure note'],
  ['34746-8', 'Nurse note'],
  ['51847-2', 'Evaluation and plan note'],
  ['57133-1', 'Referral note'],
  ['34109-9', 'Note'],
  ['18748-4', 'Imaging report'],
  ['11526-1', 'Pathology report'],
  ['11502-2', 'Laboratory report'],
]);

/** Discharge summaries: where, at discharge, an inpatient's final diagnoses are documented. */
export const DISCHARGE_SUMMARY_LOINC = '18842-5';
