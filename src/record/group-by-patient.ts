/**
 * Splits a pool of resources (a multi-patient Bundle, or a FHIR Bulk Data export: one NDJSON file per
 * resource type) into one set per patient, by each resource's patient compartment reference
 * (subject / patient / for / beneficiary). Resources in no patient's compartment (Practitioner,
 * Organization, Medication, ...) are shared with every patient, since any of them may reference them.
 * https://hl7.org/fhir/R4/compartmentdefinition-patient.html ; https://hl7.org/fhir/uv/bulkdata/
 */
import type { Resource } from 'fhir/r4';
import { parseReference } from './references';

export interface PooledEntry {
  resource: Resource;
  fullUrl?: string;
}

export interface PatientGroup {
  /** The patient's id (from the Patient resource, or from the references when the Patient is missing). */
  patientId: string;
  entries: PooledEntry[];
}

const PATIENT_FIELDS = ['subject', 'patient', 'for', 'beneficiary'] as const;

export function groupByPatient(pool: readonly PooledEntry[]): PatientGroup[] {
  const patientIdByFullUrl = new Map<string, string>();
  for (const { resource, fullUrl } of pool) {
    if (resource.resourceType === 'Patient' && resource.id && fullUrl) patientIdByFullUrl.set(fullUrl, resource.id);
  }
  const patientOf = (resource: Resource): string | undefined => {
    if (resource.resourceType === 'Patient') return resource.id;
    for (const field of PATIENT_FIELDS) {
      const reference = (resource as unknown as Record<string, { reference?: string } | undefined>)[field]?.reference;
      if (!reference) continue;
      const byFullUrl = patientIdByFullUrl.get(reference);
      if (byFullUrl) return byFullUrl;
      const parsed = parseReference(reference);
      if ((parsed?.kind === 'relative' || parsed?.kind === 'absolute') && parsed.type === 'Patient' && parsed.id) return parsed.id;
    }
    return undefined;
  };

  const groups = new Map<string, PooledEntry[]>();
  const shared: PooledEntry[] = [];
  for (const entry of pool) {
    const patientId = patientOf(entry.resource);
    if (patientId === undefined) {
      shared.push(entry);
      continue;
    }
    let entries = groups.get(patientId);
    if (!entries) groups.set(patientId, (entries = []));
    entries.push(entry);
  }
  return [...groups].map(([patientId, entries]) => ({ patientId, entries: [...entries, ...shared] }));
}
