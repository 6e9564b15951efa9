/**
 * Splits a pool of resources (a multi-patient Bundle, or a FHIR Bulk Data export: one NDJSON file per
 * resource type) into one set per patient, by each resource's patient compartment reference
 * (subject / patient / for / beneficiary). Resources in no patient's compartment (Practitioner,
 * Organization, Medication, ...) are returned once, as `shared`: the caller indexes them once and every
 * patient's record refers to them, so the cost stays linear in the export's size.
 * https://hl7.org/fhir/R4/compartmentdefinition-patient.html ; https://hl7.org/fhir/uv/bulkdata/
 */
import type { Resource } from 'fhir/r4';
import { parseReference } from './references';

export interface PooledEntry {
  resource: Resource;
  fullUrl?: string;
}

export interface PatientGroup {
  /**
   * The patient's id: the Patient resource's, the one its references name when the Patient is missing, or
   * the UUID of its `urn:uuid:` fullUrl in a transaction Bundle whose entries carry no ids.
   */
  patientId: string;
  entries: PooledEntry[];
}

export interface PatientPool {
  groups: PatientGroup[];
  /** Resources in no patient's compartment, in pool order. */
  shared: PooledEntry[];
}

const PATIENT_FIELDS = ['subject', 'patient', 'for', 'beneficiary'] as const;
const URN_UUID = 'urn:uuid:';

/** The id a resource goes by: its own, else the UUID of its `urn:uuid:` fullUrl (as Synthea names them). */
export function entryId(resource: Resource, fullUrl: string | undefined): string | undefined {
  if (typeof resource.id === 'string' && resource.id !== '') return resource.id;
  return typeof fullUrl === 'string' && fullUrl.startsWith(URN_UUID) && fullUrl.length > URN_UUID.length
    ? fullUrl.slice(URN_UUID.length) : undefined;
}

/**
 * The patient whose compartment a resource is in: a Patient's own id, else the patient its subject / patient /
 * for / beneficiary reference names (`Patient/<id>`, absolute, or a `urn:uuid:` fullUrl, mapped through
 * `patientIdByFullUrl` when the Bundle gives the Patient's). Undefined for a resource in no patient's
 * compartment. Line by line: a Bulk Data NDJSON line needs nothing else.
 */
export function patientIdOf(resource: Resource, fullUrl?: string, patientIdByFullUrl: ReadonlyMap<string, string> = new Map()): string | undefined {
  if (resource.resourceType === 'Patient') return entryId(resource, fullUrl);
  for (const field of PATIENT_FIELDS) {
    const value = (resource as unknown as Record<string, unknown>)[field];
    const reference = typeof value === 'object' && value !== null ? (value as { reference?: unknown }).reference : undefined;
    if (typeof reference !== 'string' || reference === '') continue;
    const byFullUrl = patientIdByFullUrl.get(reference);
    if (byFullUrl) return byFullUrl;
    const patientId = patientIdOfReference(reference);
    if (patientId !== undefined) return patientId;
  }
  return undefined;
}

/** The patient a compartment reference names: `Patient/<id>`, an absolute URL ending so, or a `urn:uuid:`. */
export function patientIdOfReference(reference: string): string | undefined {
  const parsed = parseReference(reference);
  if ((parsed?.kind === 'relative' || parsed?.kind === 'absolute') && parsed.type === 'Patient' && parsed.id) return parsed.id;
  if (parsed?.kind === 'urn' && parsed.urn.startsWith(URN_UUID)) return parsed.urn.slice(URN_UUID.length);
  return undefined;
}

export function groupByPatient(pool: readonly PooledEntry[]): PatientPool {
  const patientIdByFullUrl = new Map<string, string>();
  for (const { resource, fullUrl } of pool) {
    const id = entryId(resource, fullUrl);
    if (resource.resourceType === 'Patient' && id && typeof fullUrl === 'string') patientIdByFullUrl.set(fullUrl, id);
  }
  const patientOf = (entry: PooledEntry) => patientIdOf(entry.resource, entry.fullUrl, patientIdByFullUrl);

  const groups = new Map<string, PooledEntry[]>();
  const shared: PooledEntry[] = [];
  for (const entry of pool) {
    const patientId = patientOf(entry);
    if (patientId === undefined) {
      shared.push(entry);
      continue;
    }
    let entries = groups.get(patientId);
    if (!entries) groups.set(patientId, (entries = []));
    entries.push(entry);
  }
  return { groups: [...groups].map(([patientId, entries]) => ({ patientId, entries })), shared };
}
