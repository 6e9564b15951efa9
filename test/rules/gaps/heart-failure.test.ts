import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { heartFailureTypeAcuityUnspecified } from '../../../src/rules/gaps/heart-failure';
import { LOINC } from '../../../src/terminology/loinc';
import { HEART_FAILURE_SNOMED, INTRAVENOUS_ROUTE_SNOMED, SNOMED } from '../../../src/terminology/snomed';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, findingsFor, icd10Condition, lab, medicationAdministration, medicationRequest, snomedCondition } from '../support';

// An inpatient stay, 1–8 March 2021, reviewed on 15 March.
const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z');
const lvef = (value: number, time = '2021-03-02T08:00:00Z') => lab(LOINC.LVEF, value, '%', time, { encounter: 'enc-1' });
const bnp = (value: number) => lab(LOINC.BNP, value, 'pg/mL', '2021-03-01T09:00:00Z', { encounter: 'enc-1' });
const ntProBnp = (value: number, unit = 'pg/mL') => lab(LOINC.NT_PROBNP, value, unit, '2021-03-01T09:00:00Z', { encounter: 'enc-1' });
const unspecifiedHf = () => icd10Condition('I50.9', { display: 'Heart failure, unspecified' });
// Synthea's IV furosemide product (RxCUI 1719286), and orders that only the route or free text make IV.
const ivFurosemide = () => medicationRequest('1719286', '10 ML Furosemide 10 MG/ML Injection', '2021-03-02T10:00:00Z', { encounter: { reference: 'Encounter/enc-1' } });
const oralFurosemide = () => medicationRequest(undefined, 'Furosemide 40 MG Oral Tablet', '2021-03-02T10:00:00Z');
const route = (text: string, code?: string) => ({ text, ...(code ? { coding: [{ system: SYSTEM.SNOMED, code, display: text }] } : {}) });
const OPTIONS = ['I50.21', 'I50.22', 'I50.23', 'I50.31', 'I50.32', 'I50.33', 'I50.41', 'I50.42', 'I50.43'];

describe('heart-failure/type-acuity-unspecified', () => {
  it.each<[string, Resource[]]>([
    ['I50.9 with an LVEF of 30 %', [unspecifiedHf(), lvef(30)]],
    ['I50.9 with an LVEF of 45 %', [unspecifiedHf(), lvef(45)]],
    ['I50.9 with an LVEF of 60 %', [unspecifiedHf(), lvef(60)]],
    ['I50.1 left ventricular failure, unspecified, with an LVEF', [icd10Condition('I50.1'), lvef(35)]],
    ['SNOMED heart failure with an NT-proBNP of exactly 300 pg/mL', [snomedCondition(SNOMED.HEART_FAILURE), ntProBnp(300)]],
    ['SNOMED congestive heart failure with a BNP of exactly 100 pg/mL', [snomedCondition(HEART_FAILURE_SNOMED.CONGESTIVE_HEART_FAILURE), bnp(100)]],
    ['an NT-proBNP reported in ng/L', [unspecifiedHf(), ntProBnp(350, 'ng/L')]],
    ["Synthea's chronic congestive heart failure with IV furosemide ordered", [snomedCondition(SNOMED.CHRONIC_CONGESTIVE_HEART_FAILURE), ivFurosemide()]],
    ['I50.9 with bumetanide given by a coded intravenous route', [unspecifiedHf(),
      medicationAdministration('1808', 'Bumetanide 0.25 MG/ML', '2021-03-02T10:00:00Z', { dosage: { route: route('Intravenous route', INTRAVENOUS_ROUTE_SNOMED) } })]],
    ['I50.9 with a free-text "furosemide 40 mg IV push" order', [unspecifiedHf(), medicationRequest(undefined, 'furosemide 40 mg IV push', '2021-03-02T10:00:00Z')]],
    ['I50.9 only on the claim for the stay, with an LVEF', [claim(['I50.9', 'N17.9'], '2021-03-08T12:00:00Z'), lvef(25)]],
    ['I50.9 with a systolic heart failure resolved years ago', [unspecifiedHf(), lvef(30),
      icd10Condition('I50.22', { clinicalStatus: 'resolved', recordedDate: '2016-01-01T00:00:00Z', onsetDateTime: '2016-01-01T00:00:00Z' })]],
  ])('flags %s', (_scenario, resources) => {
    const [finding] = findingsFor(heartFailureTypeAcuityUnspecified, [stay, ...resources], { encounterId: 'enc-1' });
    expect(finding).toMatchObject({
      ruleId: 'heart-failure/type-acuity-unspecified', category: 'documentation-gap', severity: 'medium', suspectedCondition: 'I50.9', encounter: 'Encounter/enc-1',
    });
    expect(finding!.answerOptions.flatMap((o) => (o.icd10 ? [o.icd10] : []))).toEqual(OPTIONS);
    expect(finding!.answerOptions.slice(-2).map((o) => o.text)).toEqual(['Other (please specify)', 'Clinically undetermined']);
  });

  it('cites the diagnosis, the LVEF, the natriuretic peptide and the IV diuretic, and never states a type', () => {
    const hf = unspecifiedHf();
    const peptide = ntProBnp(2400);
    const ef = lvef(30);
    const diuretic = ivFurosemide();
    const [finding] = findingsFor(heartFailureTypeAcuityUnspecified, [stay, hf, peptide, ef, diuretic, oralFurosemide()], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual([`Condition/${hf.id}`, `Observation/${peptide.id}`, `Observation/${ef.id}`, `MedicationRequest/${diuretic.id}`]);
    expect(finding!.summary).toBe('Heart failure is documented as Heart failure, unspecified (I50.9). LVEF 30 % on 2021-03-02 08:00; NT-proBNP 2400 pg/mL on 2021-03-01 09:00 (limit 300 pg/mL); 10 ML Furosemide 10 MG/ML Injection ordered or given on 2021-03-02 10:00. No heart failure type (systolic, diastolic or combined) is documented for this encounter.');
    expect(finding!.summary).not.toMatch(/reduced|preserved|HFrEF|HFpEF|HFmrEF/i);
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'I50.9', text: 'Heart failure, unspecified', time: '2015-01-01T00:00:00Z', reference: `Condition/${hf.id}` },
      { kind: 'result', label: 'LVEF', value: 30, unit: '%', time: '2021-03-02T08:00:00Z', reference: `Observation/${ef.id}` },
      { kind: 'result', label: 'NT-proBNP', value: 2400, unit: 'pg/mL', time: '2021-03-01T09:00:00Z', referenceRange: { high: 300, unit: 'pg/mL', inclusive: true }, reference: `Observation/${peptide.id}` },
      { kind: 'medication', label: '10 ML Furosemide 10 MG/ML Injection', time: '2021-03-02T10:00:00Z', reference: `MedicationRequest/${diuretic.id}` },
    ]);
    expect(finding!.observedAt).toBe('2021-03-02T10:00:00Z');
    expect(finding!.answerOptions.map((o) => o.text)).toEqual([
      'Acute systolic (congestive) heart failure', 'Chronic systolic (congestive) heart failure', 'Acute on chronic systolic (congestive) heart failure',
      'Acute diastolic (congestive) heart failure', 'Chronic diastolic (congestive) heart failure', 'Acute on chronic diastolic (congestive) heart failure',
      'Acute combined systolic (congestive) and diastolic (congestive) heart failure', 'Chronic combined systolic (congestive) and diastolic (congestive) heart failure',
      'Acute on chronic combined systolic (congestive) and diastolic (congestive) heart failure',
      'Other (please specify)', 'Clinically undetermined']);
  });

  it('cites the Condition, not every claim that repeats it, and the claim when it is the only record', () => {
    const hf = unspecifiedHf();
    const billed = claim(['I50.9'], '2021-03-08T12:00:00Z');
    const ef = lvef(30);
    expect(findingsFor(heartFailureTypeAcuityUnspecified, [stay, hf, billed, ef], { encounterId: 'enc-1' })[0]!.evidence)
      .toEqual([`Condition/${hf.id}`, `Observation/${ef.id}`]);
    expect(findingsFor(heartFailureTypeAcuityUnspecified, [stay, billed, ef], { encounterId: 'enc-1' })[0]!.evidence)
      .toEqual([`Claim/${billed.id}`, `Observation/${ef.id}`]);
  });

  it('reads heart failure named by the stay\'s Encounter.diagnosis, and cites that encounter', () => {
    const old = icd10Condition('I50.9', { id: 'hf-old', clinicalStatus: 'resolved', recordedDate: '2016-01-01T00:00:00Z', onsetDateTime: '2016-01-01T00:00:00Z' });
    const named = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z', 'IMP', { diagnosis: [{ condition: { reference: 'Condition/hf-old' } }] });
    const ef = lvef(30);
    const [finding] = findingsFor(heartFailureTypeAcuityUnspecified, [named, old, ef], { encounterId: 'enc-1' });
    expect(finding!.evidence).toEqual(['Encounter/enc-1', `Observation/${ef.id}`]);
  });

  it('cites every IV diuretic order and administration, summarized once per product', () => {
    const order = ivFurosemide();
    const given = medicationAdministration('1719286', '10 ML Furosemide 10 MG/ML Injection', '2021-03-03T10:00:00Z');
    const [finding] = findingsFor(heartFailureTypeAcuityUnspecified, [stay, unspecifiedHf(), order, given], { encounterId: 'enc-1' });
    expect(finding!.evidence.slice(1)).toEqual([`MedicationRequest/${order.id}`, `MedicationAdministration/${given.id}`]);
    expect(finding!.summary).toContain('. 10 ML Furosemide 10 MG/ML Injection ordered or given 2 times, 2021-03-02 10:00 to 2021-03-03 10:00. ');
  });

  it.each<[string, Resource[]]>([
    ['I50.9 without LVEF, elevated peptide or IV diuretic', [unspecifiedHf()]],
    ['a BNP of 99 pg/mL (below 100)', [unspecifiedHf(), bnp(99)]],
    ['an NT-proBNP of 299 pg/mL (below 300)', [unspecifiedHf(), ntProBnp(299)]],
    ['oral furosemide only', [unspecifiedHf(), oralFurosemide()]],
    ["Synthea's oral Lasix 40mg", [snomedCondition(SNOMED.CHRONIC_CONGESTIVE_HEART_FAILURE), medicationRequest('315971', 'Lasix 40mg', '2021-03-02T10:00:00Z')]],
    ['an injection given by the intramuscular route', [unspecifiedHf(),
      medicationRequest('1719286', '10 ML Furosemide 10 MG/ML Injection', '2021-03-02T10:00:00Z', { dosageInstruction: [{ route: route('Intramuscular') }] })]],
    ['a cancelled IV furosemide order', [unspecifiedHf(), medicationRequest('1719286', '10 ML Furosemide 10 MG/ML Injection', '2021-03-02T10:00:00Z', { status: 'cancelled' })]],
    ['chronic systolic heart failure also documented (I50.22)', [unspecifiedHf(), icd10Condition('I50.22'), lvef(30)]],
    ['diastolic heart failure also documented (I50.32)', [unspecifiedHf(), icd10Condition('I50.32'), lvef(60)]],
    ['combined heart failure on the claim (I50.43)', [unspecifiedHf(), claim(['I50.43'], '2021-03-08T12:00:00Z'), lvef(30)]],
    ['right heart failure documented (I50.814)', [unspecifiedHf(), icd10Condition('I50.814'), lvef(55)]],
    ['SNOMED HFrEF documented', [snomedCondition(SNOMED.HEART_FAILURE), snomedCondition(HEART_FAILURE_SNOMED.HFREF), lvef(30)]],
    ['SNOMED HFpEF documented', [snomedCondition(SNOMED.HEART_FAILURE), snomedCondition(HEART_FAILURE_SNOMED.HFPEF), lvef(60)]],
    ['SNOMED systolic heart failure documented', [unspecifiedHf(), snomedCondition(HEART_FAILURE_SNOMED.SYSTOLIC_HEART_FAILURE), lvef(30)]],
    ['SNOMED diastolic heart failure documented', [unspecifiedHf(), snomedCondition(HEART_FAILURE_SNOMED.DIASTOLIC_HEART_FAILURE), lvef(60)]],
    ['no heart failure documented at all', [lvef(25), ntProBnp(5000), ivFurosemide()]],
    ['a refuted I50.9', [icd10Condition('I50.9', { verificationStatus: 'refuted' }), lvef(30)]],
    ['an I50.9 entered in error', [icd10Condition('I50.9', { verificationStatus: 'entered-in-error' }), lvef(30)]],
    ['an LVEF outside the encounter', [unspecifiedHf(), lvef(30, '2021-02-01T08:00:00Z')]],
    ['an LVEF entered in error', [unspecifiedHf(), lab(LOINC.LVEF, 30, '%', '2021-03-02T08:00:00Z', { status: 'entered-in-error' })]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(findingsFor(heartFailureTypeAcuityUnspecified, [stay, ...resources], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('looks back 12 months when launched without an encounter', () => {
    const resources = [unspecifiedHf(), lab(LOINC.LVEF, 35, '%', '2020-06-01T09:00:00Z')];
    expect(findingsFor(heartFailureTypeAcuityUnspecified, resources, { now: '2021-03-15T12:00:00Z' })).toHaveLength(1);
    expect(findingsFor(heartFailureTypeAcuityUnspecified, resources, { now: '2021-07-15T12:00:00Z' })).toEqual([]);
  });

  it('takes its thresholds from the configuration', () => {
    const thresholds = { 'heart-failure/type-acuity-unspecified': { bnpAtLeast: 150 } };
    expect(findingsFor(heartFailureTypeAcuityUnspecified, [stay, unspecifiedHf(), bnp(120)], { encounterId: 'enc-1', thresholds })).toEqual([]);
  });

  // The FY2026 order file (fixed width: code cols 7-13, billable flag col 15, long title from col 78).
  const ORDER_FILE = [resolve(process.cwd(), '../shared/data/icd10cm/icd10cm-order-2026.txt')].find((f) => existsSync(f));
  it('offers only billable FY2026 codes (checked against the shipped ICD-10-CM table)', async () => {
    const { loadIcd10Cm } = await import('../../../src/terminology/icd10cm/icd10cm-table');
    const table = await loadIcd10Cm();
    const options = [...findingsFor(heartFailureTypeAcuityUnspecified, [stay, unspecifiedHf(), lvef(30)], { encounterId: 'enc-1' })].flatMap((f) => f.answerOptions).filter((o) => o.icd10);
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(table.lookup(option.icd10!)?.billable, option.icd10).toBe(true);
  });

  it.skipIf(!ORDER_FILE)('offers billable codes with their titles exactly as the FY2026 order file has them', () => {
    const titles = new Map(readFileSync(ORDER_FILE!, 'utf8').split('\n').filter((l) => l[14] === '1')
      .map((l) => [l.slice(6, 13).trim(), l.slice(77).trim()] as const));
    const options = [...findingsFor(heartFailureTypeAcuityUnspecified, [stay, unspecifiedHf(), lvef(30)], { encounterId: 'enc-1' })].flatMap((f) => f.answerOptions).filter((o) => o.icd10);
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(titles.get(option.icd10!.replace('.', '')), option.icd10).toBe(option.text);
  });
});
