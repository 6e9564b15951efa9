import { describe, expect, it } from 'vitest';
import type { Patient } from 'fhir/r4';
import { formatHumanName, medicalRecordNumber, patientBannerFacts, userDisplayName } from '../../src/record/people';
import { readResourceOf } from '../../src/record/read-resource';

describe('formatHumanName', () => {
  it.each([
    ['prefers the official name over a maiden name', [{ use: 'maiden', family: 'Wunsch', given: ['Twyla'] }, { use: 'official', family: 'Moen', given: ['Twyla'] }], 'Twyla Moen'],
    ['skips names that have ended', [{ family: 'Old', given: ['A'], period: { end: '2000-01-01' } }, { family: 'New', given: ['A'] }], 'A New'],
    ['uses the text when there are no parts', [{ text: 'Jane Q. Public' }], 'Jane Q. Public'],
    ['appends suffixes after a comma', [{ family: 'Okafor', given: ['Renée'], suffix: ['RHIT', 'CCDS'] }], 'Renée Okafor, RHIT, CCDS'],
    ['joins several given names', [{ family: 'Brekke', given: ['Jorge', 'Luis'] }], 'Jorge Luis Brekke'],
  ] as const)('%s', (_title, names, expected) => {
    expect(formatHumanName(names as never)).toBe(expected);
  });

  it('returns undefined when no name is usable', () => {
    expect(formatHumanName(undefined)).toBeUndefined();
    expect(formatHumanName([{ given: [''] }])).toBeUndefined();
  });
});

describe('patient banner facts', () => {
  const mr = { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: 'M-1' };
  const ssn = { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'SS' }] }, value: '999-00-0000' };

  it('takes the MRN from the identifier typed MR, never another identifier', () => {
    expect(medicalRecordNumber({ resourceType: 'Patient', identifier: [ssn, mr] })).toBe('M-1');
    expect(medicalRecordNumber({ resourceType: 'Patient', identifier: [ssn, { value: 'untyped' }] })).toBeUndefined();
  });

  it('reads a deceased patient and ignores a malformed birth date', () => {
    const patient: Patient = { resourceType: 'Patient', birthDate: '12/09/1945', deceasedDateTime: '2020-01-01', gender: 'male' };
    expect(patientBannerFacts(patient)).toEqual({ name: 'Name not recorded', birthDate: undefined, sex: 'Male', mrn: undefined, deceased: true });
  });
});

describe('userDisplayName', () => {
  it('names a Practitioner with the prefix, and a PractitionerRole by its practitioner display', () => {
    expect(userDisplayName({ resourceType: 'Practitioner', name: [{ prefix: ['Dr.'], given: ['Rashad'], family: 'Maggio' }] })).toBe('Dr. Rashad Maggio');
    expect(userDisplayName({ resourceType: 'PractitionerRole', practitioner: { display: 'Dr. Ada Lovelace' } })).toBe('Dr. Ada Lovelace');
  });
});

describe('the banner on older record shapes and hostile fields', () => {
  it('finds the MRN typed under the STU3 v2-0203 system URI', () => {
    const stu3 = readResourceOf<Patient>({
      resourceType: 'Patient', id: 'p', name: [{ family: 'Moen', given: ['Twyla'] }],
      identifier: [{ type: { coding: [{ system: 'http://hl7.org/fhir/v2/0203', code: 'MR' }] }, system: 'http://hospital.example.org', value: 'MRN-4471' }],
    }, ['Patient'])!;
    expect(patientBannerFacts(stu3).mrn).toBe('MRN-4471');
  });

  it('shows no sex for a gender that is a prototype key, and no name from names of the wrong type', () => {
    const odd = readResourceOf<Patient>(JSON.parse('{"resourceType":"Patient","id":"p","gender":"constructor","name":[{"family":7,"given":"Ada"}],"birthDate":"1950-02-30"}'), ['Patient'])!;
    expect(patientBannerFacts(odd)).toEqual({ name: 'Ada', birthDate: undefined, sex: undefined, mrn: undefined, deceased: false });
  });
});
