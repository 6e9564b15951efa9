/**
 * Short human labels for resources cited as evidence ("Sodium 131 mmol/L, 2021-03-01 09:00"), built
 * from the resource's own text: never HTML, never the narrative.
 */
import type { Claim, CodeableConcept, Condition, DiagnosticReport, Encounter, ExplanationOfBenefit, MedicationAdministration, MedicationRequest, Observation, Procedure, Resource } from 'fhir/r4';
import type { PatientRecord } from './patient-record';
import { formatFhirDateTime } from './fhir-dates';

/** How a coded concept reads: its text, else the first display, else the first coding's code. */
export function conceptText(concept: CodeableConcept | undefined): string | undefined {
  return concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? concept?.coding?.[0]?.code;
}

function when(iso: string | undefined): string {
  return iso ? `, ${formatFhirDateTime(iso)}` : '';
}

/** Values are shown to 2 decimals below 100 and as whole numbers from 100, in summaries and evidence alike. */
export function formatNumber(value: number): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** UCUM codes as people read them. */
const UNIT_LABELS: ReadonlyMap<string, string> = new Map([
  ['Cel', '°C'], ['10*3/uL', '×10³/µL'], ['mm[Hg]', 'mmHg'], ['mL/min/{1.73_m2}', 'mL/min/1.73 m²'], ['{score}', ''], ['[pH]', ''],
]);

/** A UCUM unit as people read it (`mm[Hg]` → `mmHg`, `[pH]` → nothing); other units as written. */
export function unitLabel(unit: string | undefined): string {
  return unit === undefined ? '' : UNIT_LABELS.get(unit) ?? unit;
}

/** `131 mmol/L`, `1.5 mg/dL`, `38.2 °C`: a value and its unit, shown the same way everywhere. */
export function formatQuantity(value: number, unit: string | undefined): string {
  const label = unitLabel(unit);
  return `${formatNumber(value)}${label ? ` ${label}` : ''}`;
}

function describeResource(record: PatientRecord, resource: Resource): string {
  switch (resource.resourceType) {
    case 'Observation': {
      const o = resource as Observation;
      const value = o.valueQuantity?.value !== undefined ? ` ${formatQuantity(o.valueQuantity.value, o.valueQuantity.unit ?? o.valueQuantity.code)}`
        : o.valueCodeableConcept ? `: ${conceptText(o.valueCodeableConcept)}` : o.valueString ? `: ${o.valueString}` : '';
      return `${conceptText(o.code) ?? 'Observation'}${value}${when(o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.issued)}`;
    }
    case 'Condition': {
      const c = resource as Condition;
      return `Diagnosis: ${conceptText(c.code) ?? 'uncoded'}${when(c.recordedDate ?? c.onsetDateTime)}`;
    }
    case 'MedicationRequest': {
      const m = resource as MedicationRequest;
      return `Order: ${conceptText(record.medicationOf(m)) ?? 'medication'} (${m.status})${when(m.authoredOn)}`;
    }
    case 'MedicationAdministration': {
      const m = resource as MedicationAdministration;
      return `Given: ${conceptText(record.medicationOf(m)) ?? 'medication'}${when(m.effectiveDateTime ?? m.effectivePeriod?.start)}`;
    }
    case 'Procedure': {
      const p = resource as Procedure;
      return `Procedure: ${conceptText(p.code) ?? 'procedure'}${when(p.performedDateTime ?? p.performedPeriod?.start)}`;
    }
    case 'Encounter': {
      const e = resource as Encounter;
      const type = conceptText(e.type?.[0])?.replace(/\s*\((?:procedure|finding)\)$/, '');
      return `Encounter: ${type ?? e.class?.display ?? e.class?.code ?? 'visit'}${when(e.period?.start)}`;
    }
    case 'Claim':
    case 'ExplanationOfBenefit': {
      const c = resource as Claim | ExplanationOfBenefit;
      return `${resource.resourceType === 'Claim' ? 'Claim' : 'Explanation of benefit'}${when(c.created ?? c.billablePeriod?.start)}`;
    }
    case 'DiagnosticReport': {
      const d = resource as DiagnosticReport;
      return `Report: ${conceptText(d.code) ?? 'report'}${when(d.effectiveDateTime ?? d.issued)}`;
    }
    default:
      return `${TYPE_WORDS[resource.resourceType] ?? resource.resourceType} record`;
  }
}

/** Resource types in people's words, for what has no better label. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  DocumentReference: 'Note', AllergyIntolerance: 'Allergy', CareTeam: 'Care team', DetectedIssue: 'Finding', Task: 'Query',
  QuestionnaireResponse: 'Query answer', Practitioner: 'Clinician', Medication: 'Medication', Patient: 'Patient',
};

/**
 * A label for a `Type/id` reference: what the record holds there, or, when it does not hold it, its type in
 * words ("Procedure (not in the record read)"): never the raw id.
 */
export function describeEvidence(record: PatientRecord, reference: string): string {
  const resource = record.resolve(reference);
  if (resource) return describeResource(record, resource);
  const type = reference.split('/').at(-2) ?? 'Resource';
  return `${TYPE_WORDS[type] ?? type} (not in the record read)`;
}
