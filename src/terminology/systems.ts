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

/** Clarify's own codes on the Tasks (queries) and DetectedIssues (findings) it writes. */
export const CLARIFY_CODE = {
  QUERY: 'cdi-query',
  FINDING: 'cdi-finding',
} as const;
