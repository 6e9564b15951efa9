/**
 * How people in the record are named and identified on screen. Pure functions over FHIR R4 JSON that
 * tolerate missing or odd fields (a name with only text, no official name, an identifier without type);
 * resources given to them are read through the trust boundary (read-resource.ts) first, so a field of the
 * wrong type is simply absent.
 */
import type { HumanName, Identifier, Patient, Practitioner, PractitionerRole, RelatedPerson } from 'fhir/r4';
import { readResourceOf } from './read-resource';

/** Naming someone needs no id. */
const ANY_ID = { requireId: false };
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

const V2_IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';

function pickName(names: HumanName[] | undefined): HumanName | undefined {
  const all = Array.isArray(names) ? names.filter((n): n is HumanName => typeof n === 'object' && n !== null) : [];
  const current = all.filter((n) => !n.period?.end && n.use !== 'old');
  return current.find((n) => n.use === 'official') ?? current.find((n) => n.use === 'usual') ?? current[0] ?? all[0];
}

/** "Given Family, Suffix", or the name's text, or undefined when the resource has no usable name. */
export function formatHumanName(names: HumanName[] | undefined, { withPrefix = false } = {}): string | undefined {
  const name = pickName(names);
  if (!name) return undefined;
  const parts = [...(withPrefix ? strings(name.prefix) : []), ...strings(name.given), name.family].filter(
    (p): p is string => typeof p === 'string' && p.trim() !== '',
  );
  const main = parts.join(' ').trim();
  const suffix = strings(name.suffix).filter(Boolean).join(', ');
  if (!main) return (typeof name.text === 'string' ? name.text.trim() : '') || undefined;
  return suffix ? `${main}, ${suffix}` : main;
}

/** The medical record number: an identifier typed MR (HL7 v2 table 0203). */
export function medicalRecordNumber(patient: Patient): string | undefined {
  const read = readResourceOf<Patient>(patient, ['Patient'], ANY_ID);
  const isMrn = (id: Identifier) => id.type?.coding?.some((c) => c.system === V2_IDENTIFIER_TYPE && c.code === 'MR');
  return read?.identifier?.find(isMrn)?.value;
}

const GENDER_LABEL: ReadonlyMap<string, string> = new Map([['male', 'Male'], ['female', 'Female'], ['other', 'Other'], ['unknown', 'Unknown']]);

export interface PatientBannerFacts {
  name: string;
  birthDate?: string;
  /** Administrative gender, as FHIR records it. */
  sex?: string;
  mrn?: string;
  deceased: boolean;
}

export function patientBannerFacts(untrusted: Patient): PatientBannerFacts {
  const patient = readResourceOf<Patient>(untrusted, ['Patient'], ANY_ID) ?? { resourceType: 'Patient' };
  return {
    name: formatHumanName(patient.name) ?? 'Name not recorded',
    birthDate: /^\d{4}(-\d{2}(-\d{2})?)?$/.test(patient.birthDate ?? '') ? patient.birthDate : undefined,
    sex: typeof patient.gender === 'string' ? GENDER_LABEL.get(patient.gender) : undefined,
    mrn: medicalRecordNumber(patient),
    deceased: Boolean(patient.deceasedBoolean || patient.deceasedDateTime),
  };
}

export function practitionerName(practitioner: Practitioner): string | undefined {
  return formatHumanName(readResourceOf<Practitioner>(practitioner, ['Practitioner'], ANY_ID)?.name, { withPrefix: true });
}

/** The signed-in user's display name, whatever resource type fhirUser points to. */
export function userDisplayName(untrusted: { resourceType: string; name?: HumanName[]; practitioner?: { display?: string } }): string | undefined {
  const user = readResourceOf<Patient | Practitioner | PractitionerRole | RelatedPerson>(untrusted, ['Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson'], ANY_ID);
  if (!user) return undefined;
  if (user.resourceType === 'PractitionerRole') return user.practitioner?.display;
  return formatHumanName(user.name, { withPrefix: user.resourceType === 'Practitioner' });
}
