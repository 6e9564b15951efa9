import { beforeAll, describe, expect, it } from 'vitest';
import { CKD_STAGE_OPTIONS, HEART_FAILURE_TYPE_OPTIONS } from '../../../src/rules/engine/answer-options';
import type { Claim, Condition, Observation, Resource } from 'fhir/r4';
import { DAY_MS, fhirTimeMs, fiscalYearOf } from '../../../src/record/fhir-dates';
import { PatientRecord } from '../../../src/record/patient-record';
import { codeSetEra, dateOfService, type CodeSetEra } from '../../../src/rules/engine/coded-diagnoses';
import { CODING_DISCREPANCY_RULES } from '../../../src/rules/index';
import { antidiabeticWithoutIndication } from '../../../src/rules/gaps/medication-indication';
import type { Finding, Rule } from '../../../src/rules/engine/types';
import {
  CODE_VALIDITY_RULES, DIABETES_COMPLICATIONS, LATERALITY_SNOMED,
  LVEF_BY_MODALITY_LOINC, bodySiteSide, invalidCode, nonBillableCode, unspecifiedCode,
} from '../../../src/rules/coding/code-validity';
import { DIABETES_CATEGORIES } from '../../../src/terminology/diagnoses';
import { loadIcd10Cm, type Icd10CmTable } from '../../../src/terminology/icd10cm/icd10cm-table';
import { LOINC, PRESSURE_INJURY_STAGE_LOINC } from '../../../src/terminology/loinc';
import { SYSTEM } from '../../../src/terminology/systems';
import { claim, encounter, findingsFor, icd10Condition as icd10ConditionOf, lab, medicationRequest, snomedCondition, type ConditionOptions, targetOf, kindOf } from '../support';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

// Reviewed on 15 March 2026 (FY2026, the code set of the table) without a launch encounter: the window is
// the last 12 months. The coding checks judge the diagnoses of the review, so a Condition is recorded in
// the window unless a scenario says otherwise.
const NOW = '2026-03-15T12:00:00Z';
const RECORDED = '2025-10-15T00:00:00Z';
const run = (rule: Parameters<typeof findingsFor>[0], resources: Resource[], scenario: { encounterId?: string; thresholds?: Record<string, object>; now?: string } = {}) =>
  findingsFor(rule, resources, { icd10cm, now: NOW, ...scenario });

/** A Condition coded in ICD-10-CM, recorded in the review window unless the options say otherwise. */
const icd10Condition = (code: string, options: ConditionOptions = {}) => icd10ConditionOf(code, { recordedDate: RECORDED, ...options });

/** A Condition coded in WHO ICD-10 only (another code system than ICD-10-CM). */
function whoCondition(code: string): Condition {
  return { ...icd10Condition(code), code: { coding: [{ system: SYSTEM.ICD10_WHO, code }] } };
}

/** A claim citing Conditions by reference (as Synthea writes them), billing one encounter. */
function claimCiting(conditions: Condition[], created: string, encounterId?: string): Claim {
  return claim([], created, {
    diagnosis: conditions.map((c, i) => ({ sequence: i + 1, diagnosisReference: { reference: `Condition/${c.id}` } })),
    ...(encounterId ? { item: [{ sequence: 1, productOrService: { text: 'Inpatient stay' }, encounter: [{ reference: `Encounter/${encounterId}` }] }] } : {}),
  });
}

/** A Condition with a body site. */
function withBodySite(code: string, bodySite: Condition['bodySite'], options: ConditionOptions = {}): Condition {
  return { ...icd10Condition(code, options), bodySite };
}

/** A nursing pressure injury stage assessment, the stage as text. */
function stageAssessment(stage: string, time: string, loinc: string = PRESSURE_INJURY_STAGE_LOINC.MDS): Observation {
  return {
    resourceType: 'Observation', id: `stage-${time}`, status: 'final',
    code: { coding: [{ system: SYSTEM.LOINC, code: loinc }] },
    subject: { reference: 'Patient/pat-1' }, effectiveDateTime: time,
    valueCodeableConcept: { text: stage },
  };
}

describe('the code table the checks rely on', () => {
  it.each(['I50.9', 'I50.1', 'N18.9', 'L89.159', 'M17.10', 'C34.30', 'H35.029', 'S72.001A', ...HEART_FAILURE_TYPE_OPTIONS.map((o) => o.icd10!), ...CKD_STAGE_OPTIONS.map((o) => o.icd10!)])(
    'has %s as a billable FY2026 code', (code) => {
      expect(icd10cm.lookup(code)?.billable).toBe(true);
    });

  it.each(DIABETES_CATEGORIES.flatMap((category) => [`${category}.9`, ...DIABETES_COMPLICATIONS.map((c) => `${category}${c.combination}`)]))(
    'has the diabetes code %s', (code) => {
      expect(icd10cm.lookup(code)?.billable).toBe(true);
    });

  it('gives the option titles of the order file', () => {
    expect(icd10cm.lookup('I50.33')?.title).toBe(HEART_FAILURE_TYPE_OPTIONS[5]!.text);
    expect(icd10cm.lookup('N18.4')?.title).toBe(CKD_STAGE_OPTIONS[4]!.text);
  });
});

describe('coding/invalid-code', () => {
  it('says a code deleted in FY2026 was deleted, with its FY2025 title and the codes that replaced it', () => {
    const contusion = icd10Condition('S30.1XXA', { id: 'contusion' });
    const [finding] = run(invalidCode, [contusion]);
    expect(finding).toMatchObject({
      ruleId: 'coding/invalid-code', category: 'coding-discrepancy', kind: 'invalid-code', severity: 'high',
      target: 'Condition/contusion', suspectedCondition: 'S30.1XXA', evidence: ['Condition/contusion'], answerOptions: [],
    });
    expect(finding!.summary).toBe('S30.1XXA (FY2025 title: Contusion of abdominal wall, initial encounter) was deleted in FY2026: it is not a valid ICD-10-CM code for dates of service from 2025-10-01. Its nearest FY2026 parent, S30.1 (Contusion of abdominal wall), is a header: use one of S30.11XA–S30.13XS (9 billable codes).');
    // The fact: the code as the Condition codes it, on its date of service.
    expect(finding!.facts).toEqual([{ kind: 'diagnosis', label: 'S30.1XXA', time: '2025-10-15', reference: 'Condition/contusion' }]);
  });

  it.each<[string, string, string]>([
    ['a code one character too long', 'E11.90', 'E11.90 is not an ICD-10-CM FY2026 code. Its nearest FY2026 parent is E11.9 (Type 2 diabetes mellitus without complications).'],
    ['an ICD-9-CM code sent as ICD-10-CM', '250.00', '250.00 is not an ICD-10-CM FY2026 code.'],
    ['a WHO-only code sent as ICD-10-CM', 'E14.9', 'E14.9 is not an ICD-10-CM FY2026 code.'],
  ])('flags %s', (_scenario, code, summary) => {
    const [finding] = run(invalidCode, [icd10Condition(code)]);
    expect(finding!.summary).toBe(summary);
  });

  it('targets the claim when no Condition states the code', () => {
    const bill = claim(['I10', 'J18.90'], '2026-03-08T12:00:00Z');
    const findings = run(invalidCode, [bill]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ target: `Claim/${bill.id}`, suspectedCondition: 'J18.90', evidence: [`Claim/${bill.id}`] });
    expect(findings[0]!.facts).toEqual([{ kind: 'diagnosis', label: 'J18.90', time: '2026-03-08', reference: `Claim/${bill.id}` }]);
  });

  it('reports a Condition repeated on several claims once, citing the claims as evidence', () => {
    const condition = icd10Condition('E11.90', { id: 'dm' });
    const first = claimCiting([condition], '2025-06-01T12:00:00Z');
    const second = claimCiting([condition], '2026-01-10T12:00:00Z');
    const coded = claim(['E11.90'], '2026-02-10T12:00:00Z');
    const findings = run(invalidCode, [condition, first, second, coded]);
    expect(findings).toHaveLength(1);
    expect(targetOf(findings[0]!)).toBe('Condition/dm');
    expect(findings[0]!.evidence).toEqual(['Condition/dm', `Claim/${first.id}`, `Claim/${second.id}`, `Claim/${coded.id}`]);
    expect(findings[0]!.observedAt).toBe('2026-02-10T12:00:00Z');
  });

  it.each<[string, Resource[]]>([
    ['valid billable codes, dotted, dotless and lower case', [icd10Condition('E11.9'), icd10Condition('I10'), icd10Condition('s72001a'), icd10Condition('e119')]],
    ['a header (the non-billable check reports it)', [icd10Condition('E11')]],
    ['a WHO ICD-10 code ICD-10-CM lacks (another code system)', [whoCondition('E14.9')]],
    ['a SNOMED CT Condition', [snomedCondition('44054006')]],
    ['an invalid code entered in error', [icd10Condition('E11.90', { verificationStatus: 'entered-in-error' })]],
    ['an invalid code on a resolved Condition recorded before the window', [icd10Condition('E11.90', { clinicalStatus: 'resolved', recordedDate: '2023-01-01T00:00:00Z' })]],
    ['an invalid code on a claim before the window', [claim(['E11.90'], '2024-01-01T00:00:00Z')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(invalidCode, resources)).toEqual([]);
  });

  it('is silent without the code table', () => {
    expect(findingsFor(invalidCode, [icd10Condition('E11.90')], { now: NOW })).toEqual([]);
  });
});

describe('coding/non-billable-code', () => {
  it('flags a category header used as a diagnosis and names its billable codes', () => {
    const [finding] = run(nonBillableCode, [icd10Condition('E11', { id: 'dm' })]);
    expect(finding).toMatchObject({
      ruleId: 'coding/non-billable-code', kind: 'non-billable-code', severity: 'high', target: 'Condition/dm', suspectedCondition: 'E11', answerOptions: [],
    });
    expect(finding!.summary).toBe('E11 (Type 2 diabetes mellitus) is a category header, not a billable code: use one of E11.00–E11.A (87 billable codes).');
  });

  it('says when FY2026 subdivided a code that was billable until FY2025', () => {
    const [finding] = run(nonBillableCode, [icd10Condition('G35')]);
    expect(finding!.summary).toBe('G35 (Multiple sclerosis) is a category header (subdivided in FY2026: billable until FY2025), not a billable code: use one of G35.A–G35.D (8 billable codes).');
  });

  it.each<[string, string, string]>([
    ['a fracture code without its 7th character', 'S72.001', 'S72.001'],
    ['a dotless lower-case header', 'e11', 'E11'],
    ['a subcategory header', 'I50.2', 'I50.2'],
  ])('flags %s', (_scenario, code, suspected) => {
    const [finding] = run(nonBillableCode, [claim([code], '2026-03-08T12:00:00Z')]);
    expect(finding).toMatchObject({ kind: 'non-billable-code', suspectedCondition: suspected });
  });

  it.each<[string, Resource[]]>([
    ['billable codes', [icd10Condition('E11.9'), icd10Condition('S72.001A'), icd10Condition('I10')]],
    ['a WHO ICD-10 three-character code (valid in WHO ICD-10)', [whoCondition('E11')]],
    ['a code FY2026 does not have (the invalid-code check reports it)', [icd10Condition('E11.90')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(nonBillableCode, resources)).toEqual([]);
  });

  it('is silent without the code table', () => {
    expect(findingsFor(nonBillableCode, [icd10Condition('E11')], { now: NOW })).toEqual([]);
  });
});

const lvef = (value: number, time: string, loinc: string = LOINC.LVEF) => lab(loinc, value, '%', time);
const egfr = (value: number, time: string) => lab(LOINC.EGFR_CKD_EPI_2021, value, 'mL/min/{1.73_m2}', time);
const QUERY_ESCAPES = ['Other (please specify)', 'Clinically undetermined'];

describe('coding/unspecified-code: heart failure', () => {
  it('flags I50.9 with an LVEF in the window and offers the heart failure types', () => {
    const hf = icd10Condition('I50.9', { id: 'hf' });
    const echo = lvef(30, '2026-02-01T10:00:00Z');
    const [finding] = run(unspecifiedCode, [hf, echo]);
    expect(finding).toMatchObject({
      ruleId: 'coding/unspecified-code', kind: 'unspecified-code', severity: 'medium', target: 'Condition/hf', suspectedCondition: 'I50.9',
      evidence: ['Condition/hf', `Observation/${echo.id}`], observedAt: '2026-02-01T10:00:00Z',
    });
    expect(finding!.summary).toBe('I50.9 (Heart failure, unspecified) is coded while the record holds LVEF 30 % on 2026-02-01 10:00, which classifies heart failure by type.');
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'I50.9', time: '2025-10-15', reference: 'Condition/hf' },
      { kind: 'result', label: 'LVEF', value: 30, unit: '%', time: '2026-02-01T10:00:00Z', reference: `Observation/${echo.id}` },
    ]);
    expect(finding!.answerOptions.map((o) => o.icd10 ?? o.text)).toEqual([
      'I50.21', 'I50.22', 'I50.23', 'I50.31', 'I50.32', 'I50.33', 'I50.41', 'I50.42', 'I50.43', ...QUERY_ESCAPES,
    ]);
  });

  it('flags I50.1 with an LVEF measured by echocardiography (LOINC 18043-0)', () => {
    const [finding] = run(unspecifiedCode, [icd10Condition('I50.1'), lvef(55, '2026-02-01T10:00:00Z', LVEF_BY_MODALITY_LOINC.ULTRASOUND)]);
    expect(finding).toMatchObject({ suspectedCondition: 'I50.1' });
  });

  it.each<[string, Resource[], Record<string, object>?]>([
    ['I50.9 without an LVEF', [icd10Condition('I50.9')]],
    ['I50.9 with an LVEF before the window', [icd10Condition('I50.9'), lvef(30, '2024-02-01T10:00:00Z')]],
    ['a typed heart failure code (already specific)', [icd10Condition('I50.22'), lvef(30, '2026-02-01T10:00:00Z')]],
    ['I50.9 beside a typed heart failure code (redundant, not unspecified)', [icd10Condition('I50.9'), icd10Condition('I50.22'), lvef(30, '2026-02-01T10:00:00Z')]],
    ['I50.9 in WHO ICD-10', [whoCondition('I50.9'), lvef(30, '2026-02-01T10:00:00Z')]],
    ['fewer LVEF results than configured', [icd10Condition('I50.9'), lvef(30, '2026-02-01T10:00:00Z')], { 'coding/unspecified-code': { lvefResultsAtLeast: 2 } }],
  ])('stays silent for %s', (_scenario, resources, thresholds) => {
    expect(run(unspecifiedCode, resources, { thresholds })).toEqual([]);
  });
});

describe('coding/unspecified-code: chronic kidney disease', () => {
  it('flags N18.9 with eGFR results and offers the stages', () => {
    const ckd = icd10Condition('N18.9', { id: 'ckd' });
    const results = [egfr(41, '2025-09-01T08:00:00Z'), egfr(38, '2026-01-05T08:00:00Z')];
    const [finding] = run(unspecifiedCode, [ckd, ...results]);
    expect(finding!.summary).toBe('N18.9 (Chronic kidney disease, unspecified) is coded while the record holds eGFR 38 mL/min/1.73 m² on 2026-01-05 08:00 (latest of 2 results), which stages chronic kidney disease (KDIGO GFR categories).');
    expect(finding!.evidence).toEqual(['Condition/ckd', ...results.map((r) => `Observation/${r.id}`)]);
    // Only the eGFR the summary cites (the latest) is a fact; the earlier one is evidence.
    expect(finding!.facts.map((f) => [f.kind, f.label, f.value, f.reference])).toEqual([
      ['diagnosis', 'N18.9', undefined, 'Condition/ckd'], ['result', 'eGFR', 38, `Observation/${results[1]!.id}`],
    ]);
    expect(finding!.answerOptions.map((o) => o.icd10 ?? o.text)).toEqual(['N18.1', 'N18.2', 'N18.31', 'N18.32', 'N18.4', 'N18.5', 'N18.6', ...QUERY_ESCAPES]);
  });

  it('flags N18.9 reported on a claim only, targeting the claim', () => {
    const bill = claim(['N18.9'], '2026-03-08T12:00:00Z');
    const [finding] = run(unspecifiedCode, [bill, egfr(41, '2026-03-02T08:00:00Z')]);
    expect(finding).toMatchObject({ target: `Claim/${bill.id}`, suspectedCondition: 'N18.9' });
  });

  it.each<[string, Resource[], Record<string, object>?]>([
    ['a staged CKD code', [icd10Condition('N18.4'), egfr(20, '2026-01-05T08:00:00Z')]],
    ['N18.9 without eGFR', [icd10Condition('N18.9')]],
    ['N18.9 beside a staged code', [icd10Condition('N18.9'), icd10Condition('N18.31'), egfr(50, '2026-01-05T08:00:00Z')]],
    ['one eGFR when two are configured', [icd10Condition('N18.9'), egfr(50, '2026-01-05T08:00:00Z')], { 'coding/unspecified-code': { egfrResultsAtLeast: 2 } }],
  ])('stays silent for %s', (_scenario, resources, thresholds) => {
    expect(run(unspecifiedCode, resources, { thresholds })).toEqual([]);
  });
});

describe('coding/unspecified-code: diabetes without complications', () => {
  it('flags E11.9 beside coded CKD as a coder fix citing the CKD Condition', () => {
    const dm = icd10Condition('E11.9', { id: 'dm' });
    const ckd = icd10Condition('N18.4', { id: 'ckd', recordedDate: '2025-11-02T00:00:00Z' });
    const [finding] = run(unspecifiedCode, [dm, ckd]);
    expect(finding).toMatchObject({ target: 'Condition/dm', suspectedCondition: 'E11.9', evidence: ['Condition/dm', 'Condition/ckd'], answerOptions: [] });
    expect(finding!.summary).toBe('E11.9 (Type 2 diabetes mellitus without complications) is coded while the record documents N18.4 (Chronic kidney disease, stage 4 (severe)) (Condition/ckd), which with diabetes is coded E11.22: ICD-10-CM presumes the link ("with", Official Guidelines I.A.15) unless the provider documents another cause.');
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'E11.9', time: '2025-10-15', reference: 'Condition/dm' },
      { kind: 'diagnosis', label: 'N18.4', time: '2025-11-02', reference: 'Condition/ckd' },
    ]);
  });

  it.each<[string, string, string, string]>([
    ['type 1 diabetes with polyneuropathy', 'E10.9', 'G62.9', 'E10.42'],
    ['type 2 diabetes with polyneuropathy in diseases classified elsewhere', 'E11.9', 'G63', 'E11.42'],
    ['type 2 diabetes with background retinopathy', 'E11.9', 'H35.00', 'E11.319'],
    ['other specified diabetes with peripheral vascular disease', 'E13.9', 'I73.9', 'E13.51'],
    ['drug-induced diabetes with gastroparesis', 'E09.9', 'K31.84', 'E09.43'],
  ])('flags %s', (_scenario, diabetes, complication, combination) => {
    const [finding] = run(unspecifiedCode, [icd10Condition(diabetes), icd10Condition(complication)]);
    expect(finding!.suspectedCondition).toBe(diabetes);
    expect(finding!.summary).toContain(`which with diabetes is coded ${combination}:`);
  });

  it.each<[string, Resource[]]>([
    ['E11.9 alone', [icd10Condition('E11.9')]],
    ['a complication already linked by a combination code (redundant-codes reports E11.9)', [icd10Condition('E11.9'), icd10Condition('E11.22'), icd10Condition('N18.4')]],
    ['a specific diabetes code beside CKD', [icd10Condition('E11.65'), icd10Condition('N18.4')]],
    ['hypertensive retinopathy (another cause named)', [icd10Condition('E11.9'), icd10Condition('H35.031')]],
    ['CKD coded in WHO ICD-10 only', [icd10Condition('E11.9'), whoCondition('N18.4')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(unspecifiedCode, resources)).toEqual([]);
  });
});

describe('coding/unspecified-code: pressure ulcer stage', () => {
  it('flags an ulcer of unspecified stage with a nursing stage assessment and offers the staged codes of its site', () => {
    const ulcer = icd10Condition('L89.159', { id: 'ulcer' });
    const stage = stageAssessment('Stage 3', '2026-03-02T09:00:00Z');
    const [finding] = run(unspecifiedCode, [ulcer, stage]);
    expect(finding).toMatchObject({ suspectedCondition: 'L89.159', evidence: ['Condition/ulcer', `Observation/${stage.id}`] });
    expect(finding!.summary).toBe('L89.159 (Pressure ulcer of sacral region, unspecified stage) is coded while nursing recorded pressure injury stage "Stage 3" on 2026-03-02 09:00 (the stage may come from nursing documentation, Official Guidelines I.B.14).');
    expect(finding!.facts[1]).toEqual({ kind: 'assessment', label: 'pressure injury stage', text: 'Stage 3', time: '2026-03-02T09:00:00Z', reference: `Observation/${stage.id}` });
    expect(finding!.answerOptions.map((o) => o.icd10 ?? o.text)).toEqual(['L89.151', 'L89.152', 'L89.153', 'L89.154', 'L89.150', 'L89.156', ...QUERY_ESCAPES]);
  });

  it('reads the NPUAP stage assessment too (LOINC 91150-3)', () => {
    expect(run(unspecifiedCode, [icd10Condition('L89.90'), stageAssessment('2', '2026-03-02T09:00:00Z', PRESSURE_INJURY_STAGE_LOINC.NPUAP)])).toHaveLength(1);
  });

  it.each<[string, Resource[]]>([
    ['a staged ulcer code', [icd10Condition('L89.153'), stageAssessment('Stage 3', '2026-03-02T09:00:00Z')]],
    ['no stage assessment', [icd10Condition('L89.159')]],
    ['a stage assessment before the window', [icd10Condition('L89.159'), stageAssessment('Stage 3', '2024-03-02T09:00:00Z')]],
    ['a staged code of the same site beside it', [icd10Condition('L89.159'), icd10Condition('L89.152'), stageAssessment('Stage 2', '2026-03-02T09:00:00Z')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(unspecifiedCode, resources)).toEqual([]);
  });
});

describe('coding/unspecified-code: laterality', () => {
  const leftKnee = [{ coding: [{ system: SYSTEM.SNOMED, code: LATERALITY_SNOMED.LEFT, display: 'Left' }], text: 'Left knee' }];

  it('flags a code of unspecified side on a Condition whose body site is left, offering the right and left codes', () => {
    const oa = withBodySite('M17.10', leftKnee, { id: 'oa' });
    const [finding] = run(unspecifiedCode, [oa]);
    expect(finding).toMatchObject({ target: 'Condition/oa', suspectedCondition: 'M17.10', evidence: ['Condition/oa'] });
    expect(finding!.summary).toBe('M17.10 (Unilateral primary osteoarthritis, unspecified knee) is coded while Condition/oa records the body site "Left knee" (left); the codes naming the side are M17.11, M17.12.');
    expect(finding!.facts).toEqual([
      { kind: 'diagnosis', label: 'M17.10', time: '2025-10-15', reference: 'Condition/oa' },
      { kind: 'diagnosis', label: 'Left knee', text: 'left', reference: 'Condition/oa' },
    ]);
    expect(finding!.answerOptions).toEqual([
      { text: 'Unilateral primary osteoarthritis, right knee', icd10: 'M17.11' },
      { text: 'Unilateral primary osteoarthritis, left knee', icd10: 'M17.12' },
      { text: 'Other (please specify)' }, { text: 'Clinically undetermined' },
    ]);
  });

  it.each<[string, string, NonNullable<Condition['bodySite']>, string[]]>([
    ['the body site text "Right eye"', 'H35.029', [{ text: 'Right eye' }], ['H35.021', 'H35.022', 'H35.023']],
    ['a post-coordinated SNOMED CT body site (lower lobe of lung, laterality right)', 'C34.30',
      [{ coding: [{ system: SYSTEM.SNOMED, code: '90572001:272741003=24028007' }] }], ['C34.31', 'C34.32']],
    ['SNOMED CT "right and left" (51440002)', 'H35.029', [{ coding: [{ system: SYSTEM.SNOMED, code: LATERALITY_SNOMED.BILATERAL }] }], ['H35.021', 'H35.022', 'H35.023']],
  ])('reads %s', (_scenario, code, bodySite, codes) => {
    const [finding] = run(unspecifiedCode, [withBodySite(code, bodySite)]);
    expect(finding!.answerOptions.flatMap((o) => (o.icd10 ? [o.icd10] : []))).toEqual(codes);
  });

  it.each<[string, Resource[]]>([
    ['a code that names the side', [withBodySite('M17.11', leftKnee)]],
    ['a body site without laterality', [withBodySite('M17.10', [{ text: 'Knee joint' }])]],
    ['no body site', [icd10Condition('M17.10')]],
    ['hemiplegia of unspecified side (the side alone does not choose the dominant/nondominant code)', [withBodySite('G81.90', [{ text: 'Left side' }])]],
    ['a site left unspecified that is not a side (unspecified part of back)', [withBodySite('L89.109', [{ text: 'Left lower back' }])]],
    ['the code on a claim (no body site to read)', [claim(['M17.10'], '2026-03-08T12:00:00Z')]],
  ])('stays silent for %s', (_scenario, resources) => {
    expect(run(unspecifiedCode, resources)).toEqual([]);
  });

  it('finds the lateral codes from the table', () => {
    expect(icd10cm.lateralSiblings('S52.509A')).toMatchObject({ right: { code: 'S52.501A' }, left: { code: 'S52.502A' } });
    expect(icd10cm.lateralSiblings('H60.00')).toMatchObject({ right: { code: 'H60.01' }, left: { code: 'H60.02' }, bilateral: { code: 'H60.03' } });
    expect(icd10cm.lateralSiblings('M17.11')).toEqual({});
    expect(icd10cm.lateralSiblings('I50.9')).toEqual({});
  });

  // The siblings are precomputed from the order file's long titles, over every character of the code: the
  // run-time digit substitution on the abbreviated short titles missed these, or found the wrong codes.
  it.each<[string, string, NonNullable<Condition['bodySite']>, string[]]>([
    ['letters in the side position (S02.40A-/S02.40B-)', 'S02.400A', [{ text: 'Right cheek' }], ['S02.40AA', 'S02.40BA']],
    ['short titles abbreviated differently ("unsp" beside "right eye")', 'H40.1190', [{ text: 'Left eye' }], ['H40.1110', 'H40.1120', 'H40.1130']],
    ['short titles abbreviated differently ("unsp" beside "r eye")', 'E11.3219', [{ text: 'Right eye' }], ['E11.3211', 'E11.3212', 'E11.3213']],
    ['a bilateral code in the plural ("bilateral ovaries")', 'C56.9', [{ text: 'Left ovary' }], ['C56.1', 'C56.2', 'C56.3']],
    ['a bilateral code in the plural ("bilateral upper limbs")', 'G56.00', [{ text: 'Left wrist' }], ['G56.01', 'G56.02', 'G56.03']],
  ])('offers the codes naming the side for %s', (_scenario, code, bodySite, codes) => {
    const [finding] = run(unspecifiedCode, [withBodySite(code, bodySite)]);
    expect(finding!.answerOptions.flatMap((o) => (o.icd10 ? [o.icd10] : []))).toEqual(codes);
  });

  it('offers no codes of another site: S62.659A (unspecified finger) is not S62.652A/S62.653A (right/left middle finger)', () => {
    // Digit substitution took "Nondisp fx of middle phalanx of right middle finger" for the right-side code.
    expect(icd10cm.lateralSiblings('S62.659A')).toEqual({});
    expect(run(unspecifiedCode, [withBodySite('S62.659A', [{ text: 'Left hand' }])])).toEqual([]);
  });

  it.each<[string, NonNullable<Condition['bodySite']>, string | undefined]>([
    ['SNOMED CT left', [{ coding: [{ system: SYSTEM.SNOMED, code: LATERALITY_SNOMED.LEFT }] }], 'left'],
    ['SNOMED CT right', [{ coding: [{ system: SYSTEM.SNOMED, code: LATERALITY_SNOMED.RIGHT }] }], 'right'],
    ['a left and a right site', [{ text: 'Left knee' }, { text: 'Right knee' }], 'bilateral'],
    ['"bilateral" in a display', [{ coding: [{ system: SYSTEM.SNOMED, code: '0', display: 'Bilateral knees' }] }], 'bilateral'],
    ['no side', [{ text: 'Sacrum' }], undefined],
    ['"leftover" is not a side', [{ text: 'leftover tissue' }], undefined],
  ])('reads the side of %s', (_scenario, bodySite, side) => {
    expect(bodySiteSide({ ...icd10Condition('M17.10'), bodySite })).toBe(side);
  });
});

describe('coding/unspecified-code: reporting', () => {
  it('gives one finding with every check that applies to one code', () => {
    const ulcer = withBodySite('L89.509', [{ text: 'Left ankle' }], { id: 'ulcer' });
    const findings = run(unspecifiedCode, [ulcer, stageAssessment('Stage 2', '2026-03-02T09:00:00Z')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.summary).toContain('nursing recorded pressure injury stage "Stage 2"');
    expect(findings[0]!.summary).toContain('the codes naming the side are L89.519, L89.529');
    expect(findings[0]!.answerOptions.map((o) => o.icd10)).toEqual(expect.arrayContaining(['L89.502', 'L89.519', 'L89.529']));
  });

  it('uses the encounter window when launched in an encounter', () => {
    const stay = encounter('enc-1', '2026-03-01T08:00:00Z', '2026-03-08T12:00:00Z');
    const hf = icd10Condition('I50.9', { encounter: 'enc-1' });
    expect(run(unspecifiedCode, [stay, hf, lvef(30, '2026-03-02T10:00:00Z')], { encounterId: 'enc-1' })).toHaveLength(1);
    expect(run(unspecifiedCode, [stay, hf, lvef(30, '2026-02-02T10:00:00Z')], { encounterId: 'enc-1' })).toEqual([]);
  });

  it('is silent without the code table', () => {
    expect(findingsFor(unspecifiedCode, [icd10Condition('I50.9'), lvef(30, '2026-02-01T10:00:00Z')], { now: NOW })).toEqual([]);
  });

  it('lists the three checks in CODE_VALIDITY_RULES', () => {
    expect(CODE_VALIDITY_RULES.map((r) => r.id)).toEqual(['coding/invalid-code', 'coding/non-billable-code', 'coding/unspecified-code']);
    expect(CODE_VALIDITY_RULES.every((r) => r.category === 'coding-discrepancy')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Issue #8 item 6: the code set of the date of service, and the diagnoses of the review.

/** A claim of that day (billablePeriod.start and created), reviewed two weeks later without a launch encounter. */
function claimReviewed(rule: Rule, code: string, day: string): Finding[] {
  const created = day.includes('T') ? day : `${day}T12:00:00Z`;
  const now = new Date(fhirTimeMs(created)! + 14 * DAY_MS).toISOString();
  return run(rule, [claim([code], created)], { now });
}

describe('the date of service decides the code set: none before 2015-10-01, FY2026 from 2025-10-01', () => {
  it.each<[string, Rule, string, string, string | undefined]>([
    ['a 2013 claim with a code deleted in FY2026 (ICD-9-CM then)', invalidCode, 'S30.1XXA', '2013-09-07', undefined],
    ['a 2013 claim with a header code', nonBillableCode, 'E11', '2013-11-18', undefined],
    ['a 2013 claim with an ICD-9-CM code sent as ICD-10-CM', invalidCode, '250.00', '2013-11-18', undefined],
    ['a FY2025 (2025-03-01) claim with a code deleted in FY2026 (valid then)', invalidCode, 'S30.1XXA', '2025-03-01', undefined],
    ['the same code on a 2026-01-15 claim', invalidCode, 'S30.1XXA', '2026-01-15', 'was deleted in FY2026'],
    ['a code deleted in FY2026 on the last day of FY2025 (2025-09-30)', invalidCode, 'S30.1XXA', '2025-09-30', undefined],
    ['a code deleted in FY2026 on the first day of FY2026 (2025-10-01)', invalidCode, 'S30.1XXA', '2025-10-01', 'was deleted in FY2026'],
    ['a code valid in FY2026 on a 2016 claim', invalidCode, 'E11.9', '2016-05-02', undefined],
    ['a code FY2026 lacks and did not delete, on a FY2021 claim (the FY2026 tables cannot verify it)', invalidCode, 'E11.90', '2021-03-08', undefined],
    ['an ICD-9-CM code sent as ICD-10-CM on a FY2021 claim (invalid in every fiscal year)', invalidCode, '250.00', '2021-03-08',
      '250.00 does not have the form of an ICD-10-CM code (a letter, a digit and a character, then up to four characters) in any fiscal year; its date of service is 2021-03-08 (FY2021).'],
    ['an ICD-9-CM code on the last day of ICD-9-CM (2015-09-30)', invalidCode, '250.00', '2015-09-30', undefined],
    ['an ICD-9-CM code on the first day of ICD-10-CM (2015-10-01)', invalidCode, '250.00', '2015-10-01', 'its date of service is 2015-10-01 (FY2016)'],
    ['a header on the last day of ICD-9-CM (2015-09-30)', nonBillableCode, 'E11', '2015-09-30', undefined],
    ['a header on the first day of ICD-10-CM (2015-10-01)', nonBillableCode, 'E11', '2015-10-01',
      'E11 (Type 2 diabetes mellitus) is a category header, not a billable code: FY2026 lists E11.00–E11.A (87 billable codes). It was a header in FY2025 as well; for its date of service, 2015-10-01 (FY2016), a billable code of that year is reported.'],
    ['a header at 23:30 on 2015-09-30 in Chicago, after midnight UTC (the date as written decides)', nonBillableCode, 'E11', '2015-09-30T23:30:00-05:00', undefined],
    ['a header on a 2016 claim', nonBillableCode, 'E11', '2016-05-02', 'for its date of service, 2016-05-02 (FY2016)'],
    ['a header on a FY2026 claim', nonBillableCode, 'E11', '2026-01-15', 'E11 (Type 2 diabetes mellitus) is a category header, not a billable code: use one of E11.00–E11.A (87 billable codes).'],
    ['a code FY2026 subdivided, on a FY2025 claim (billable then)', nonBillableCode, 'G35', '2025-03-01', undefined],
    ['a code FY2026 subdivided, on a FY2026 claim', nonBillableCode, 'G35', '2026-01-15', '(subdivided in FY2026: billable until FY2025)'],
  ])('%s', (_scenario, rule, code, day, summary) => {
    const findings = claimReviewed(rule, code, day);
    if (summary === undefined) expect(findings).toEqual([]);
    else {
      expect(findings).toHaveLength(1);
      expect(findings[0]!.summary).toContain(summary);
    }
  });

  it.each<[string, Rule, string, () => Resource[], string | undefined, boolean]>([
    ['a Condition of a stay that began in FY2025 and ended in FY2026 (the discharge date decides the code set)', invalidCode, '2025-10-10T12:00:00Z',
      () => [encounter('enc-s', '2025-09-28T08:00:00Z', '2025-10-03T12:00:00Z'), icd10Condition('S30.1XXA', { encounter: 'enc-s', recordedDate: '2025-09-29T00:00:00Z' })], 'enc-s', true],
    ['a Condition of a stay that ended on 2025-09-30, recorded in FY2026', invalidCode, '2025-10-10T12:00:00Z',
      () => [encounter('enc-s', '2025-09-25T08:00:00Z', '2025-09-30T12:00:00Z'), icd10Condition('S30.1XXA', { encounter: 'enc-s', recordedDate: '2025-10-02T00:00:00Z' })], 'enc-s', false],
    ['a Condition without encounter recorded in FY2026', invalidCode, '2026-01-20T12:00:00Z',
      () => [icd10Condition('S30.1XXA', { recordedDate: '2026-01-15T00:00:00Z' })], undefined, true],
    ['a Condition without encounter recorded in FY2025, begun earlier (the recorded date counts)', invalidCode, '2025-09-20T12:00:00Z',
      () => [icd10Condition('S30.1XXA', { recordedDate: '2025-09-15T00:00:00Z', onsetDateTime: '2025-09-01T00:00:00Z' })], undefined, false],
    ['an Encounter.diagnosis of a 2013 visit, launched in it', nonBillableCode, '2013-11-25T12:00:00Z',
      () => [{ ...encounter('enc-v', '2013-11-18T09:00:00Z', '2013-11-18T10:00:00Z', 'AMB'), diagnosis: [{ condition: { reference: 'Condition/dm-2013' } }] },
        icd10Condition('E11', { id: 'dm-2013', recordedDate: '1978-04-01T00:00:00Z' })], 'enc-v', false],
    ['a claim whose billable period began in FY2025 and ended in FY2026 (the end counts)', invalidCode, '2025-10-20T12:00:00Z',
      () => [claim(['S30.1XXA'], '2025-10-05T12:00:00Z', { billablePeriod: { start: '2025-09-29', end: '2025-10-02' } })], undefined, true],
    ['a claim whose billable period ended in FY2025, created in FY2026', invalidCode, '2025-10-20T12:00:00Z',
      () => [claim(['S30.1XXA'], '2025-10-05T12:00:00Z', { billablePeriod: { start: '2025-09-20', end: '2025-09-30' } })], undefined, false],
    ['a claim with no billable period, created in FY2026', invalidCode, '2025-10-20T12:00:00Z',
      () => [claim(['S30.1XXA'], '2025-10-05T12:00:00Z', { billablePeriod: undefined })], undefined, true],
    ['a Condition of the launch encounter, neither of them dated (judged by FY2026)', invalidCode, '2021-03-15T12:00:00Z',
      () => [{ ...encounter('enc-u', '2021-03-01T08:00:00Z'), period: undefined },
        { ...icd10Condition('S30.1XXA', { encounter: 'enc-u' }), recordedDate: undefined, onsetDateTime: undefined }], 'enc-u', true],
    ['a code on a 2013 claim and on a FY2026 claim, both citing one Condition (the latest date counts)', invalidCode, '2026-01-20T12:00:00Z',
      () => {
        const contusion = icd10Condition('S30.1XXA', { id: 'contusion', recordedDate: '2013-09-07T00:00:00Z' });
        return [contusion, claimCiting([contusion], '2026-01-15T12:00:00Z'), claimCiting([contusion], '2026-01-16T12:00:00Z')];
      }, undefined, true],
  ])('reads the date of service of %s', (_scenario, rule, now, resources, encounterId, flagged) => {
    expect(run(rule, resources(), { now, encounterId })).toHaveLength(flagged ? 1 : 0);
  });
});

describe('dateOfService, codeSetEra, fiscalYearOf', () => {
  const stayOf2015 = encounter('enc-b', '2015-09-30T22:00:00-04:00', '2015-10-04T10:00:00-04:00');
  it.each<[string, Resource, string | undefined]>([
    ['a claim: billablePeriod.start', claim(['I10'], '2015-10-05T12:00:00Z', { billablePeriod: { start: '2015-09-28' } }), '2015-09-28'],
    ['a claim without billablePeriod: created', claim(['I10'], '2015-10-05T12:00:00Z', { billablePeriod: undefined }), '2015-10-05'],
    ['a claim with a malformed billablePeriod.start: created', claim(['I10'], '2015-10-05T12:00:00Z', { billablePeriod: { start: '09/28/2015' } }), '2015-10-05'],
    ['an encounter: its end, the discharge date, as written', stayOf2015, '2015-10-04'],
    ['an encounter without an end: its start as written (22:00 at -04:00 is 02:00 UTC the next day)', { ...stayOf2015, id: 'enc-open', period: { start: stayOf2015.period!.start } }, '2015-09-30'],
    ['a Condition of that encounter recorded days earlier: the discharge date', icd10Condition('I10', { encounter: 'enc-b', recordedDate: '2015-09-30T00:00:00Z' }), '2015-10-04'],
    ['a Condition without encounter: its recorded date', icd10Condition('I10', { recordedDate: '2016-01-02T00:00:00Z', onsetDateTime: '2014-01-01T00:00:00Z' }), '2016-01-02'],
    ['a Condition with an onset only', { ...icd10Condition('I10', { onsetDateTime: '2016-02-03T00:00:00Z' }), recordedDate: undefined } as Condition, '2016-02-03'],
    ['a Condition recorded in a year only: its first day', icd10Condition('I10', { recordedDate: '2015' }), '2015-01-01'],
    ['a Condition of no date', { ...icd10Condition('I10'), recordedDate: undefined, onsetDateTime: undefined } as Condition, undefined],
  ])('%s', (_scenario, resource, expected) => {
    const record = PatientRecord.fromResources([stayOf2015, resource]);
    expect(dateOfService(record, resource)).toBe(expected);
  });

  it.each<[string | undefined, CodeSetEra, number | undefined]>([
    ['2015-09-30', 'icd-9-cm', 2015], ['2015-10-01', 'earlier-fy', 2016], ['2025-09-30', 'earlier-fy', 2025],
    ['2025-10-01', 'fy2026', 2026], ['2026-09-30', 'fy2026', 2026], ['2026-10-01', 'fy2026', 2027], [undefined, 'fy2026', undefined],
  ])('%s is judged as %s (FY%s)', (date, era, fiscalYear) => {
    expect(codeSetEra(date)).toBe(era);
    if (date) expect(fiscalYearOf(date)).toBe(fiscalYear);
  });
});

describe('the coding checks judge the diagnoses of the review, not the whole problem list', () => {
  // A type 2 diabetes recorded in 1978, still active, coded E11 (a header); a 2021 admission for pneumonia.
  // The same problem recorded in 2017 (an ICD-10-CM date of service) is left out for the same reason.
  const problem = (recorded = '1978-04-01T00:00:00Z') => icd10Condition('E11', { id: 'dm-1978', recordedDate: recorded, onsetDateTime: recorded });
  const RECORDED_2017 = '2017-05-01T00:00:00Z';
  const pneumonia = () => icd10Condition('J18.9', { id: 'pna-21', encounter: 'enc-21', recordedDate: '2021-03-01T10:00:00Z' });
  const admission = (...others: string[]) => encounter('enc-21', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z', 'IMP', {
    diagnosis: ['pna-21', ...others].map((id, i) => ({ condition: { reference: `Condition/${id}` }, rank: i + 1 })),
  });
  const NOW_2021 = '2021-03-15T12:00:00Z';
  const codingFindings = (resources: Resource[], encounterId?: string) =>
    run([...CODING_DISCREPANCY_RULES], resources, { now: NOW_2021, encounterId }).map(kindOf);

  it.each<[string, () => Resource[], string | undefined, string[]]>([
    ['the 1978 Condition in a 2021 review without launch encounter', () => [problem()], undefined, []],
    ['the same Condition recorded in 2017, in a 2021 review without launch encounter', () => [problem(RECORDED_2017)], undefined, []],
    ['the 1978 Condition in a 2021 admission it is not a diagnosis of', () => [admission(), pneumonia(), problem()], 'enc-21', []],
    ['the same Condition recorded in 2017, in a 2021 admission it is not a diagnosis of', () => [admission(), pneumonia(), problem(RECORDED_2017)], 'enc-21', []],
    ['the 1978 Condition listed as a diagnosis of the 2021 admission', () => [admission('dm-1978'), pneumonia(), problem()], 'enc-21', ['non-billable-code']],
    ['the 1978 Condition billed on the claim of the 2021 admission', () => [admission(), pneumonia(), problem(),
      claimCiting([pneumonia(), problem()], '2021-03-08T12:00:00Z', 'enc-21')], 'enc-21', ['non-billable-code']],
    ['the 1978 Condition billed on a 2021 claim of another encounter, launched in the admission', () => [admission(), pneumonia(), problem(),
      encounter('enc-other', '2021-03-02T08:00:00Z', '2021-03-02T09:00:00Z', 'AMB'), claimCiting([problem()], '2021-03-02T12:00:00Z', 'enc-other')], 'enc-21', []],
    ['E11 recorded in the 2021 window', () => [icd10Condition('E11', { recordedDate: '2021-03-02T00:00:00Z' })], undefined, ['non-billable-code']],
  ])('%s', (_scenario, resources, encounterId, kinds) => {
    expect(codingFindings(resources(), encounterId)).toEqual(kinds);
  });

  it('still counts the 1978 Condition as documenting diabetes for the gap rules', () => {
    const metformin = medicationRequest('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', '2021-03-02T10:00:00Z');
    const gap = (resources: Resource[]) => run(antidiabeticWithoutIndication, [admission(), pneumonia(), metformin, ...resources], { now: NOW_2021, encounterId: 'enc-21' });
    expect(gap([])).toHaveLength(1);
    expect(gap([problem()])).toEqual([]);
    expect(codingFindings([admission(), pneumonia(), metformin, problem()], 'enc-21')).toEqual([]);
    expect(gap([problem(RECORDED_2017)])).toEqual([]);
    expect(codingFindings([admission(), pneumonia(), metformin, problem(RECORDED_2017)], 'enc-21')).toEqual([]);
  });
});
