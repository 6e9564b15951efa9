/**
 * The mention dictionary as built (src/notes/diagnosis-terms.ts): no two entries disagree, every entry finds
 * itself, every code is billable in FY2026, the SNOMED CT map's displays are read as their codes, and every
 * diagnosis the documentation-gap and medication-indication rules ask about has words in it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DICTIONARY_CONFLICTS, MENTION_DICTIONARY, PRESSURE_ULCER_SITE_PHRASES, PRESSURE_ULCER_STAGE_PHRASES, SKIPPED_SNOMED, withoutSemanticTag,
} from '../../src/notes/diagnosis-terms';
import { findMentions } from '../../src/notes/mentions';
import { loadIcd10Cm, matchesIcd10Target, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import { SNOMED_TO_ICD10CM } from '../../src/terminology/snomed-icd10cm';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

const codes = [...new Set(MENTION_DICTIONARY.flatMap((term) => (term.diagnosis ? [term.diagnosis.icd10] : [])))];

describe('the mention dictionary', () => {
  it('has no two entries with the same words and different codes', () => {
    expect(DICTIONARY_CONFLICTS.map((c) => `${c.words}: ${c.kept.diagnosis?.icd10} (${c.kept.source}) vs ${c.dropped.diagnosis?.icd10} (${c.dropped.source})`)).toEqual([]);
  });

  it('holds a few thousand ways of writing some three hundred codes', () => {
    expect(MENTION_DICTIONARY.length).toBeGreaterThan(3000);
    expect(codes.length).toBeGreaterThan(250);
  });

  it('names only codes that are billable in ICD-10-CM FY2026, dotted as the table writes them', () => {
    expect(codes.filter((code) => icd10cm.lookup(code)?.billable !== true || icd10cm.lookup(code)!.code !== code)).toEqual([]);
  });

  it('finds every entry as itself: the whole words, its code (and nothing for a phrase that names no diagnosis)', () => {
    const problems = MENTION_DICTIONARY.flatMap((term) => {
      const found = findMentions(term.words);
      const expected = term.diagnosis ? [[term.words, term.diagnosis.icd10]] : [];
      const actual = found.map((m) => [m.words, m.diagnosis.icd10]);
      return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`${term.words} (${term.source}): ${JSON.stringify(actual)}`];
    });
    expect(problems).toEqual([]);
  });

  it('reads the pressure-ulcer site and stage phrases it continues with, and each names a billable code', () => {
    expect(PRESSURE_ULCER_SITE_PHRASES.length).toBeGreaterThan(50);
    for (const site of PRESSURE_ULCER_SITE_PHRASES) {
      for (const stage of PRESSURE_ULCER_STAGE_PHRASES) {
        const [mention] = findMentions(`pressure injury ${site.words}${stage.words.startsWith(',') ? '' : ' '}${stage.words}`);
        expect(mention, `${site.words} ${stage.words}`).toBeDefined();
        expect(mention!.diagnosis.icd10.replace('.', '').startsWith(site.value), `${site.words} ${stage.words}`).toBe(true);
        expect(icd10cm.lookup(mention!.diagnosis.icd10)?.billable).toBe(true);
      }
    }
  });
});

describe('the SNOMED CT map\'s displays (src/terminology/snomed-icd10cm.ts)', () => {
  const rows = [...SNOMED_TO_ICD10CM.values()].filter((row) => row.icd10 !== undefined && !Object.hasOwn(SKIPPED_SNOMED, row.snomed));

  it.each(rows.map((row) => [row.display, row.icd10!, row.snomed] as const))('reads "%s" (as Synthea writes it, lower case) as %s', (display, icd10) => {
    const words = withoutSemanticTag(display).toLowerCase();
    const found = findMentions(`${words} (disorder)`);
    expect(found.map((m) => [m.words, m.diagnosis.icd10])).toEqual([[words, icd10]]);
    expect(found[0]!.diagnosis.snomed).toBeDefined();
  });

  it('skips only concepts of the map, each for a stated reason', () => {
    for (const [code, why] of Object.entries(SKIPPED_SNOMED)) {
      expect(SNOMED_TO_ICD10CM.has(code), code).toBe(true);
      expect(why.length, code).toBeGreaterThan(20);
    }
  });

  it('removes the semantic tag from a display', () => {
    expect(withoutSemanticTag('Chronic kidney disease stage 3 (disorder)')).toBe('Chronic kidney disease stage 3');
    expect(withoutSemanticTag('Body mass index 30+ - obesity (finding)')).toBe('Body mass index 30+ - obesity');
    expect(withoutSemanticTag('Stroke')).toBe('Stroke');
  });
});

/**
 * Every diagnosis the rules ask about (isDocumented / documentedBy / documentedDiagnoses targets in
 * src/rules/gaps/*.ts, src/terminology/diagnoses.ts and indications.ts), with words that name it and the
 * target (ICD-10-CM prefix) the mention must fall under.
 */
const RULE_TARGETS: Array<[rule: string, words: string, target: string]> = [
  ['electrolytes: hyponatremia', 'hyponatremia', 'E87.1'],
  ['electrolytes: hyponatremia (SIADH)', 'SIADH', 'E22.2'],
  ['electrolytes: hypokalemia', 'hypokalemia', 'E87.6'],
  ['electrolytes: hyperkalemia', 'hyperkalemia', 'E87.5'],
  ['hematology: anemia', 'anemia', 'D64'],
  ['hematology: anemia of CKD', 'anemia of CKD', 'D63'],
  ['hematology: iron deficiency anemia', 'iron deficiency anemia', 'D50'],
  ['hematology: acute posthemorrhagic anemia', 'acute blood loss anemia', 'D62'],
  ['hematology: thrombocytopenia', 'thrombocytopenia', 'D69.6'],
  ['hematology: ITP', 'ITP', 'D69.3'],
  ['hematology: HIT', 'heparin-induced thrombocytopenia', 'D75.82'],
  ['hematology: TTP', 'thrombotic thrombocytopenic purpura', 'M31.1'],
  ['hematology: pancytopenia', 'pancytopenia', 'D61.81'],
  ['hematology: malignant neoplasm', 'malignancy', 'C'],
  ['renal: AKI', 'AKI', 'N17'],
  ['renal: acute tubular necrosis', 'acute tubular necrosis', 'N17'],
  ['ckd: unstaged', 'chronic kidney disease', 'N18.9'],
  ['ckd: staged', 'CKD stage 3b', 'N18.32'],
  ['ckd: ESRD', 'ESRD', 'N18.6'],
  ['ckd: dialysis dependence', 'dialysis dependent', 'Z99.2'],
  ['sepsis: sepsis', 'sepsis', 'A41'],
  ['sepsis: severe sepsis', 'severe sepsis', 'R65.2'],
  ['sepsis: septic shock', 'septic shock', 'R65.21'],
  ['sepsis: streptococcal sepsis', 'streptococcal sepsis', 'A40'],
  ['sepsis: infection (pneumonia)', 'pneumonia', 'J18'],
  ['sepsis: infection (UTI)', 'UTI', 'N39.0'],
  ['sepsis: infection (cellulitis)', 'cellulitis', 'L03'],
  ['sepsis: infection (COVID-19)', 'COVID-19', 'U07.1'],
  ['sepsis: infection (bacteremia)', 'bacteremia', 'R78.81'],
  ['respiratory failure: acute', 'acute respiratory failure', 'J96.0'],
  ['respiratory failure: with hypoxia', 'acute hypoxic respiratory failure', 'J96.01'],
  ['respiratory failure: with hypercapnia', 'acute respiratory failure with hypercapnia', 'J96.02'],
  ['respiratory failure: acute on chronic', 'acute on chronic respiratory failure', 'J96.2'],
  ['respiratory failure: chronic', 'chronic respiratory failure', 'J96.1'],
  ['respiratory failure: ARDS', 'ARDS', 'J80'],
  ['heart failure: without type', 'CHF', 'I50.9'],
  ['heart failure: left ventricular', 'left ventricular failure', 'I50.1'],
  ['heart failure: systolic', 'HFrEF', 'I50.2'],
  ['heart failure: diastolic', 'diastolic heart failure', 'I50.3'],
  ['heart failure: combined', 'combined systolic and diastolic heart failure', 'I50.4'],
  ['heart failure: other (right)', 'right heart failure', 'I50.8'],
  ['nutrition: obesity', 'obesity', 'E66'],
  ['nutrition: morbid obesity', 'morbid obesity', 'E66.01'],
  ['nutrition: obesity class 3', 'class 3 obesity', 'E66.813'],
  ['nutrition: severe malnutrition', 'severe protein-calorie malnutrition', 'E43'],
  ['nutrition: moderate malnutrition', 'moderate malnutrition', 'E44.0'],
  ['nutrition: mild malnutrition', 'mild malnutrition', 'E44.1'],
  ['nutrition: malnutrition', 'malnutrition', 'E46'],
  ['pressure ulcer: unstaged', 'pressure ulcer of the sacrum', 'L89.159'],
  ['pressure ulcer: staged', 'stage 3 pressure injury of the right heel', 'L89.613'],
  ['diabetes: type 2 without complications', 'type 2 diabetes', 'E11.9'],
  ['diabetes: unstated type', 'diabetes mellitus', 'E11.9'],
  ['diabetes: type 1', 'T1DM', 'E10'],
  ['diabetes: with CKD', 'diabetic kidney disease', 'E11.2'],
  ['diabetes: with neuropathy', 'diabetic neuropathy', 'E11.4'],
  ['diabetes: polyneuropathy alone', 'polyneuropathy', 'G62.9'],
  ['diabetes: with retinopathy', 'diabetic retinopathy', 'E11.3'],
  ['diabetes: retinopathy alone', 'retinopathy', 'H35.00'],
  ['diabetes: peripheral arterial disease', 'PAD', 'I73.9'],
  ['diabetes: gastroparesis alone', 'gastroparesis', 'K31.84'],
  ['diabetes: with gastroparesis', 'diabetic gastroparesis', 'E11.43'],
  ['indication: atrial fibrillation', 'afib', 'I48'],
  ['indication: atrial flutter', 'atrial flutter', 'I48'],
  ['indication: pulmonary embolism', 'pulmonary embolism', 'I26'],
  ['indication: DVT', 'DVT', 'I82'],
  ['indication: venous thromboembolism', 'VTE', 'I82'],
  ['indication: intracardiac thrombus', 'LV thrombus', 'I51.3'],
  ['indication: prosthetic heart valve', 'mechanical heart valve', 'Z95.2'],
  ['indication: thrombophilia', 'factor V Leiden', 'D68.5'],
  ['indication: hypothyroidism', 'hypothyroidism', 'E03'],
  ['indication: Hashimoto thyroiditis', "Hashimoto's thyroiditis", 'E06.3'],
  ['indication: postsurgical hypothyroidism', 'postsurgical hypothyroidism', 'E89.0'],
  ['indication: thyroid cancer', 'malignant tumor of thyroid gland', 'C73'],
  ['indication: edema', 'edema', 'R60'],
  ['indication: peripheral edema', 'pedal edema', 'R60'],
  ['indication: pulmonary edema', 'pulmonary edema', 'J81'],
  ['indication: fluid overload', 'volume overload', 'E87.7'],
  ['indication: hypertension', 'HTN', 'I10'],
  ['indication: hypertensive heart disease', 'hypertensive heart disease', 'I11'],
  ['indication: nephrotic syndrome', 'nephrotic syndrome', 'N04'],
  ['indication: ascites', 'ascites', 'R18'],
  ['indication: gestational diabetes', 'gestational diabetes', 'O24'],
  ['indication: prediabetes', 'prediabetes', 'R73.03'],
  ['indication: PCOS', 'PCOS', 'E28.2'],
  ['indication: metabolic syndrome', 'metabolic syndrome', 'E88.81'],
  ['indication: hyperglycemia', 'hyperglycemia', 'R73.9'],
  ['indication: coronary artery disease', 'CAD', 'I25'],
  ['indication: diabetic ketoacidosis', 'DKA', 'E11.1'],
];

describe('covers every diagnosis the rules ask about', () => {
  it.each(RULE_TARGETS)('%s: "%s" falls under %s', (_rule, words, target) => {
    const found = findMentions(words);
    expect(found.map((m) => m.words)).toEqual([words]);
    expect(matchesIcd10Target(found[0]!.diagnosis.icd10, target.replace('.', ''))).toBe(true);
  });
});
