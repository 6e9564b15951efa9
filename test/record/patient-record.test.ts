import { describe, expect, it } from 'vitest';
import type { Bundle, Condition, Medication, MedicationRequest, Observation, Patient } from 'fhir/r4';
import { PatientRecord } from '../../src/record/patient-record';
import { LOINC } from '../../src/terminology/loinc';
import { SYSTEM } from '../../src/terminology/systems';

const patient: Patient = { resourceType: 'Patient', id: 'pat-1', gender: 'female', birthDate: '1945-12-09' };
const subject = { reference: 'Patient/pat-1' };

/** A lab result as Synthea's R4 export writes it. */
function lab(id: string, loinc: string, value: number, unit: string, effectiveDateTime: string, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation', id, status: 'final',
    category: [{ coding: [{ system: SYSTEM.OBSERVATION_CATEGORY, code: 'laboratory', display: 'laboratory' }] }],
    code: { coding: [{ system: SYSTEM.LOINC, code: loinc, display: loinc }], text: loinc },
    subject, effectiveDateTime, issued: effectiveDateTime,
    valueQuantity: { value, unit, system: SYSTEM.UCUM, code: unit },
    ...extra,
  };
}

function condition(id: string, codings: Array<[string, string]>, extra: Partial<Condition> = {}): Condition {
  return {
    resourceType: 'Condition', id, subject,
    clinicalStatus: { coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'active' }] },
    verificationStatus: { coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: 'confirmed' }] },
    code: { coding: codings.map(([system, code]) => ({ system, code })) },
    ...extra,
  };
}

describe('PatientRecord: building', () => {
  it('builds from a transaction Bundle with urn:uuid fullUrls, as Synthea writes it', () => {
    const bundle: Bundle = {
      resourceType: 'Bundle', type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:pat-1', resource: patient, request: { method: 'POST', url: 'Patient' } },
        { fullUrl: 'urn:uuid:obs-1', resource: lab('obs-1', LOINC.SODIUM_BLOOD, 131, 'mmol/L', '2021-03-01T08:00:00Z', { subject: { reference: 'urn:uuid:pat-1' } }), request: { method: 'POST', url: 'Observation' } },
      ],
    };
    const record = PatientRecord.fromBundle(bundle);
    expect(record.patient?.id).toBe('pat-1');
    const obs = record.byType('Observation')[0]!;
    expect(record.resolve(obs.subject)).toBe(record.patient);
    expect(record.issues).toEqual([]);
  });

  it('builds from searchset and collection Bundles and from NDJSON lines alike', () => {
    const resources = [patient, lab('o1', LOINC.HEMOGLOBIN, 11.2, 'g/dL', '2021-01-01')];
    const searchset = PatientRecord.fromBundle({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });
    const ndjson = PatientRecord.fromNdjson([...resources.map((r) => JSON.stringify(r)), '']);
    for (const record of [searchset, ndjson, PatientRecord.fromResources(resources)]) {
      expect(record.size).toBe(2);
      expect(record.observations(LOINC.HEMOGLOBIN).map((p) => p.value)).toEqual([11.2]);
    }
  });

  it('counts what it cannot use instead of throwing: non-JSON lines, non-resources, missing ids, missing codes and values', () => {
    const record = PatientRecord.fromNdjson([
      JSON.stringify(patient),
      '{"resourceType": "Observation", "id": "broken"',
      JSON.stringify({ hello: 'world' }),
      JSON.stringify({ resourceType: 'Condition', subject }),
      JSON.stringify({ resourceType: 'Observation', id: 'no-code', status: 'final', subject, effectiveDateTime: '2021-01-01', valueQuantity: { value: 1 } }),
      JSON.stringify({ resourceType: 'Observation', id: 'no-value', status: 'final', subject, effectiveDateTime: '2021-01-01', code: { coding: [{ system: SYSTEM.LOINC, code: LOINC.SODIUM_SERUM }] } }),
      JSON.stringify(lab('string-value', LOINC.SODIUM_SERUM, 0, 'mmol/L', '2021-01-01', { valueQuantity: { value: '134' as unknown as number, unit: 'mmol/L' } })),
      JSON.stringify(lab('bad-unit', LOINC.SODIUM_SERUM, 134, 'mg/dL', '2021-01-01')),
      JSON.stringify(lab('no-time', LOINC.SODIUM_SERUM, 134, 'mmol/L', '', { effectiveDateTime: undefined, issued: undefined })),
      JSON.stringify(condition('uncoded', [])),
    ]);
    expect(Object.fromEntries(record.issueCounts())).toEqual({
      'line 2 is not JSON': 1,
      'entry is not a FHIR resource': 1,
      'Condition without id': 1,
      'Observation without code': 1,
      'Observation without a value': 1,
      'Observation with a malformed quantity': 1,
      'Observation with unit "mg/dL" is not convertible to mmol/L for LOINC 2951-2': 1,
      'Observation without a usable effective time': 1,
      'Condition without a coded diagnosis': 1,
    });
    expect(record.observations(LOINC.SODIUM_SERUM)).toEqual([]);
    expect(record.byType('Observation')).toHaveLength(5); // kept as resources, out of the indexes
  });

  it('keeps the first copy of a duplicated resource and says so', () => {
    const record = PatientRecord.fromResources([patient, lab('o1', LOINC.HEMOGLOBIN, 11, 'g/dL', '2021-01-01'), lab('o1', LOINC.HEMOGLOBIN, 9, 'g/dL', '2021-01-02')]);
    expect(record.observations(LOINC.HEMOGLOBIN).map((p) => p.value)).toEqual([11]);
    expect(record.issues).toEqual([{ reference: 'Observation/o1', resourceType: 'Observation', problem: 'duplicate; the first copy is used' }]);
  });

  it('does not change the resources it is given', () => {
    const input = [patient, lab('o1', LOINC.CREATININE_SERUM, 97.2, 'umol/L', '2021-01-01')];
    const before = JSON.stringify(input);
    PatientRecord.fromResources(input).observations(LOINC.CREATININE_SERUM);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('PatientRecord: references', () => {
  const medication: Medication = { resourceType: 'Medication', id: 'med-1', code: { text: 'Metformin 500 MG' } };
  const contained: MedicationRequest = {
    resourceType: 'MedicationRequest', id: 'mr-contained', status: 'active', intent: 'order', subject,
    contained: [{ resourceType: 'Medication', id: 'm1', code: { text: 'Levothyroxine 50 MCG' } } as Medication],
    medicationReference: { reference: '#m1' },
  };
  const record = PatientRecord.fromBundle({
    resourceType: 'Bundle', type: 'collection',
    entry: [
      { fullUrl: 'https://ehr.example.org/fhir/Patient/pat-1', resource: patient },
      { fullUrl: 'urn:uuid:0f8c2a52-9d4e-4a8e-9d52-0c8e6b5f1a11', resource: medication },
      { resource: contained },
    ],
  });

  it.each([
    ['Type/id', 'Patient/pat-1', 'pat-1'],
    ['Type/id/_history/version', 'Patient/pat-1/_history/3', 'pat-1'],
    ['an absolute URL equal to a fullUrl', 'https://ehr.example.org/fhir/Patient/pat-1', 'pat-1'],
    ['an absolute URL on the same ids', 'https://other.example.org/r4/Medication/med-1', 'med-1'],
    ['a urn:uuid fullUrl', 'urn:uuid:0f8c2a52-9d4e-4a8e-9d52-0c8e6b5f1a11', 'med-1'],
  ])('resolves %s', (_form, reference, id) => {
    expect(record.resolve({ reference })?.id).toBe(id);
  });

  it('resolves #contained references inside their container only', () => {
    expect(record.resolve({ reference: '#m1' }, contained)?.id).toBe('m1');
    expect(record.resolve({ reference: '#m1' })).toBeUndefined();
    expect(record.medicationOf(contained)).toEqual({ text: 'Levothyroxine 50 MCG' });
  });

  it.each([['an unknown id', 'Patient/nobody'], ['a malformed reference', 'not a reference'], ['an empty reference', ''], ['a bare #', '#']])(
    'returns undefined for %s', (_title, reference) => {
      expect(record.resolve({ reference })).toBeUndefined();
    },
  );
});

describe('PatientRecord: observations by LOINC code', () => {
  const record = PatientRecord.fromResources([
    patient,
    lab('cr-2', LOINC.CREATININE_SERUM, 1.9, 'mg/dL', '2021-03-02T06:00:00Z'),
    lab('cr-1', LOINC.CREATININE_SERUM, 88.42, 'umol/L', '2021-03-01T06:00:00Z'),
    lab('cr-3', LOINC.CREATININE_BLOOD, 1.4, 'mg/dL', '2021-03-03T06:00:00Z'),
    lab('cr-err', LOINC.CREATININE_SERUM, 9.9, 'mg/dL', '2021-03-02T07:00:00Z', { status: 'entered-in-error' }),
    {
      resourceType: 'Observation', id: 'bp-1', status: 'final', subject, effectiveDateTime: '2021-03-01T08:00:00Z',
      code: { coding: [{ system: SYSTEM.LOINC, code: LOINC.BLOOD_PRESSURE_SYNTHEA }] },
      component: [
        { code: { coding: [{ system: SYSTEM.LOINC, code: LOINC.SYSTOLIC_BP }] }, valueQuantity: { value: 88, unit: 'mm[Hg]', system: SYSTEM.UCUM, code: 'mm[Hg]' } },
        { code: { coding: [{ system: SYSTEM.LOINC, code: LOINC.DIASTOLIC_BP }] }, valueQuantity: { value: 52, unit: 'mm[Hg]', system: SYSTEM.UCUM, code: 'mm[Hg]' } },
      ],
    } satisfies Observation,
  ]);

  it('returns the points oldest first, in the canonical unit, without entered-in-error results', () => {
    expect(record.observations(LOINC.CREATININE_SERUM).map((p) => [p.reference, p.value, p.unit])).toEqual([
      ['Observation/cr-1', 1, 'mg/dL'],
      ['Observation/cr-2', 1.9, 'mg/dL'],
    ]);
  });

  it('merges several codes for one analyte in time order', () => {
    expect(record.observations(LOINC.CREATININE_SERUM, LOINC.CREATININE_BLOOD).map((p) => p.reference)).toEqual([
      'Observation/cr-1', 'Observation/cr-2', 'Observation/cr-3',
    ]);
  });

  it('indexes blood pressure components under their own codes', () => {
    expect(record.observations(LOINC.SYSTOLIC_BP)).toMatchObject([{ value: 88, component: 0, reference: 'Observation/bp-1' }]);
    expect(record.observations(LOINC.DIASTOLIC_BP)).toMatchObject([{ value: 52, component: 1 }]);
  });
});

describe('PatientRecord: conditions and medications', () => {
  const record = PatientRecord.fromResources([
    patient,
    condition('ckd', [[SYSTEM.SNOMED, '431855005'], [SYSTEM.ICD10CM, 'N18.3']]),
    condition('dm', [[SYSTEM.ICD10CM, 'e119']]),
    condition('err', [[SYSTEM.ICD10CM, 'E87.1']], { verificationStatus: { coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: 'entered-in-error' }] } }),
    { resourceType: 'MedicationRequest', id: 'active', status: 'active', intent: 'order', subject, medicationCodeableConcept: { text: 'Furosemide 40 MG' } },
    { resourceType: 'MedicationRequest', id: 'stopped', status: 'stopped', intent: 'order', subject, medicationCodeableConcept: { text: 'x' } },
    { resourceType: 'MedicationRequest', id: 'proposal', status: 'active', intent: 'proposal', subject, medicationCodeableConcept: { text: 'y' } },
  ]);

  it('finds conditions by exact code, ICD-10-CM compared with or without the dot', () => {
    expect(record.conditionsWithCode(SYSTEM.SNOMED, '431855005').map((c) => c.id)).toEqual(['ckd']);
    expect(record.conditionsWithCode(SYSTEM.ICD10CM, 'E11.9').map((c) => c.id)).toEqual(['dm']);
  });

  it('finds conditions by ICD-10-CM prefix, and ignores entered-in-error diagnoses', () => {
    expect(record.conditionsWithIcd10Prefix('N18').map((c) => c.id)).toEqual(['ckd']);
    expect(record.conditionsWithIcd10Prefix('e11.').map((c) => c.id)).toEqual(['dm']);
    expect(record.conditionsWithIcd10Prefix('E87.1')).toEqual([]);
  });

  it('lists only active medication orders', () => {
    expect(record.activeMedicationRequests().map((r) => r.id)).toEqual(['active']);
  });
});
