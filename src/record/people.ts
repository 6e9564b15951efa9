/**
 * How people in the record are named and identified on screen. Pure functions over FHIR R4 JSON that
 * tolerate missing or odd fields (a name with only text, no official name, an identifier without type).
 */
import type { HumanName, Identifier, Patient, Practitioner } from 'fhir/r4';

const V2_IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';

function pickName(names: HumanName[] | undefined): HumanName | undefined {
  const current = (names ?? []).filter((n) => !n.period?.end && n.use !== 'old');
  return current.find((n) => n.use === 'official') ?? current.find((n) => n.use === 'usual') ?? current[0] ?? names?.[0];
}

/** "Given Family, Suffix", or the name's text, or undefined when the resource has no usable name. */
export function formatHumanName(names: HumanName[] | undefined, { withPrefix = false } = {}): string | undefined {
  const name = pickName(names);
  if (!name) return undefined;
  const parts = [...(withPrefix ? (name.prefix ?? []) : []), ...(name.given ?? []), name.family].filter(
    (p): p is string => typeof p === 'string' && p.trim() !== '',
  );
  const main = parts.join(' ').trim();
  const suffix = (name.suffix ?? []).filter(Boolean).join(', ');
  if (!main) return name.text?.trim() || undefined;
  return suffix ? `${main}, ${suffix}` : main;
}

/** The medical record number: an identifier typed MR (HL7 v2 table 0203). */
export function medicalRecordNumber(patient: Patient): string | undefined {
  const isMrn = (id: Identifier) => id.type?.coding?.some((c) => c.system === V2_IDENTIFIER_TYPE && c.code === 'MR');
  return patient.identifier?.find(isMrn)?.value;
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

export function patientBannerFacts(patient: Patient): PatientBannerFacts {
  return {
    name: formatHumanName(patient.name) ?? 'Name not recorded',
    birthDate: /^\d{4}(-\d{2}(-\d{2})?)?$/.test(patient.birthDate ?? '') ? patient.birthDate : undefined,
    sex: typeof patient.gender === 'string' ? GENDER_LABEL.get(patient.gender) : undefined,
    mrn: medicalRecordNumber(patient),
    deceased: Boolean(patient.deceasedBoolean || patient.deceasedDateTime),
  };
}

export function practitionerName(practitioner: Practitioner): string | undefined {
  return formatHumanName(practitioner.name, { withPrefix: true });
}

/** The signed-in user's display name, whatever resource type fhirUser points to. */
export function userDisplayName(user: { resourceType: string; name?: HumanName[]; practitioner?: { display?: string } }): string | undefined {
  if (user.resourceType === 'PractitionerRole') return user.practitioner?.display;
  return formatHumanName(user.name, { withPrefix: user.resourceType === 'Practitioner' });
}
