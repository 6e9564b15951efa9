import { beforeAll, describe, expect, it } from 'vitest';
import { loadIcd10Cm, matchesIcd10Target, undottedIcd10, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import {
  ANTICOAGULATION_INDICATIONS, CORONARY_OR_PERIPHERAL_ARTERY_DISEASE, DIABETES_INDICATIONS, FEMALE_ONLY_INDICATION_OPTIONS,
  HEART_FAILURE_INDICATIONS, HEART_FAILURE_OR_CKD_INDICATIONS, HIP_OR_KNEE_ARTHROPLASTY_TEXT, INDICATION_OPTION,
  INSULIN_OTHER_INDICATIONS, LOOP_DIURETIC_INDICATIONS, METFORMIN_OTHER_INDICATIONS, POTASSIUM_REPLACEMENT_INDICATIONS,
  THYROID_HORMONE_INDICATIONS, WEIGHT_MANAGEMENT_INDICATIONS,
} from '../../src/terminology/indications';
import type { DiagnosisTarget } from '../../src/terminology/diagnoses';
import { snomedMapping } from '../../src/terminology/snomed-icd10cm';
// The MCE sex edits live with the coding check that applies them; the options must agree with them.
import { FEMALE_ONLY_CODES, MALE_ONLY_CODES } from '../../src/rules/coding/code-demographics';

let table: Icd10CmTable;
beforeAll(async () => void (table = await loadIcd10Cm()));

const SETS: Array<[string, DiagnosisTarget]> = Object.entries({
  DIABETES_INDICATIONS, THYROID_HORMONE_INDICATIONS, ANTICOAGULATION_INDICATIONS, LOOP_DIURETIC_INDICATIONS,
  POTASSIUM_REPLACEMENT_INDICATIONS, METFORMIN_OTHER_INDICATIONS, WEIGHT_MANAGEMENT_INDICATIONS, HEART_FAILURE_OR_CKD_INDICATIONS,
  HEART_FAILURE_INDICATIONS, INSULIN_OTHER_INDICATIONS, CORONARY_OR_PERIPHERAL_ARTERY_DISEASE,
});

/** Whether an ICD-10-CM code documents the set (the engine's prefix match, dot or no dot). */
const documents = (set: DiagnosisTarget, code: string) => set.icd10.some((prefix) => undottedIcd10(code).startsWith(undottedIcd10(prefix)));

describe('indication sets', () => {
  it.each(SETS)('%s names both ICD-10-CM prefixes and SNOMED CT codes, each once', (_name, set) => {
    expect(set.icd10.length).toBeGreaterThan(0);
    expect(set.snomed.length).toBeGreaterThan(0);
    expect(new Set(set.icd10).size).toBe(set.icd10.length);
    expect(new Set(set.snomed).size).toBe(set.snomed.length);
  });

  it.each(SETS)('%s: every ICD-10-CM prefix is an FY2026 code or category', (_name, set) => {
    expect(set.icd10.filter((prefix) => table.lookup(prefix) === undefined)).toEqual([]);
  });

  it.each(SETS)('%s: every SNOMED CT code maps (Alphabetic Index) into the set\'s own ICD-10-CM prefixes', (_name, set) => {
    const strays = set.snomed.filter((code) => {
      const icd10 = snomedMapping(code)?.icd10;
      return icd10 === undefined || !documents(set, icd10);
    });
    expect(strays).toEqual([]);
  });

  it.each<[string, DiagnosisTarget, string]>([
    ['gestational diabetes (O24.410)', DIABETES_INDICATIONS, 'O24.410'],
    ['diabetes after pancreatectomy (E89.1)', DIABETES_INDICATIONS, 'E89.1'],
    ['thyroid cancer in remission (Z85.850)', THYROID_HORMONE_INDICATIONS, 'Z85.850'],
    ['a history of venous thrombosis (Z86.718)', ANTICOAGULATION_INDICATIONS, 'Z86.718'],
    ['heparin-induced thrombocytopenia (D75.82)', ANTICOAGULATION_INDICATIONS, 'D75.82'],
    ['alcoholic cirrhosis with ascites (K70.31)', LOOP_DIURETIC_INDICATIONS, 'K70.31'],
    ['diabetic ketoacidosis (E11.10)', POTASSIUM_REPLACEMENT_INDICATIONS, 'E11.10'],
  ])('counts %s as an indication', (_scenario, set, code) => {
    expect(documents(set, code)).toBe(true);
  });

  it.each<[string, DiagnosisTarget, string]>([
    ['ischemic stroke alone for an anticoagulant (AHA/ASA 2021)', ANTICOAGULATION_INDICATIONS, 'I63.9'],
    ['a benign thyroid nodule for levothyroxine (label)', THYROID_HORMONE_INDICATIONS, 'E04.1'],
    ['an iodine-deficiency goiter for levothyroxine (label)', THYROID_HORMONE_INDICATIONS, 'E01.0'],
    ['acute kidney failure for a loop diuretic (KDIGO 2012)', LOOP_DIURETIC_INDICATIONS, 'N17.9'],
    ['obesity for metformin', METFORMIN_OTHER_INDICATIONS, 'E66.9'],
    ['hyperkalemia for potassium chloride', POTASSIUM_REPLACEMENT_INDICATIONS, 'E87.5'],
  ])('does not count %s', (_scenario, set, code) => {
    expect(documents(set, code)).toBe(false);
  });
});

describe('indication options', () => {
  // CMS abbreviates these two in the order file's short title; the option carries the long title.
  const SHORT_TITLES: Record<string, string> = {
    'E09.9': 'Drug or chemical induced diabetes mellitus w/o complications',
    'I82.409': 'Acute embolism and thombos unsp deep vn unsp lower extremity',
  };

  it.each(Object.values(INDICATION_OPTION).map((o) => [o.icd10, o] as const))('%s is a billable FY2026 code with its title', (code, option) => {
    expect(table.lookup(code)).toEqual({ code, billable: true, title: SHORT_TITLES[code] ?? option.text });
  });

  it('keeps from male patients exactly the options the MCE restricts to females, and restricts none to males', () => {
    const codes = Object.values(INDICATION_OPTION).map((o) => o.icd10);
    const inGroups = (groups: readonly { target: string }[]) => codes.filter((code) => groups.some((g) => matchesIcd10Target(code, g.target)));
    expect(inGroups(FEMALE_ONLY_CODES)).toEqual([...FEMALE_ONLY_INDICATION_OPTIONS]);
    expect(inGroups(MALE_ONLY_CODES)).toEqual([]);
  });
});

describe('hip or knee arthroplasty named in text', () => {
  it.each([
    'Total knee replacement',
    'Arthroplasty, acetabular and proximal femoral prosthetic replacement (total hip arthroplasty)',
    'Replacement of left hip joint',
    'KNEE ARTHROPLASTY, TOTAL',
  ])('recognizes %j', (text) => {
    expect(HIP_OR_KNEE_ARTHROPLASTY_TEXT.test(text)).toBe(true);
  });

  it.each([
    'Arthroscopy of knee',
    'Open reduction of hip fracture',
    'Aortic valve replacement',
    'Shoulder arthroplasty',
  ])('does not take %j for one', (text) => {
    expect(HIP_OR_KNEE_ARTHROPLASTY_TEXT.test(text)).toBe(false);
  });
});
