/** Code system URIs, as FHIR R4 and US Core name them. */
export const SYSTEM = {
  LOINC: 'http://loinc.org',
  SNOMED: 'http://snomed.info/sct',
  ICD10CM: 'http://hl7.org/fhir/sid/icd-10-cm',
  /** WHO ICD-10: a different code system from ICD-10-CM, never validated as CM. */
  ICD10_WHO: 'http://hl7.org/fhir/sid/icd-10',
  RXNORM: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  /** CPT (FHIR R4 terminology: http://hl7.org/fhir/R4/cpt.html). */
  CPT: 'http://www.ama-assn.org/go/cpt',
  UCUM: 'http://unitsofmeasure.org',
  OBSERVATION_CATEGORY: 'http://terminology.hl7.org/CodeSystem/observation-category',
  CONDITION_CLINICAL: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  CONDITION_VERIFICATION: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  V2_IDENTIFIER_TYPE: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  V3_PARTICIPATION_TYPE: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  /** Clarify's own codes (query task code, finding codes). */
  CLARIFY: 'http://example.org/clarify/fhir/CodeSystem/clarify',
} as const;

/**
 * Clarify's own codes on the Tasks (queries) and DetectedIssues (findings) it writes, in SYSTEM.CLARIFY:
 * `Task.code` (issue 10: `clarification-query`, not SDC's `complete-questionnaire`) and `DetectedIssue.code`.
 * The record loader and the query reads search by them (src/fhir/record-types.ts, src/fhir/queries.ts).
 */
export const CLARIFY_CODE = {
  QUERY: 'clarification-query',
  FINDING: 'cdi-finding',
} as const;

/**
 * Code-system URIs of older FHIR releases (DSTU2/STU3 `http://hl7.org/fhir/...`) and HL7 OIDs, by the R4
 * URI that means the same system. https://hl7.org/fhir/R4/terminologies-systems.html ;
 * https://terminology.hl7.org/ (each CodeSystem page lists its former URIs and OID)
 */
const SYSTEM_ALIASES: ReadonlyMap<string, string> = new Map([
  ['http://hl7.org/fhir/v2/0203', SYSTEM.V2_IDENTIFIER_TYPE],
  ['urn:oid:2.16.840.1.113883.18.108', SYSTEM.V2_IDENTIFIER_TYPE],
  ['http://hl7.org/fhir/condition-clinical', SYSTEM.CONDITION_CLINICAL],
  ['http://hl7.org/fhir/condition-ver-status', SYSTEM.CONDITION_VERIFICATION],
  ['http://hl7.org/fhir/observation-category', SYSTEM.OBSERVATION_CATEGORY],
  ['http://hl7.org/fhir/condition-category', 'http://terminology.hl7.org/CodeSystem/condition-category'],
  ['http://hl7.org/fhir/v3/ActCode', 'http://terminology.hl7.org/CodeSystem/v3-ActCode'],
  ['http://hl7.org/fhir/v3/ParticipationType', SYSTEM.V3_PARTICIPATION_TYPE],
  ['http://hl7.org/fhir/diagnosis-role', 'http://terminology.hl7.org/CodeSystem/diagnosis-role'],
  ['http://hl7.org/fhir/ex-diagnosistype', 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype'],
  ['http://hl7.org/fhir/ex-diagnosis-on-admission', 'http://terminology.hl7.org/CodeSystem/ex-diagnosis-on-admission'],
  ['urn:oid:2.16.840.1.113883.6.1', SYSTEM.LOINC],
  ['urn:oid:2.16.840.1.113883.6.96', SYSTEM.SNOMED],
  ['urn:oid:2.16.840.1.113883.6.90', SYSTEM.ICD10CM],
  ['urn:oid:2.16.840.1.113883.6.3', SYSTEM.ICD10_WHO],
  ['urn:oid:2.16.840.1.113883.6.88', SYSTEM.RXNORM],
  ['urn:oid:2.16.840.1.113883.6.12', SYSTEM.CPT],
  ['urn:oid:2.16.840.1.113883.6.8', SYSTEM.UCUM],
  // A trailing slash is a common slip for these three.
  ['http://loinc.org/', SYSTEM.LOINC],
  ['http://snomed.info/sct/', SYSTEM.SNOMED],
  ['http://www.nlm.nih.gov/research/umls/rxnorm/', SYSTEM.RXNORM],
]);

/** The R4 URI of a code system written under an older URI or its OID; any other URI as it is. */
export function canonicalSystem(uri: string): string {
  return SYSTEM_ALIASES.get(uri.trim()) ?? uri;
}
