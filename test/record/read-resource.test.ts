import { describe, expect, it } from 'vitest';
import type { Condition, Encounter, MedicationAdministration, MedicationRequest, Observation, Patient, Procedure } from 'fhir/r4';
import { readResource, readResourceOf } from '../../src/record/read-resource';
import { SYSTEM } from '../../src/terminology/systems';

const read = (value: unknown) => {
  const outcome = readResource(value);
  if ('problem' in outcome) throw new Error(`expected a resource, got: ${outcome.problem}`);
  return outcome;
};
/** JSON as a server sends it: `__proto__` is an own key, as JSON.parse makes it. */
const json = (text: string): unknown => JSON.parse(text);

describe('readResource: what cannot be a resource', () => {
  it.each([
    ['null', null, 'not a JSON object'],
    ['an array', [], 'not a JSON object'],
    ['a string', 'Patient', 'not a JSON object'],
    ['no resourceType', { id: 'x' }, 'no resourceType'],
    ['a number as resourceType', { resourceType: 7, id: 'x' }, 'no resourceType'],
    ['a resourceType that is no FHIR name', { resourceType: '__proto__', id: 'x' }, 'no resourceType'],
    ['no id', { resourceType: 'Condition' }, 'no id'],
    ['a number as id', { resourceType: 'Condition', id: 12 }, 'id is not a FHIR id'],
    ['an id with a slash', { resourceType: 'Condition', id: 'a/b' }, 'id is not a FHIR id'],
  ])('refuses %s with a reason', (_name, value, problem) => {
    expect(readResource(value)).toMatchObject({ problem });
  });

  it('names a resource without id by its urn:uuid when the Bundle gives one', () => {
    expect(readResource({ resourceType: 'Condition' }, '7c1e')).toMatchObject({ resource: { resourceType: 'Condition', id: '7c1e' } });
  });
});

describe('readResource: fields of the wrong type are left out, the rest is kept', () => {
  it.each<[string, unknown, (c: Condition) => unknown, unknown, string]>([
    ['code.coding as an object (read as one coding)', { coding: { system: SYSTEM.ICD10CM, code: 'E11.9' } }, (c) => c.code?.coding?.map((x) => x.code), ['E11.9'], 'Condition.code.coding'],
    ['a null coding', { coding: [null, { system: SYSTEM.ICD10CM, code: 'E11.9' }] }, (c) => c.code?.coding?.map((x) => x.code), ['E11.9'], 'Condition.code.coding'],
    ['a number as a code', { coding: [{ system: SYSTEM.ICD10CM, code: 250 }], text: 'Diabetes' }, (c) => c.code, { coding: [{ system: SYSTEM.ICD10CM }], text: 'Diabetes' }, 'Condition.code.coding.code'],
    ['code.coding as a string', { coding: 'E11.9' }, (c) => c.code, undefined, 'Condition.code.coding'],
    ['a 300,000-character code', { coding: [{ system: SYSTEM.ICD10CM, code: 'E'.repeat(300_000) }] }, (c) => c.code?.coding?.[0]?.code, undefined, 'Condition.code.coding.code'],
  ])('%s', (_name, code, pick, expected, path) => {
    const { resource, ignored } = read({ resourceType: 'Condition', id: 'c', code });
    expect(pick(resource as Condition)).toEqual(expected);
    expect(ignored).toContain(path);
  });

  it('ignores a reference that is a number, a date that is no FHIR date, a value that is a string', () => {
    const { resource, ignored } = read({
      resourceType: 'Observation', id: 'o', status: 'final', subject: { reference: 42 }, effectiveDateTime: '2021-02-30',
      code: { coding: [{ system: SYSTEM.LOINC, code: '2951-2' }] }, valueQuantity: { value: '134', unit: 'mmol/L' },
    });
    const observation = resource as Observation;
    expect(observation.subject).toBeUndefined();
    expect(observation.effectiveDateTime).toBeUndefined();
    expect(observation.valueQuantity).toEqual({ unit: 'mmol/L' });
    expect([...ignored].sort()).toEqual(['Observation.effectiveDateTime', 'Observation.subject.reference', 'Observation.valueQuantity.value']);
  });

  it('copies only known fields onto plain objects: prototype keys from the input never reach the rules', () => {
    const { resource } = read(json(`{
      "resourceType": "Condition", "id": "c", "__proto__": { "polluted": true }, "constructor": "x", "toString": 1,
      "code": { "coding": [{ "system": "${SYSTEM.ICD10CM}", "code": "E11.9", "__proto__": { "code": "X" }, "toString": {} }] }
    }`));
    expect(Object.keys(resource).sort()).toEqual(['code', 'id', 'resourceType']);
    expect(Object.getPrototypeOf(resource)).toBe(Object.prototype);
    expect((resource as unknown as { polluted?: boolean }).polluted).toBeUndefined();
    expect(String((resource as Condition).code!.coding![0]!.code)).toBe('E11.9');
    expect(`${(resource as Condition).code!.coding![0]!.toString()}`).toBe('[object Object]');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('never changes its input', () => {
    const input = { resourceType: 'Condition', id: 'c', clinicalStatus: 'active', context: { reference: 'Encounter/e' }, code: { coding: { code: 1 } } };
    const before = JSON.stringify(input);
    read(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('keeps types the rules do not read as they came', () => {
    const task = { resourceType: 'Task', id: 't', status: 'requested', input: [{ type: { text: 'x' }, valueString: 'y' }] };
    expect(read(task).resource).toEqual(task);
  });

  it('reads contained resources the same way and does not follow nesting beyond one level', () => {
    const { resource } = read({
      resourceType: 'MedicationRequest', id: 'mr', status: 'active', intent: 'order', medicationReference: { reference: '#m' },
      contained: [{ resourceType: 'Medication', id: 'm', code: { coding: [{ code: 5 }], text: 'Warfarin' }, contained: [{ resourceType: 'Medication', id: 'deep' }] }, 17],
    });
    expect((resource as MedicationRequest).contained).toEqual([{ resourceType: 'Medication', id: 'm', code: { text: 'Warfarin' } }]);
  });
});

describe('readResource: older record shapes, read by meaning', () => {
  const condition = (fields: Record<string, unknown>) => read({ resourceType: 'Condition', id: 'c', code: { text: 'x' }, ...fields }).resource as Condition;

  it.each([
    ['an STU3 string clinicalStatus', { clinicalStatus: 'active' }, { clinicalStatus: { coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'active' }] } }],
    ['an STU3 string verificationStatus', { verificationStatus: 'refuted' }, { verificationStatus: { coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: 'refuted' }] } }],
    ['a status under the STU3 system URI', { clinicalStatus: { coding: [{ system: 'http://hl7.org/fhir/condition-clinical', code: 'resolved' }] } }, { clinicalStatus: { coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'resolved' }] } }],
    ['STU3 context as the encounter', { context: { reference: 'Encounter/e' } }, { encounter: { reference: 'Encounter/e' } }],
    ['STU3 assertedDate as the recorded date', { assertedDate: '2019-05-01' }, { recordedDate: '2019-05-01' }],
    ['DSTU2 dateRecorded as the recorded date', { dateRecorded: '2015-05-01' }, { recordedDate: '2015-05-01' }],
    ['DSTU2 patient as the subject', { patient: { reference: 'Patient/p' } }, { subject: { reference: 'Patient/p' } }],
  ])('reads %s', (_name, fields, expected) => {
    expect(condition(fields)).toMatchObject(expected);
  });

  it('prefers the R4 field when both are present', () => {
    expect(condition({ context: { reference: 'Encounter/old' }, encounter: { reference: 'Encounter/new' } }).encounter).toEqual({ reference: 'Encounter/new' });
  });

  it.each([
    ['STU3 "unknown"', 'unknown'],
    ['free text', 'Active problem'],
    ['a number', 1],
    ['an empty concept', {}],
    ['a concept with only text', { text: 'Active' }],
    ['a code of another system', { coding: [{ system: 'http://example.org/status', code: 'active' }] }],
  ])('leaves out a status it cannot read (%s): unknown, which reads as absent', (_name, clinicalStatus) => {
    expect(condition({ clinicalStatus }).clinicalStatus).toBeUndefined();
  });

  it('reads a DSTU2 string Encounter.class as its v3 ActCode', () => {
    const encounter = read({ resourceType: 'Encounter', id: 'e', status: 'finished', class: 'inpatient' }).resource as Encounter;
    expect(encounter.class).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' });
  });

  it('reads STU3 Dosage.doseQuantity into doseAndRate', () => {
    const order = read({ resourceType: 'MedicationRequest', id: 'mr', status: 'active', intent: 'order', dosageInstruction: [{ doseQuantity: { value: 40, unit: 'mg' }, route: { text: 'IV' } }] }).resource as MedicationRequest;
    expect(order.dosageInstruction).toEqual([{ route: { text: 'IV' }, doseAndRate: [{ doseQuantity: { value: 40, unit: 'mg' } }] }]);
  });

  it('reads STU3 notGiven and DSTU2 notPerformed as status not-done', () => {
    expect((read({ resourceType: 'MedicationAdministration', id: 'a', status: 'completed', notGiven: true }).resource as MedicationAdministration).status).toBe('not-done');
    expect((read({ resourceType: 'Procedure', id: 'p', status: 'completed', notPerformed: true }).resource as Procedure).status).toBe('not-done');
  });

  it.each([
    ['the STU3 v2-0203 URI', 'http://hl7.org/fhir/v2/0203', SYSTEM.V2_IDENTIFIER_TYPE],
    ['the ICD-10-CM OID', 'urn:oid:2.16.840.1.113883.6.90', SYSTEM.ICD10CM],
    ['the SNOMED CT OID', 'urn:oid:2.16.840.1.113883.6.96', SYSTEM.SNOMED],
    ['the LOINC OID', 'urn:oid:2.16.840.1.113883.6.1', SYSTEM.LOINC],
    ['LOINC with a trailing slash', 'http://loinc.org/', SYSTEM.LOINC],
    ['an unknown system, unchanged', 'http://example.org/local', 'http://example.org/local'],
  ])('reads code systems under %s', (_name, system, canonical) => {
    const patient = read({ resourceType: 'Patient', id: 'p', identifier: [{ type: { coding: [{ system, code: 'MR' }] }, value: '123' }] }).resource as Patient;
    expect(patient.identifier![0]!.type!.coding![0]!.system).toBe(canonical);
  });
});

describe('readResourceOf', () => {
  it('reads a resource of the expected type and refuses another', () => {
    expect(readResourceOf<Patient>({ resourceType: 'Patient', id: 'p', gender: 7 }, ['Patient'])).toEqual({ resourceType: 'Patient', id: 'p' });
    expect(readResourceOf<Patient>({ resourceType: 'Observation', id: 'p' }, ['Patient'])).toBeUndefined();
    expect(readResourceOf<Patient>('Patient/p', ['Patient'])).toBeUndefined();
  });
});

describe('readResource: hostile text', () => {
  it('removes terminal escape sequences, control characters and bidi overrides from text, keeping line breaks and HTML as text', () => {
    const { resource } = read({
      resourceType: 'MedicationRequest', id: 'mr', status: 'active', intent: 'order',
      medicationCodeableConcept: { text: 'Furosemide \u001b[2J\u001b[31m<img src=x onerror=alert(1)>\u001b[0m 40 MG\u0007\u202e', coding: [{ display: 'a\u0000b\tc\nd\u009b' }] },
    });
    const concept = (resource as MedicationRequest).medicationCodeableConcept!;
    expect(concept.text).toBe('Furosemide <img src=x onerror=alert(1)> 40 MG');
    expect(concept.coding![0]!.display).toBe('ab\tc\nd');
  });
});
